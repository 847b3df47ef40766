import { access } from 'node:fs/promises';
import { basename, join, relative, resolve, sep } from 'node:path';
import { readDatasetManifest } from './manifest';
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
 * Lists the frames of a dataset folder from file names alone (no photo or annotation is opened), so a
 * 5,000-frame tree opens at once: a Cityscapes root (gtFine + leftImg8bit) or any tree of
 * `*_polygons.json` with photos beside them. A `segstudio.dataset.json` at the root may point the
 * photos at another folder (`readDatasetManifest`).
 */
export async function scanFrames(root: string): Promise<FrameEntry[]> {
  return (await scanDataset(root)).frames;
}

/**
 * `scanFrames`, with the folders that could not be read (one line each, naming the folder) for the user
 * to see, and the folder the photos are looked for in (the manifest's, else `<root>/leftImg8bit`).
 */
export async function scanDataset(root: string): Promise<{ frames: FrameEntry[]; problems: string[]; photos: string }> {
  const absoluteRoot = resolve(root);
  const { photos } = await readDatasetManifest(absoluteRoot);
  // Cityscapes' photo tree holds no annotations and thousands of files: not worth listing.
  const { files, problems } = await findPolygonFiles(absoluteRoot, new Set(['leftImg8bit']));
  const frames = files.map((path) => describeFrame(absoluteRoot, path, photos)).sort((a, b) => a.id.localeCompare(b.id));
  return { frames, problems: problems.map(({ path, reason }) => `${path}: ${reason}`), photos };
}

/**
 * A frame from its polygon file's path. Its photo is looked for under `photos` (`<root>/leftImg8bit`
 * unless the dataset's manifest names another folder), mirroring the gtFine tree below the split for a
 * Cityscapes root and the whole tree otherwise, then beside the polygons.
 */
export function describeFrame(root: string, jsonPath: string, photos: string = join(root, 'leftImg8bit')): FrameEntry {
  const dir = jsonPath.slice(0, -basename(jsonPath).length - 1);
  const fullStem = basename(jsonPath).slice(0, -POLYGONS_SUFFIX.length);
  const stem = fullStem.replace(/_(gtFine|gtCoarse)$/, '');
  const parts = relative(root, dir).split(sep).filter(Boolean);
  const underGt = parts.length > 0 && GT_FOLDERS.has(parts[0]);
  const split = underGt ? (parts[1] ?? '.') : parts.length > 1 ? parts[0] : '.';
  const city = underGt ? (parts[2] ?? '.') : (parts[parts.length - 1] ?? '.');
  const names = [`${stem}_leftImg8bit`, stem];
  const beside = names.flatMap((name) => PHOTO_EXTENSIONS.map((ext) => join(dir, name + ext)));
  const isElsewhere = photos !== join(root, 'leftImg8bit');
  const photoCandidates = underGt
    ? [join(photos, ...parts.slice(1), `${stem}_leftImg8bit.png`), ...beside]
    : isElsewhere ? [...names.flatMap((name) => PHOTO_EXTENSIONS.map((ext) => join(photos, ...parts, name + ext))), ...beside] : beside;
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
