#!/usr/bin/env node
// Runs the bundled CLI (out/cli, built by `npm install` / `npm run build`) when it is newer than every
// source file, and the TypeScript source through tsx otherwise, so an edit never runs stale code.
import { fileURLToPath } from 'node:url';
import { cliBundleState } from './cli-bundle.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
if (cliBundleState(root) === 'fresh') {
  await import('../out/cli/main.mjs');
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../src-main/cli/main.ts');
}
