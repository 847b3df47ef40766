import { readFile } from 'node:fs/promises';
import sharp from 'sharp';
import { parseAnnotation } from '../../src-shared/annotation';
import { buildLabelIndex, CITYSCAPES } from '../../src-shared/labels';
import { encodeMasks, MASK_TYPES, rasterizeObjects } from '../../src-shared/raster';
import { encodeMaskPng } from '../../src-main/services/png';

/** Milliseconds per frame of each step of a mask conversion, in the order they run. */
export type PhaseTimes = Record<string, number>;

/**
 * Times the steps of converting each frame in this thread, as one mask worker runs them (one libvips
 * thread), after one untimed frame so that the JIT has warmed up. File writes are left out.
 */
export async function timeMaskPhases(jsonPaths: readonly string[]): Promise<PhaseTimes> {
  const labels = buildLabelIndex(CITYSCAPES);
  const totals: PhaseTimes = {};
  const previousConcurrency = sharp.concurrency();
  sharp.concurrency(1);
  try {
    for (const [index, path] of [jsonPaths[0], ...jsonPaths].entries()) {
      const timed = index > 0;
      let started = performance.now();
      const lap = (phase: string) => {
        const now = performance.now();
        if (timed) totals[phase] = (totals[phase] ?? 0) + now - started;
        started = now;
      };
      const parsed = parseAnnotation(await readFile(path, 'utf8'), path, labels);
      if (!parsed.annotation) throw new Error(`${path}: cannot be parsed`);
      const { annotation } = parsed;
      lap('read + parse');
      const map = rasterizeObjects(annotation);
      lap('rasterize');
      const buffers = encodeMasks(map, annotation, labels, MASK_TYPES);
      lap('label buffers');
      for (const type of MASK_TYPES) {
        await encodeMaskPng(type, buffers[type]!, annotation.imgWidth, annotation.imgHeight);
        lap(`png ${type}`);
      }
    }
  } finally {
    sharp.concurrency(previousConcurrency);
  }
  return Object.fromEntries(Object.entries(totals).map(([phase, ms]) => [phase, ms / jsonPaths.length]));
}
