import type { Rng } from './rng';

export type Rgb = readonly [number, number, number];

export function mix(a: Rgb, b: Rgb, t: number): Rgb {
  return [a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t, a[2] + (b[2] - a[2]) * t];
}

export function scale(color: Rgb, factor: number): Rgb {
  return [color[0] * factor, color[1] * factor, color[2] * factor];
}

export function offset(color: Rgb, amount: number): Rgb {
  return [color[0] + amount, color[1] + amount, color[2] + amount];
}

/** A per-instance variation of a base colour: brightness and hue both drift. */
export function vary(rng: Rng, color: Rgb, brightness: number, hue: number): Rgb {
  const k = 1 + rng.range(-brightness, brightness);
  return [color[0] * k + rng.range(-hue, hue), color[1] * k + rng.range(-hue, hue), color[2] * k + rng.range(-hue, hue)];
}
