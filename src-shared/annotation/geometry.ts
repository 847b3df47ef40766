import { findProperCrossing } from './segment-sweep';

/**
 * Finds a pair of edges of the closed polygon (flat x, y list) that cross each other, or null, in
 * O(n log n). Touching at a shared vertex does not count (so adjacent edges never do); a proper
 * crossing does. Edge i runs from vertex i to vertex i + 1 (the last one back to vertex 0).
 */
export function findSelfIntersection(polygon: readonly number[]): [number, number] | null {
  const n = polygon.length >> 1;
  if (n < 4) return null;
  const segments = new Float64Array(4 * n);
  for (let i = 0; i < n; i++) {
    const next = (i + 1) % n;
    segments[4 * i] = polygon[2 * i];
    segments[4 * i + 1] = polygon[2 * i + 1];
    segments[4 * i + 2] = polygon[2 * next];
    segments[4 * i + 3] = polygon[2 * next + 1];
  }
  return findProperCrossing(segments, n);
}

/** How many vertices lie outside the image [0, width) x [0, height). */
export function countVerticesOutside(polygon: readonly number[], width: number, height: number): number {
  let outside = 0;
  for (let i = 0; i < polygon.length; i += 2) {
    if (polygon[i] < 0 || polygon[i + 1] < 0 || polygon[i] >= width || polygon[i + 1] >= height) outside++;
  }
  return outside;
}
