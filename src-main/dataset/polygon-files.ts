import { walkFiles, type WalkResult } from '../util/walk-files';

export const POLYGONS_SUFFIX = '_polygons.json';

/**
 * All `*_polygons.json` under `root`, sorted, following links as every folder input does
 * (`walkFiles`), skipping hidden folders, node_modules and any folder named in `skipFolders`; folders
 * that cannot be read are reported, not fatal.
 */
export function findPolygonFiles(root: string, skipFolders: ReadonlySet<string> = new Set()): Promise<WalkResult> {
  return walkFiles(root, { accept: (name) => name.endsWith(POLYGONS_SUFFIX), skipFolder: (_, name) => skipFolders.has(name) });
}
