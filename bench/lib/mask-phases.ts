import { readFile } from 'node:fs/promises';
import { parseAnnotation } from '../../src-shared/annotation';
import { buildLabelIndex, CITYSCAPES } from '../../src-shared/labels';
import { MASK_TYPES, rasterizeObjects } from '../../src-shared/raster';
import { MaskPngWriter, objectSamples, paethCorners } from '../../src-main/services/masks/mask-png';

/** Milliseconds per frame of each step of a mask conversion, in the order they run. */
export type PhaseTimes = Record<string, number>;

/**
 * Times the steps of converting each frame in this thread, as one mask worker runs them, after one
 * untimed frame so that the JIT has warmed up. The PNGs are encoded one after another here (a worker
 * deflates them in parallel); file writes are left out.
 */
export async function timeMaskPhases(jsonPaths: readonly string[]): Promise<PhaseTimes> {
  const labels = buildLabelIndex(CITYSCAPES);
  const writer = new MaskPngWriter();
  const totals: PhaseTimes = {};
  let owner: Uint32Array | undefined;
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
    const map = rasterizeObjects(annotation, owner);
    owner = map.owner;
    lap('rasterize');
    const corners = paethCorners(map.owner, map.width, map.height);
    lap('paeth corners');
    for (const type of MASK_TYPES) {
      await writer.encode(type, map, corners, objectSamples(type, map, annotation, labels));
      lap(`png ${type}`);
    }
  }
  return Object.fromEntries(Object.entries(totals).map(([phase, ms]) => [phase, ms / jsonPaths.length]));
}
