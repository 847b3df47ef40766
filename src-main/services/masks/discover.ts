import { stat } from 'node:fs/promises';
import { basename, dirname, join, relative, resolve } from 'node:path';
import type { MaskType } from '../../../src-shared/raster';
import { POLYGONS_SUFFIX, findPolygonFiles } from '../../dataset/polygon-files';
import { describeCode } from '../../util/walk-files';

export interface MaskJob {
  readonly jsonPath: string;
  /** Output PNG per requested type. */
  readonly outputs: Readonly<Partial<Record<MaskType, string>>>;
}

export interface DiscoveryResult {
  readonly jobs: MaskJob[];
  /** One line per input that could not be used (missing, unreadable, no annotations). */
  readonly inputErrors: string[];
}

/**
 * Finds the annotation files named by `inputs` (a Cityscapes root, a gtFine folder, or JSON files)
 * and plans their outputs: `<rel>/<stem>_<type>.png` under `outDir`, `<rel>` relative to the input
 * folder, or beside the JSON when no `outDir` is given, as the official tools write them.
 */
export async function discoverMaskJobs(inputs: readonly string[], types: readonly MaskType[], outDir?: string): Promise<DiscoveryResult> {
  const jobs: MaskJob[] = [];
  const inputErrors: string[] = [];
  const seen = new Set<string>();
  const plan = (jsonPath: string, root: string) => {
    if (seen.has(jsonPath)) return;
    seen.add(jsonPath);
    const stem = basename(jsonPath).slice(0, -POLYGONS_SUFFIX.length);
    const targetDir = outDir ? join(resolve(outDir), relative(root, dirname(jsonPath))) : dirname(jsonPath);
    const outputs: Partial<Record<MaskType, string>> = {};
    for (const type of types) outputs[type] = join(targetDir, `${stem}_${type}.png`);
    jobs.push({ jsonPath, outputs });
  };

  for (const input of inputs) {
    const path = resolve(input);
    const info = await stat(path).catch(() => null);
    if (!info) {
      inputErrors.push(`${input}: no such file or folder`);
    } else if (info.isDirectory()) {
      const found = await findPolygonFiles(path).catch((error: unknown) => error as Error);
      if (found instanceof Error) {
        inputErrors.push(`${input}: cannot read this folder (${describeCode(found)})`);
        continue;
      }
      for (const { path: where, reason } of found.problems) inputErrors.push(`${where}: ${reason}`);
      if (found.files.length === 0 && found.problems.length === 0) inputErrors.push(`${input}: no *${POLYGONS_SUFFIX} files in this folder`);
      for (const file of found.files) plan(file, path);
    } else if (path.endsWith('.json')) {
      const stemmed = path.endsWith(POLYGONS_SUFFIX) ? path : null;
      if (!stemmed) inputErrors.push(`${input}: annotation files must be named <stem>${POLYGONS_SUFFIX}`);
      else plan(stemmed, dirname(stemmed));
    } else {
      inputErrors.push(`${input}: not a folder or a *${POLYGONS_SUFFIX} file`);
    }
  }
  return { jobs, inputErrors };
}
