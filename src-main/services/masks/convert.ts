import { readFile } from 'node:fs/promises';
import { parseAnnotation, type AnnotationProblem } from '../../../src-shared/annotation';
import type { LabelIndex } from '../../../src-shared/labels';
import { renderMasks, type MaskType } from '../../../src-shared/raster';
import { writeFilesAtomic } from '../../util/atomic-write';
import { encodeMaskPng } from '../png';
import type { MaskJob } from './discover';

export interface FrameResult {
  readonly jsonPath: string;
  readonly ok: boolean;
  readonly problems: readonly AnnotationProblem[];
  readonly written: readonly string[];
}

/**
 * Converts one annotation file into its mask PNGs. A file with errors writes nothing; otherwise all
 * outputs are encoded first and then moved into place together.
 */
export async function convertFrame(job: MaskJob, labels: LabelIndex): Promise<FrameResult> {
  const fail = (message: string): FrameResult =>
    ({ jsonPath: job.jsonPath, ok: false, problems: [{ severity: 'error', file: job.jsonPath, message }], written: [] });

  let text: string;
  try {
    text = await readFile(job.jsonPath, 'utf8');
  } catch (error) {
    return fail(`cannot read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
  const parsed = parseAnnotation(text, job.jsonPath, labels);
  if (parsed.hasErrors || !parsed.annotation) return { jsonPath: job.jsonPath, ok: false, problems: parsed.problems, written: [] };

  const { annotation } = parsed;
  const types = Object.keys(job.outputs) as MaskType[];
  const masks = renderMasks(annotation, labels, types);
  try {
    const files = await Promise.all(types.map(async (type) => ({
      path: job.outputs[type]!,
      data: await encodeMaskPng(type, masks[type]!, annotation.imgWidth, annotation.imgHeight),
    })));
    await writeFilesAtomic(files);
    return { jsonPath: job.jsonPath, ok: true, problems: parsed.problems, written: files.map((f) => f.path) };
  } catch (error) {
    return fail(`cannot write masks (${(error as Error).message})`);
  }
}
