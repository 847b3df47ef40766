import type { PillowGeneration } from '../pillow-generations';
import { fillPolygon } from '../pillow-polygon';

/** A case of pillow_generations.py: polygon k drawn with value k + 1 on a zeroed image. */
export interface GenerationCase { name: string; imgWidth: number; imgHeight: number; polygons: number[][][] }

/** The case as segstudio draws it under `generation`, one byte a pixel. */
export function drawGenerationCase(c: GenerationCase, generation: PillowGeneration): Uint8Array {
  const out = new Uint8Array(c.imgWidth * c.imgHeight);
  c.polygons.forEach((polygon, k) => {
    fillPolygon(polygon.flat(), c.imgWidth, c.imgHeight, (x0, y, x1) => {
      if (y < 0 || y >= c.imgHeight) return;
      const from = Math.max(x0, 0);
      const to = Math.min(x1, c.imgWidth - 1);
      if (from <= to) out.fill(k + 1, y * c.imgWidth + from, y * c.imgWidth + to + 1);
    }, generation);
  });
  return out;
}

export function pixelsDiffering(a: Uint8Array, b: Uint8Array): number {
  let count = 0;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) count++;
  return count;
}
