/**
 * Finds a pair of non-adjacent edges of the closed polygon (flat x, y list) that cross each other,
 * or null. Touching at a shared vertex does not count; a proper crossing does.
 */
export function findSelfIntersection(polygon: readonly number[]): [number, number] | null {
  const n = polygon.length >> 1;
  if (n < 4) return null;
  for (let i = 0; i < n; i++) {
    const ax = polygon[2 * i], ay = polygon[2 * i + 1];
    const bx = polygon[2 * ((i + 1) % n)], by = polygon[2 * ((i + 1) % n) + 1];
    for (let j = i + 2; j < n; j++) {
      if (i === 0 && j === n - 1) continue;
      const cx = polygon[2 * j], cy = polygon[2 * j + 1];
      const dx = polygon[2 * ((j + 1) % n)], dy = polygon[2 * ((j + 1) % n) + 1];
      if (Math.max(ax, bx) < Math.min(cx, dx) || Math.max(cx, dx) < Math.min(ax, bx)) continue;
      if (Math.max(ay, by) < Math.min(cy, dy) || Math.max(cy, dy) < Math.min(ay, by)) continue;
      const d1 = orientation(ax, ay, bx, by, cx, cy);
      const d2 = orientation(ax, ay, bx, by, dx, dy);
      const d3 = orientation(cx, cy, dx, dy, ax, ay);
      const d4 = orientation(cx, cy, dx, dy, bx, by);
      if (d1 * d2 < 0 && d3 * d4 < 0) return [i, j];
    }
  }
  return null;
}

function orientation(ax: number, ay: number, bx: number, by: number, cx: number, cy: number): number {
  return Math.sign((bx - ax) * (cy - ay) - (by - ay) * (cx - ax));
}

/** How many vertices lie outside the image [0, width) x [0, height). */
export function countVerticesOutside(polygon: readonly number[], width: number, height: number): number {
  let outside = 0;
  for (let i = 0; i < polygon.length; i += 2) {
    if (polygon[i] < 0 || polygon[i + 1] < 0 || polygon[i] >= width || polygon[i + 1] >= height) outside++;
  }
  return outside;
}
