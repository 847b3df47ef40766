/** Stateless lattice noise: a texture is a pure function of its coordinates and a seed. */

/** Uniform in [0, 1) for an integer lattice point. */
export function hash2(ix: number, iy: number, seed: number): number {
  let h = (Math.imul(ix | 0, 0x27d4eb2d) ^ Math.imul(iy | 0, 0x165667b1) ^ seed) | 0;
  h = Math.imul(h ^ (h >>> 15), 0x2c1b3c6d);
  h = Math.imul(h ^ (h >>> 12), 0x297a2d39);
  h ^= h >>> 15;
  return (h >>> 0) / 4294967296;
}

/** Smoothly interpolated value noise in [0, 1). */
export function valueNoise(x: number, y: number, seed: number): number {
  const ix = Math.floor(x);
  const iy = Math.floor(y);
  const fx = x - ix;
  const fy = y - iy;
  const u = fx * fx * (3 - 2 * fx);
  const v = fy * fy * (3 - 2 * fy);
  const a = hash2(ix, iy, seed);
  const b = hash2(ix + 1, iy, seed);
  const c = hash2(ix, iy + 1, seed);
  const d = hash2(ix + 1, iy + 1, seed);
  return a + (b - a) * u + (c - a) * v + (a - b - c + d) * u * v;
}

/** Fractal (fBm) value noise, normalized to [0, 1). */
export function fbm(x: number, y: number, seed: number, octaves = 4): number {
  let sum = 0;
  let amplitude = 1;
  let total = 0;
  let frequency = 1;
  for (let o = 0; o < octaves; o++) {
    // Offsetting each octave hides the lattice alignment at the origin.
    sum += amplitude * valueNoise(x * frequency + o * 17.31, y * frequency - o * 9.77, seed + o * 1013);
    total += amplitude;
    amplitude *= 0.5;
    frequency *= 2.03;
  }
  return sum / total;
}

/** Per-pixel grain in [-1, 1). */
export function grain(x: number, y: number, seed: number): number {
  return hash2(x, y, seed) * 2 - 1;
}

export function clamp01(value: number): number {
  return value < 0 ? 0 : value > 1 ? 1 : value;
}

export function smoothstep(edge0: number, edge1: number, value: number): number {
  const t = clamp01((value - edge0) / (edge1 - edge0));
  return t * t * (3 - 2 * t);
}

/**
 * The fraction of a pixel spanning `footprint` units, centred `distance` from a band's centre line,
 * that the band of half-width `halfWidth` covers: thin stripes fade instead of aliasing in the distance.
 */
export function bandCoverage(distance: number, halfWidth: number, footprint: number): number {
  const overlap = Math.min(distance + footprint / 2, halfWidth) - Math.max(distance - footprint / 2, -halfWidth);
  return overlap > 0 ? Math.min(1, overlap / footprint) : 0;
}

/** Distance from `value` to the nearest multiple of `period`. */
export function distanceToGrid(value: number, period: number): number {
  const r = value - Math.round(value / period) * period;
  return Math.abs(r);
}
