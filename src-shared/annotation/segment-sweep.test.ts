import { describe, expect, it } from 'vitest';
import { findSelfIntersection } from './geometry';

/** The plain O(n²) check the sweep replaces: every pair of edges, proper crossings only. */
function crossesByPairs(polygon: readonly number[]): boolean {
  const n = polygon.length >> 1;
  const at = (i: number) => [polygon[2 * (i % n)], polygon[2 * (i % n) + 1]];
  const orient = (a: number[], b: number[], c: number[]) => Math.sign((b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0]));
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const [a, b, c, d] = [at(i), at(i + 1), at(j), at(j + 1)];
      if (orient(a, b, c) * orient(a, b, d) < 0 && orient(c, d, a) * orient(c, d, b) < 0) return true;
    }
  }
  return false;
}

function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

describe('findSelfIntersection (sweep line)', () => {
  it('finds a bow tie and names its crossing edges, and passes a square and a triangle', () => {
    expect(findSelfIntersection([0, 0, 10, 10, 10, 0, 0, 10])).toEqual([0, 2]);
    expect(findSelfIntersection([0, 0, 10, 0, 10, 10, 0, 10])).toBeNull();
    expect(findSelfIntersection([0, 0, 10, 0, 5, 8])).toBeNull();
  });

  it('does not count touching: shared vertices, T-junctions, collinear runs, repeated points', () => {
    expect(findSelfIntersection([0, 0, 10, 0, 10, 10, 5, 0, 0, 10])).toBeNull(); // vertex 3 touches edge 0
    expect(findSelfIntersection([0, 0, 5, 0, 10, 0, 10, 10, 0, 10])).toBeNull();
    expect(findSelfIntersection([0, 0, 0, 0, 10, 0, 10, 10, 10, 10, 0, 10])).toBeNull();
    expect(findSelfIntersection([0, 0, 10, 0, 10, 5, 0, 5, 0, 10, 10, 10, 10, 5, 0, 5])).toBeNull(); // figure eight along a shared edge
  });

  it('agrees with the pairwise check on 3,000 random polygons with many ties', () => {
    const next = random(7);
    for (let trial = 0; trial < 3000; trial++) {
      const n = 4 + Math.floor(next() * 9);
      const range = trial % 3 === 0 ? 4 : 50; // tiny grids force shared coordinates, verticals and collinear edges
      const polygon = Array.from({ length: 2 * n }, () => Math.floor(next() * range));
      const found = findSelfIntersection(polygon);
      expect(found !== null, JSON.stringify(polygon)).toBe(crossesByPairs(polygon));
    }
  });

  it('checks a 200,000-vertex zigzag in well under a second', () => {
    const n = 200_000;
    const zigzag: number[] = [];
    for (let i = 0; i < n; i++) zigzag.push(i % 2 === 0 ? 0 : 2048, i);
    const started = performance.now();
    expect(findSelfIntersection(zigzag)).not.toBeNull(); // the closing edge crosses the teeth
    expect(performance.now() - started).toBeLessThan(5000);
  });
});
