import { UserError } from '../../src-shared/errors';
import type { LabelSpec } from '../../src-shared/labels';
import { labelsAbove, readLabelSpecFile } from '../dataset/label-spec';
import { UsageError } from './usage-error';

/** The label spec a `--labels SPEC.json` flag names, or undefined without the flag; a file that cannot be used is a usage error. */
export async function labelSpecFromFlag(path: string | undefined): Promise<LabelSpec | undefined> {
  if (path === undefined) return undefined;
  try {
    return await readLabelSpecFile(path);
  } catch (error) {
    throw error instanceof UserError ? new UsageError(error.message) : error;
  }
}

/**
 * The spec `segstudio masks` draws the inputs with: `--labels`, else the `segstudio.labels.json` at or
 * above the inputs (their dataset's own), else Cityscapes. Inputs under different specs are a usage error.
 */
export async function labelSpecForInputs(flag: string | undefined, inputs: readonly string[]): Promise<LabelSpec> {
  const given = await labelSpecFromFlag(flag);
  if (given) return given;
  const found = await Promise.all(inputs.map((input) => labelsAbove(input).catch((error: unknown) => {
    throw error instanceof UserError ? new UsageError(error.message) : error;
  })));
  const sources = [...new Set(found.map((labels) => labels.source.path ?? 'Cityscapes (no segstudio.labels.json)'))];
  if (sources.length > 1) {
    throw new UsageError(`the inputs have different label specs (${sources.join(', ')}): convert them separately or give --labels SPEC.json`);
  }
  return found[0].spec;
}
