// Whether out/cli (the esbuild bundle of the CLI) may run: it exists and is newer than every source file.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** 'fresh', 'missing' or 'stale' for the bundle under `root`. */
export function cliBundleState(root) {
  const bundle = join(root, 'out', 'cli', 'main.mjs');
  if (!existsSync(bundle)) return 'missing';
  const newestSource = Math.max(newestSourceMtime(join(root, 'src-main')), newestSourceMtime(join(root, 'src-shared')));
  return statSync(bundle).mtimeMs >= newestSource ? 'fresh' : 'stale';
}

function newestSourceMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSourceMtime(path));
    else if (/\.(ts|mjs)$/.test(entry.name) && !entry.name.includes('.test.')) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}
