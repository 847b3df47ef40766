import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The package root: the nearest folder above this module with package.json (works from src-main/ and from out/main/). */
function findPackageRoot(start: string): string {
  let dir = start;
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`no package.json above ${start}`);
    dir = parent;
  }
  return dir;
}

export const PACKAGE_ROOT = findPackageRoot(dirname(fileURLToPath(import.meta.url)));
export const SAMPLE_DATASET = join(PACKAGE_ROOT, 'resources', 'sample-cityscapes');
export const RENDERER_DIR = join(PACKAGE_ROOT, 'out', 'renderer');

/**
 * Where the database and run artifacts live: `--data-dir`, else $SEGSTUDIO_DATA_DIR, else the same
 * per-user folder Electron's app.getPath('userData') gives, so the CLI and the app share history.
 */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.SEGSTUDIO_DATA_DIR) return env.SEGSTUDIO_DATA_DIR;
  if (process.platform === 'win32') return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), 'segstudio');
  if (process.platform === 'darwin') return join(homedir(), 'Library', 'Application Support', 'segstudio');
  return join(env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), 'segstudio');
}
