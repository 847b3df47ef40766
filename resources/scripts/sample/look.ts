import { mix, vary, type Rgb } from './color';
import type { Rng } from './rng';

export type Side = -1 | 1;

/** Weather and exposure of one frame: shared by every shader so the photo has one consistent light. */
export interface Look {
  readonly seed: number;
  /** The side of the street the sun stands over; facades on the other side face it and are lit. */
  readonly sunSide: Side;
  /** 0 overcast (flat light) .. 1 clear sun (strong contrast between facades). */
  readonly sunStrength: number;
  readonly skyZenith: Rgb;
  readonly skyHorizon: Rgb;
  readonly cloudiness: number;
  readonly haze: Rgb;
  /** Metres at which haze has taken ~63% of a surface's colour. */
  readonly hazeDistance: number;
  readonly exposure: number;
  /** Per-channel white balance multipliers, close to 1. */
  readonly whiteBalance: Rgb;
}

export function createLook(rng: Rng): Look {
  const sunStrength = rng.chance(0.35) ? rng.range(0, 0.25) : rng.range(0.45, 1);
  const clearZenith = vary(rng, [62, 112, 178], 0.1, 8);
  const overcastZenith = vary(rng, [150, 158, 170], 0.08, 5);
  const skyZenith = mix(overcastZenith, clearZenith, sunStrength);
  const skyHorizon = mix(vary(rng, [205, 212, 220], 0.05, 4), [196, 214, 232], sunStrength * 0.6);
  const warmth = rng.range(-0.05, 0.06);
  return {
    seed: rng.seed(),
    sunSide: rng.chance(0.5) ? 1 : -1,
    sunStrength,
    skyZenith,
    skyHorizon,
    cloudiness: rng.range(0.15, 0.9) * (1.2 - sunStrength * 0.4),
    haze: mix(skyHorizon, [180, 185, 190], 0.4),
    hazeDistance: rng.range(220, 420),
    exposure: rng.range(0.88, 1.06),
    whiteBalance: [1 + warmth, 1, 1 - warmth],
  };
}

export function withHaze(look: Look, color: Rgb, depth: number): Rgb {
  return mix(color, look.haze, 1 - Math.exp(-depth / look.hazeDistance));
}

/** Diffuse light on a vertical wall, by which way it faces. */
export function wallLight(look: Look, facing: Side | 'camera'): number {
  if (facing === 'camera') return 1 - 0.08 * look.sunStrength;
  // A wall facing +x (on the left side of the street) is lit when the sun stands on the right.
  return facing === look.sunSide ? 1 + 0.22 * look.sunStrength : 1 - 0.28 * look.sunStrength;
}
