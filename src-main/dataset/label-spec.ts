import { readFile, stat } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import type { DatasetLabels } from '../../src-shared/api/types';
import { UserError } from '../../src-shared/errors';
import { CITYSCAPES, parseLabelSpec, type LabelSpec } from '../../src-shared/labels';

/** A dataset's own label spec, at its root, in the `--labels` format. */
export const DATASET_LABELS_FILE = 'segstudio.labels.json';

/** Reads a label spec file; a UserError naming the file when it cannot be read or is not a valid spec. */
export async function readLabelSpecFile(path: string): Promise<LabelSpec> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new UserError(`${path}: cannot read label spec (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
  try {
    return parseLabelSpec(text, path);
  } catch (error) {
    throw new UserError((error as Error).message);
  }
}

/**
 * The label spec for a dataset, chosen once per run or opened dataset: the file the user named (a
 * `--labels` flag, the studio's field), else the dataset's own `segstudio.labels.json`, else Cityscapes.
 */
export async function datasetLabels(datasetRoot: string, given?: string): Promise<DatasetLabels> {
  if (given !== undefined) {
    const path = resolve(given);
    return { spec: await readLabelSpecFile(path), source: { kind: 'given', path } };
  }
  const own = join(resolve(datasetRoot), DATASET_LABELS_FILE);
  const isPresent = await stat(own).then(() => true, () => false);
  if (!isPresent) return { spec: CITYSCAPES, source: { kind: 'default', path: null } };
  return { spec: await readLabelSpecFile(own), source: { kind: 'dataset', path: own } };
}

/**
 * The label spec for annotations at `path` (a dataset root, a folder inside one, or a polygon file),
 * when no file is named: the `segstudio.labels.json` of the nearest folder at or above it, else Cityscapes.
 */
export async function labelsAbove(path: string): Promise<DatasetLabels> {
  const start = resolve(path);
  let dir = (await stat(start).catch(() => null))?.isDirectory() ? start : dirname(start);
  for (;;) {
    const own = join(dir, DATASET_LABELS_FILE);
    if (await stat(own).then((info) => info.isFile(), () => false)) return { spec: await readLabelSpecFile(own), source: { kind: 'dataset', path: own } };
    const parent = dirname(dir);
    if (parent === dir) return { spec: CITYSCAPES, source: { kind: 'default', path: null } };
    dir = parent;
  }
}
