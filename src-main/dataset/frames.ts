import { access } from 'node:fs/promises';
import { basename, join, relative, resolve, sep } from 'node:path';
import { POLYGONS_SUFFIX, findPolygonFiles } from './polygon-files';

const GT_FOLDERS = new Set(['gtFine', 'gtCoarse']);
const PHOTO_EXTENSIONS = ['.png', '.jpg', '.jpeg'];

export interface FrameEntry {
  /** Path of `<dir>/<stem>` relative to the dataset root, with forward slashes: unique and stable. */
  readonly id: string;
  readonly split: string;
  readonly city: string;
  /** The frame's name without the `_gtFine` part, e.g. `aachen_000000_000019`. */
  readonly stem: string;
  readonly jsonPath: string;
  /** Where photo and official masks may be, most likely first; checked when the frame is opened. */
  readonly photoCandidates: readonly string[];
  readonly officialColor: string;
  readonly officialLabelIds: string;
}

/**
 * Lists the frames of a dataset folder from file names alone (no file is opened), so a 5,000-frame
 * tree opens at once: a Cityscapes root (gtFine + leftImg8bit) or any tree of `*_polygons.json`
 * with photos beside them.
 */
export async function scanFrames(root: string): Promise<FrameEntry[]> {
  const absoluteRoot = resolve(root);
  // Cityscapes' photo tree holds no annotations and thousands of files: not worth listing.
  const files = await findPolygonFiles(absoluteRoot, new Set(['leftImg8bit']));
  return files.map((path) => describeFrame(absoluteRoot, path)).sort((a, b) => a.id.localeCompare(b.id));
}

export function describeFrame(root: string, jsonPath: string): FrameEntry {
  const dir = jsonPath.slice(0, -basename(jsonPath).length - 1);
  const fullStem = basename(jsonPath).slice(0, -POLYGONS_SUFFIX.length);
  const stem = fullStem.replace(/_(gtFine|gtCoarse)$/, '');
  const parts = relative(root, dir).split(sep).filter(Boolean);
  const underGt = parts.length > 0 && GT_FOLDERS.has(parts[0]);
  const split = underGt ? (parts[1] ?? '.') : parts.length > 1 ? parts[0] : '.';
  const city = underGt ? (parts[2] ?? '.') : (parts[parts.length - 1] ?? '.');
  const beside = [`${stem}_leftImg8bit`, stem].flatMap((name) => PHOTO_EXTENSIONS.map((ext) => join(dir, name + ext)));
  const photoCandidates = underGt
    ? [join(root, 'leftImg8bit', ...parts.slice(1), `${stem}_leftImg8bit.png`), ...beside]
    : beside;
  return {
    id: [...parts, fullStem].join('/'),
    split,
    city,
    stem,
    jsonPath,
    photoCandidates,
    officialColor: join(dir, `${fullStem}_color.png`),
    officialLabelIds: join(dir, `${fullStem}_labelIds.png`),
  };
}

export async function firstExisting(paths: readonly string[]): Promise<string | null> {
  for (const path of paths) {
    if (await access(path).then(() => true, () => false)) return path;
  }
  return null;
}
