import { readFile } from 'node:fs/promises';
import { CITYSCAPES, parseLabelSpec, type LabelSpec } from '../../src-shared/labels';
import { UsageError } from './usage-error';

/** The label spec a `--labels SPEC.json` flag names, or Cityscapes' when it is absent. */
export async function labelSpecFromFlag(path: string | undefined): Promise<LabelSpec> {
  if (path === undefined) return CITYSCAPES;
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new UsageError(`${path}: cannot read label spec (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
  try {
    return parseLabelSpec(text, path);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}
