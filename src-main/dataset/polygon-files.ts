import { readdir } from 'node:fs/promises';
import { join } from 'node:path';

export const POLYGONS_SUFFIX = '_polygons.json';

/**
 * All `*_polygons.json` under `root`, sorted, skipping hidden folders, node_modules and any folder
 * named in `skipFolders`.
 */
export async function findPolygonFiles(root: string, skipFolders: ReadonlySet<string> = new Set()): Promise<string[]> {
  const found: string[] = [];
  const walk = async (dir: string): Promise<void> => {
    const entries = await readdir(dir, { withFileTypes: true });
    for (const entry of entries) {
      if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (!skipFolders.has(entry.name)) await walk(path);
      } else if (entry.isFile() && entry.name.endsWith(POLYGONS_SUFFIX)) {
        found.push(path);
      }
    }
  };
  await walk(root);
  return found.sort();
}
