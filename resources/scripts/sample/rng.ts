/** A seeded pseudo-random stream: the generator never calls Math.random, so every run writes the same bytes. */
export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
  range(min: number, max: number): number;
  /** Uniform integer in min..max, both included. */
  int(min: number, max: number): number;
  chance(probability: number): boolean;
  pick<T>(items: readonly T[]): T;
  /** A 32-bit seed for stateless noise functions. */
  seed(): number;
  /**
   * An independent stream derived from this stream's seed and a name, not from its current state,
   * so adding draws to one part of a scene leaves every other part unchanged.
   */
  fork(name: string): Rng;
}

export function createRng(seed: number): Rng {
  const initial = seed >>> 0;
  let a = splitmix32(initial);
  let b = splitmix32(a);
  let c = splitmix32(b);
  let d = splitmix32(c);
  // sfc32: small, fast and statistically good enough for scene layout.
  const next = (): number => {
    a >>>= 0; b >>>= 0; c >>>= 0; d >>>= 0;
    const t = (a + b) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    d = (d + 1) | 0;
    const result = (t + d) | 0;
    c = (c + result) | 0;
    return (result >>> 0) / 4294967296;
  };
  return {
    next,
    range: (min, max) => min + (max - min) * next(),
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    chance: (probability) => next() < probability,
    pick: (items) => {
      if (items.length === 0) throw new Error('pick: empty list');
      return items[Math.floor(next() * items.length)];
    },
    seed: () => Math.floor(next() * 4294967296) >>> 0,
    fork: (name) => createRng(mixSeeds(initial, hashString(name))),
  };
}

/** FNV-1a, 32 bit. */
export function hashString(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

export function mixSeeds(a: number, b: number): number {
  return splitmix32((a ^ Math.imul(b, 0x9e3779b1)) >>> 0);
}

function splitmix32(value: number): number {
  let z = (value + 0x9e3779b9) | 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}
