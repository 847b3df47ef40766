import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

export type CliEntry = 'bundle (out/cli)' | 'TypeScript source (no bundle in out/cli)' | 'TypeScript source (out/cli is older than the sources)';

/**
 * What `bin/segstudio.mjs` will run, by the same rule it uses: the esbuild bundle in out/cli when it
 * is newer than every source file, the TypeScript source through tsx otherwise. Start-up differs by
 * more than half a second between the two, so a timing must say which one it measured.
 */
export function cliEntry(repo: string): CliEntry {
  const bundle = join(repo, 'out', 'cli', 'main.mjs');
  if (!existsSync(bundle)) return 'TypeScript source (no bundle in out/cli)';
  const newestSource = Math.max(newestSourceMtime(join(repo, 'src-main')), newestSourceMtime(join(repo, 'src-shared')));
  return statSync(bundle).mtimeMs >= newestSource ? 'bundle (out/cli)' : 'TypeScript source (out/cli is older than the sources)';
}

function newestSourceMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSourceMtime(path));
    else if (/\.(ts|mjs)$/.test(entry.name) && !entry.name.includes('.test.')) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}
