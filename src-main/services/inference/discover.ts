import { access } from 'node:fs/promises';
import { basename, dirname, extname, join, relative } from 'node:path';
import type { InferFailure, InferOutputType } from '../../../src-shared/api/inference';
import { walkFiles, type WalkResult } from '../../util/walk-files';

const IMAGE_EXTENSIONS = new Set(['.png', '.jpg', '.jpeg']);
const OUTPUT_SUFFIX: Record<InferOutputType, string> = {
  color: '_color.png',
  labelIds: '_labelIds.png',
  trainIds: '_trainIds.png',
  overlay: '_overlay.jpg',
};

/** One image to predict and the outputs it still needs. */
export interface InferImageJob {
  readonly inputPath: string;
  readonly outputs: Readonly<Partial<Record<InferOutputType, string>>>;
}

export interface InferPlan {
  readonly total: number;
  readonly jobs: InferImageJob[];
  /** Images whose every requested output exists (and overwrite is off). */
  readonly skipped: string[];
  /** Images that cannot be planned, e.g. two photos that would write the same outputs. */
  readonly conflicts: InferFailure[];
}

/**
 * PNG and JPEG files under `root`, sorted, following links as every folder input does (`walkFiles`),
 * skipping hidden folders, node_modules and `skipDir` (the output folder when it lies inside the input,
 * so a second run does not read its own outputs); folders that cannot be read are reported.
 */
export function findInputImages(root: string, skipDir?: string): Promise<WalkResult> {
  return walkFiles(root, { accept: (name) => IMAGE_EXTENSIONS.has(extname(name).toLowerCase()), skipFolder: (path) => path === skipDir });
}

/** `<outputDir>/<rel>/<name>_<type>.<ext>` for an image at `<inputDir>/<rel>/<name>[_leftImg8bit].<ext>`. */
export function outputPathsFor(inputDir: string, outputDir: string, imagePath: string, types: readonly InferOutputType[]): Record<InferOutputType, string> {
  const name = basename(imagePath, extname(imagePath)).replace(/_leftImg8bit$/, '');
  const targetDir = join(outputDir, relative(inputDir, dirname(imagePath)));
  const outputs = {} as Record<InferOutputType, string>;
  for (const type of types) outputs[type] = join(targetDir, name + OUTPUT_SUFFIX[type]);
  return outputs;
}

/** Splits the images into jobs (with only the outputs still missing, or all with `overwrite`) and skips. */
export async function planInference(
  images: readonly string[], inputDir: string, outputDir: string, types: readonly InferOutputType[], overwrite: boolean,
): Promise<InferPlan> {
  const jobs: InferImageJob[] = [];
  const skipped: string[] = [];
  const conflicts: InferFailure[] = [];
  const owners = new Map<string, string>();
  for (const inputPath of images) {
    const outputs = outputPathsFor(inputDir, outputDir, inputPath, types);
    const first = outputs[types[0]];
    const owner = owners.get(first);
    if (owner !== undefined) {
      conflicts.push({ path: inputPath, error: `would write the same outputs as ${relative(inputDir, owner)}; skipped` });
      continue;
    }
    owners.set(first, inputPath);
    const missing: Partial<Record<InferOutputType, string>> = {};
    for (const type of types) {
      if (overwrite || !(await exists(outputs[type]))) missing[type] = outputs[type];
    }
    if (Object.keys(missing).length === 0) skipped.push(inputPath);
    else jobs.push({ inputPath, outputs: missing });
  }
  return { total: images.length, jobs, skipped, conflicts };
}

function exists(path: string): Promise<boolean> {
  return access(path).then(() => true, () => false);
}
