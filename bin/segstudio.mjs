#!/usr/bin/env node
// Runs the bundled CLI (out/cli, built by `npm install` / `npm run build`) when it is newer than every
// source file, and the TypeScript source through tsx otherwise, so an edit never runs stale code.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const bundle = join(root, 'out/cli/main.mjs');

function newestSourceMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSourceMtime(path));
    else if (/\.(ts|mjs)$/.test(entry.name) && !entry.name.includes('.test.')) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

const isBundleFresh = existsSync(bundle) &&
  statSync(bundle).mtimeMs >= Math.max(newestSourceMtime(join(root, 'src-main')), newestSourceMtime(join(root, 'src-shared')));
if (isBundleFresh) {
  await import(bundle);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../src-main/cli/main.ts');
}
