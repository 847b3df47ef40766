// Finds the Electron binary, downloading it on first use. `npm install` never runs electron's own
// download script (package.json's allowScripts denies it), so an install succeeds on networks that
// block the download; `npm start` asks for the binary here instead and falls back to the browser studio.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

const DOWNLOAD_TIMEOUT_MS = 5 * 60_000;

/** `{ path }` of a runnable Electron, or `{ missing }`: one line saying why there is none. */
export async function electronBinary(root) {
  const require = createRequire(join(root, 'package.json'));
  let packageDir;
  try {
    packageDir = join(require.resolve('electron/package.json'), '..');
  } catch {
    return { missing: 'the electron package is not installed (npm install installs it)' };
  }
  const found = installedPath(require);
  if (found) return { path: found };
  console.log('segstudio: downloading the Electron binary (once)…');
  const outcome = await runInstaller(join(packageDir, 'install.js'));
  return installedPath(require) ? { path: installedPath(require) } : { missing: `the Electron binary could not be downloaded (${outcome})` };
}

function installedPath(require) {
  try {
    // electron's index.js throws when its binary is absent and returns the binary's path otherwise.
    const path = require('electron');
    return typeof path === 'string' && existsSync(path) ? path : null;
  } catch {
    return null;
  }
}

/** Runs electron's own installer and reduces a failure to its last meaningful line. */
function runInstaller(script) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [script], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ELECTRON_SKIP_BINARY_DOWNLOAD: '' } });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    const timer = setTimeout(() => child.kill(), DOWNLOAD_TIMEOUT_MS);
    child.on('error', (error) => resolve(error.message));
    child.on('exit', (code) => {
      clearTimeout(timer);
      const reason = output.split('\n').map((line) => line.trim()).find((line) => /^\w*Error\b|ENOTFOUND|ECONN|ETIMEDOUT/.test(line));
      resolve(code === 0 ? 'the installer finished without it' : reason ?? (code === null ? 'timed out' : `installer exit code ${code}`));
    });
  });
}
