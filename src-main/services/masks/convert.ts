import { readFile } from 'node:fs/promises';
import { describeCode } from '../../util/walk-files';
import { parseAnnotation, type AnnotationProblem } from '../../../src-shared/annotation';
import type { LabelIndex } from '../../../src-shared/labels';
import { MASK_TYPES, rasterizeObjects, type PillowGeneration } from '../../../src-shared/raster';
import { writeFilesAtomic } from '../../util/atomic-write';
import type { MaskJob } from './discover';
import { MaskPngWriter, objectSamples, paethCorners } from './mask-png';

export interface FrameResult {
  readonly jsonPath: string;
  readonly ok: boolean;
  readonly problems: readonly AnnotationProblem[];
  readonly written: readonly string[];
}

/**
 * Converts annotation files into mask PNGs, one frame at a time, reusing its buffers from frame to
 * frame (a 2048x1024 frame needs about 24 MB of them). A file with errors writes nothing; otherwise
 * all outputs are encoded first and then moved into place together.
 */
export class FrameConverter {
  private readonly writer = new MaskPngWriter();
  private owner: Uint32Array | undefined;
  private busy = false;

  /** `generation`: the Pillow polygon fill to follow (see `pillowGeneration`). */
  constructor(private readonly labels: LabelIndex, private readonly generation: PillowGeneration = '9.2') {}

  async convert(job: MaskJob): Promise<FrameResult> {
    if (this.busy) throw new Error('FrameConverter converts one frame at a time');
    this.busy = true;
    try {
      return await this.convertOne(job);
    } finally {
      this.busy = false;
    }
  }

  private async convertOne(job: MaskJob): Promise<FrameResult> {
    const fail = (message: string): FrameResult =>
      ({ jsonPath: job.jsonPath, ok: false, problems: [{ severity: 'error', file: job.jsonPath, message }], written: [] });

    let text: string;
    try {
      text = await readFile(job.jsonPath, 'utf8');
    } catch (error) {
      return fail(`cannot read (${describeCode(error)})`);
    }
    const parsed = parseAnnotation(text, job.jsonPath, this.labels);
    if (parsed.hasErrors || !parsed.annotation) return { jsonPath: job.jsonPath, ok: false, problems: parsed.problems, written: [] };

    const { annotation } = parsed;
    const map = rasterizeObjects(annotation, this.owner, this.generation);
    this.owner = map.owner;
    const corners = paethCorners(map.owner, map.width, map.height);
    const types = MASK_TYPES.filter((type) => job.outputs[type] !== undefined);
    try {
      const files = await Promise.all(types.map(async (type) => ({
        path: job.outputs[type]!,
        data: await this.writer.encode(type, map, corners, objectSamples(type, map, annotation, this.labels)),
      })));
      await writeFilesAtomic(files);
      return { jsonPath: job.jsonPath, ok: true, problems: parsed.problems, written: files.map((f) => f.path) };
    } catch (error) {
      return fail(`cannot write masks (${(error as Error).message})`);
    }
  }
}
