import { readFile, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { UserError } from '../../src-shared/errors';

/** A dataset's own settings, at its root: `{"photos": "../other/leftImg8bit"}`. */
export const DATASET_MANIFEST_FILE = 'segstudio.dataset.json';

export interface DatasetManifest {
  /**
   * The absolute folder holding the photos, laid out as Cityscapes' `leftImg8bit`
   * (`<split>/<city>/<stem>_leftImg8bit.png`); `<root>/leftImg8bit` unless the manifest names another,
   * so that datasets relabelling the same photos need not copy them.
   */
  readonly photos: string;
}

const FIELDS = ['photos'];

/**
 * The manifest of the dataset at `root`, or the defaults when it has none. Relative paths resolve
 * against the root. A file that is not valid, or names a missing folder, is a UserError naming it.
 */
export async function readDatasetManifest(root: string): Promise<DatasetManifest> {
  const absoluteRoot = resolve(root);
  const path = join(absoluteRoot, DATASET_MANIFEST_FILE);
  const defaults: DatasetManifest = { photos: join(absoluteRoot, 'leftImg8bit') };
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return defaults;
    throw new UserError(`${path}: cannot read (${code ?? (error as Error).message})`);
  }
  return { ...defaults, ...(await parseManifest(text, path, absoluteRoot)) };
}

async function parseManifest(text: string, path: string, root: string): Promise<Partial<DatasetManifest>> {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new UserError(`${path}: not valid JSON (${(error as Error).message})`);
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new UserError(`${path}: expected a JSON object such as {"photos": "../other-dataset/leftImg8bit"}`);
  }
  const unknown = Object.keys(raw).find((key) => !FIELDS.includes(key));
  if (unknown !== undefined) throw new UserError(`${path}: unknown field ${JSON.stringify(unknown)} (known: ${FIELDS.join(', ')})`);
  const { photos } = raw as Record<string, unknown>;
  if (photos === undefined) return {};
  if (typeof photos !== 'string' || photos.trim() === '') {
    throw new UserError(`${path}: "photos" must be a folder path (relative to the dataset root or absolute), got ${JSON.stringify(photos)}`);
  }
  const folder = resolve(root, photos);
  if (!(await stat(folder).catch(() => null))?.isDirectory()) throw new UserError(`${path}: "photos": ${folder} is not a folder`);
  return { photos: folder };
}
