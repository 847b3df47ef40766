#!/usr/bin/env node
// npm start: build, then open the desktop app on the bundled sample; without an Electron binary, the browser studio.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
// The same build as `npm run build`: the CLI bundle, then main, preload and renderer.
const npm = process.env.npm_execpath ? [process.execPath, [process.env.npm_execpath]] : ['npm', []];
const build = spawnSync(npm[0], [...npm[1], 'run', 'build'], { cwd: root, stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);

const args = process.argv.slice(2);
const electron = electronBinary();
const child = electron
  ? spawn(electron, ['.', ...args], { cwd: root, stdio: 'inherit' })
  : spawn(process.execPath, ['bin/segstudio.mjs', 'serve', '--open', ...args], { cwd: root, stdio: 'inherit' });
child.on('exit', (code) => process.exit(code ?? 0));

function electronBinary() {
  try {
    const path = createRequire(import.meta.url)('electron');
    if (typeof path === 'string' && existsSync(path)) return path;
  } catch {
    // fall through: no electron package at all
  }
  console.log('segstudio: the Electron binary is not installed (its download is blocked on this network); starting the browser studio instead (segstudio serve --open)');
  return null;
}
