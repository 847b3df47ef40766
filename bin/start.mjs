#!/usr/bin/env node
// npm start: build, then open the desktop app on the bundled sample; without an Electron binary, the browser studio.
import { spawn, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { electronBinary } from './electron-binary.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
// The same build as `npm run build`: the CLI bundle, then main, preload and renderer.
const npm = process.env.npm_execpath ? [process.execPath, [process.env.npm_execpath]] : ['npm', []];
const build = spawnSync(npm[0], [...npm[1], 'run', 'build'], { cwd: root, stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);

const args = process.argv.slice(2);
const electron = await electronBinary(root);
if (!('path' in electron)) {
  console.log(`segstudio: ${electron.missing}; starting the browser studio instead (segstudio serve --open)`);
}
const child = 'path' in electron
  ? spawn(electron.path, ['.', ...args], { cwd: root, stdio: 'inherit' })
  : spawn(process.execPath, ['bin/segstudio.mjs', 'serve', '--open', ...args], { cwd: root, stdio: 'inherit' });
child.on('exit', (code) => process.exit(code ?? 0));
