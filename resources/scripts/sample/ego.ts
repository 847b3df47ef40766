import { mix, scale, type Rgb } from './color';
import type { Point } from './geometry';
import { fbm } from './noise';
import type { SceneContext, SceneObject } from './scene';

const PAINT: Rgb = [38, 42, 50];

/**
 * The bonnet of the recording car along the bottom edge, as in every Cityscapes frame. The camera
 * rig is the same for the whole data set, so the outline is too.
 */
export function egoVehicle({ camera, look }: SceneContext): SceneObject {
  const { width, height } = camera;
  const crest = height - 17;
  const steps = 16;
  const outline: Point[] = [];
  for (let i = 0; i <= steps; i++) {
    const x = ((width - 1) * i) / steps;
    const t = (x - width / 2) / (width * 0.62);
    outline.push([x, crest + (height - crest) * t * t]);
  }
  const polygon: Point[] = [[width - 1, height - 1], [0, height - 1], ...outline];
  return {
    label: 'ego vehicle',
    polygon,
    shade: (x, y) => {
      // The bonnet mirrors the sky, blurred: brighter near its crest, where it faces up.
      const t = (x - width / 2) / (width * 0.62);
      const edge = crest + (height - crest) * t * t;
      const reflection = Math.max(0, 1 - (y - edge) / 10);
      const smear = fbm(x / 60, y / 6, 77, 3);
      return mix(scale(PAINT, 0.85 + 0.3 * smear), look.skyHorizon, reflection * 0.35 + smear * 0.08);
    },
  };
}
