/**
 * A faithful port of Pillow's polygon fill (`ImageDraw.polygon(xy, fill=...)`, no outline,
 * non-blending images), which is what cityscapesScripts' json2labelImg / json2instanceImg call, in
 * each of its generations (see `pillow-generations.ts`; 9.2, covering 9.4, is the default).
 * Every arithmetic step mirrors the C code, including its float32 rounding, its horizontal-edge
 * handling and its corner fix-up, so the pixels come out identical.
 */
import type { PillowGeneration } from './pillow-generations';

const f32 = Math.fround;

/** Fills pixels x0..x1 (inclusive, unclipped, x0 <= x1) on row y. */
export type SpanWriter = (x0: number, y: number, x1: number) => void;

/**
 * C's `(int)` conversion as x86-64 does it: truncation, and INT_MIN for NaN and anything out of range
 * (formally undefined; the official tools run it on x86-64, where this is what the CPU returns).
 */
export function cInt(v: number): number {
  const t = Math.trunc(v);
  return t >= -2147483648 && t <= 2147483647 ? t : -2147483648;
}

// ROUND_UP / ROUND_DOWN from Pillow's Draw.c: round half away from / towards zero, in float32.
function roundUp(f: number): number {
  return cInt(f >= 0 ? Math.floor(f32(f + 0.5)) : -Math.floor(f32(Math.abs(f) + 0.5)));
}
function roundDown(f: number): number {
  return cInt(f >= 0 ? Math.ceil(f32(f - 0.5)) : -Math.ceil(f32(Math.abs(f) - 0.5)));
}
// C's roundf: half away from zero (exact in double for any float32 input).
function roundf(f: number): number {
  return f >= 0 ? Math.floor(f + 0.5) : -Math.floor(-f + 0.5);
}

class EdgeList {
  readonly x0: Int32Array;
  readonly y0: Int32Array;
  readonly xmin: Int32Array;
  readonly xmax: Int32Array;
  readonly ymin: Int32Array;
  readonly ymax: Int32Array;
  readonly dx: Float32Array;
  count = 0;

  constructor(capacity: number) {
    this.x0 = new Int32Array(capacity);
    this.y0 = new Int32Array(capacity);
    this.xmin = new Int32Array(capacity);
    this.xmax = new Int32Array(capacity);
    this.ymin = new Int32Array(capacity);
    this.ymax = new Int32Array(capacity);
    this.dx = new Float32Array(capacity);
  }

  add(x0: number, y0: number, x1: number, y1: number): void {
    const n = this.count++;
    this.xmin[n] = Math.min(x0, x1);
    this.xmax[n] = Math.max(x0, x1);
    this.ymin[n] = Math.min(y0, y1);
    this.ymax[n] = Math.max(y0, y1);
    // C int arithmetic: the differences wrap around, as they do in Pillow, for far-out coordinates.
    this.dx[n] = y0 === y1 ? 0 : f32(f32((x1 - x0) | 0) / f32((y1 - y0) | 0));
    this.x0[n] = x0;
    this.y0[n] = y0;
  }

  /** x where edge `e` crosses row `y`, computed in float32 as Pillow does. */
  xAt(e: number, y: number): number {
    return f32(f32(f32((y - this.y0[e]) | 0) * this.dx[e]) + f32(this.x0[e]));
  }
}

/**
 * Fills the polygon with flat coordinates `coords` (x0, y0, x1, y1, ...) on a `width` x `height`
 * image, writing spans through `writeSpan`, as Pillow `generation` fills it. Coordinates are
 * truncated to integers first, as Pillow's C layer does. Polygons with fewer than 2 points draw
 * nothing (Pillow raises for them).
 */
export function fillPolygon(coords: ArrayLike<number>, width: number, height: number, writeSpan: SpanWriter, generation: PillowGeneration = '9.2'): void {
  const count = coords.length >> 1;
  if (count < 2) return;
  const xy = new Int32Array(count * 2);
  for (let i = 0; i < count * 2; i++) xy[i] = cInt(coords[i]);

  const edges = new EdgeList(count);
  let i = 0;
  for (; i < count - 1; i++) {
    const x0 = xy[i * 2], y0 = xy[i * 2 + 1], x1 = xy[i * 2 + 2], y1 = xy[i * 2 + 3];
    if (y0 === y1 && i !== 0 && y0 === xy[i * 2 - 1]) {
      // A horizontal edge right after another one is merged into it when both run the same way.
      const last = edges.count - 1;
      if (x1 > x0 && x0 > xy[i * 2 - 2]) {
        edges.xmax[last] = x1;
        continue;
      } else if (x1 < x0 && x0 < xy[i * 2 - 2]) {
        edges.xmin[last] = x1;
        continue;
      }
    }
    edges.add(x0, y0, x1, y1);
  }
  if (xy[i * 2] !== xy[0] || xy[i * 2 + 1] !== xy[1]) edges.add(xy[i * 2], xy[i * 2 + 1], xy[0], xy[1]);
  scanEdges(edges, height, writeSpan, generation);
}

function scanEdges(edges: EdgeList, height: number, writeSpan: SpanWriter, generation: PillowGeneration): void {
  const { ymin: eymin, ymax: eymax, dx } = edges;
  let ymin = height - 1;
  let ymax = 0;
  const table: number[] = [];
  for (let e = 0; e < edges.count; e++) {
    if (ymin > eymin[e]) ymin = eymin[e];
    if (ymax < eymax[e]) ymax = eymax[e];
    if (eymin[e] === eymax[e]) {
      writeSpan(edges.xmin[e], eymin[e], edges.xmax[e]);
      continue;
    }
    table.push(e);
  }
  if (ymin < 0) ymin = 0;
  if (ymax > height) ymax = height;

  const edgeCount = table.length;
  // Persistent across rows like Pillow's buffer: its corner fix-up writes by edge index into it.
  const xx = new Float32Array(edgeCount * 2);
  // Pillow tests every edge on every row; visiting only the edges that span the row, still in table
  // order, gives the same intersections in the same order at a fraction of the cost.
  const byTop = Array.from({ length: edgeCount }, (_, i) => i).sort((a, b) => eymin[table[a]] - eymin[table[b]]);
  const active = new Int32Array(edgeCount);
  // The corner fix-ups look for an earlier edge (in active order) with an end on this row at the same x;
  // Pillow scans every earlier edge for it. Indexing this row's edge ends by their x finds the same first
  // match without the scan, which made a many-vertex zigzag quadratic on the rows its vertices sit on.
  // 11.1's fix-up looks beyond the row's edge ends (see connectCorner111), so it needs no index.
  const ends = generation === '11.1' ? null : new RowEnds(generation === '11.2' ? roundf : (x) => x);
  let activeCount = 0;
  let nextToStart = 0;
  for (let y = ymin; y <= ymax; y++) {
    while (nextToStart < edgeCount && eymin[table[byTop[nextToStart]]] <= y) {
      activeCount = insertSorted(active, activeCount, byTop[nextToStart++]);
    }
    ends?.clear();
    let kept = 0;
    let j = 0;
    for (let a = 0; a < activeCount; a++) {
      const i = active[a];
      const cur = table[i];
      if (y > eymax[cur]) continue;
      active[kept++] = i;
      const x = edges.xAt(cur, y);
      xx[j++] = x;
      if (y === eymax[cur] && y < ymax) {
        // Pillow counts an edge's bottom end twice so that joins at a vertex stay closed.
        xx[j] = xx[j - 1];
        j++;
      } else if (generation === '9.2' || generation === '9.5') {
        if (dx[cur] !== 0 && Number.isInteger(xx[j - 1])) connectCorner(edges, table, active, ends!, kept - 1, xx, j, y, ymax);
      } else if (generation === '11.1') {
        if (dx[cur] !== 0 && j % 2 === 1 && Number.isInteger(xx[j - 1])) connectCorner111(edges, table, i, xx, j, y, ymax);
      } else if ((y === eymin[cur] || y === eymax[cur]) && dx[cur] !== 0) {
        connectCorner112(edges, table, active, ends!, kept - 1, xx, j, y);
      }
      if (ends && (y === eymin[cur] || y === eymax[cur])) ends.add(x, kept - 1);
    }
    activeCount = kept;
    sortPrefix(xx, j);
    // Pillow up to 9.4 swapped a reversed span in hline and drew it; from 9.5 on it draws nothing.
    const drawsReversed = generation === '9.2';
    for (let k = 1; k < j; k += 2) {
      const x0 = roundUp(xx[k - 1]);
      const x1 = roundDown(xx[k]);
      if (x0 <= x1) writeSpan(x0, y, x1);
      else if (drawsReversed) writeSpan(x1, y, x0);
    }
  }
}

/**
 * The active positions of the edges that start or end on the current row, by their x there as the
 * generation's fix-up compares it (exact up to 11.0, rounded from 11.2), in the order they were added:
 * increasing position, so the first fitting one is Pillow's.
 */
class RowEnds {
  private readonly byX = new Map<number, number[]>();

  constructor(private readonly keyOf: (x: number) => number) {}

  clear(): void {
    if (this.byX.size > 0) this.byX.clear();
  }

  add(x: number, position: number): void {
    const key = this.keyOf(x);
    const list = this.byX.get(key);
    if (list) list.push(position);
    else this.byX.set(key, [position]);
  }

  at(x: number): readonly number[] {
    return this.byX.get(this.keyOf(x)) ?? NONE;
  }
}

const NONE: readonly number[] = [];

function insertSorted(list: Int32Array, count: number, value: number): number {
  let at = count;
  while (at > 0 && list[at - 1] > value) {
    list[at] = list[at - 1];
    at--;
  }
  list[at] = value;
  return count + 1;
}

// Pillow's "connect discontiguous corners" step, including its indexing of xx by edge number. A joining
// edge ends on this row at the same x (both at their tops or both at their bottoms), so the row's edge
// ends at that x are all it needs, taken in active order.
function connectCorner(edges: EdgeList, table: number[], active: Int32Array, ends: RowEnds, position: number, xx: Float32Array, j: number, y: number, ymax: number): void {
  const cur = table[active[position]];
  const curDx = edges.dx[cur];
  for (const a of ends.at(xx[j - 1])) {
    const k = active[a];
    const other = table[k];
    if (!slopesAgree(curDx, edges.dx[other])) continue;
    const joinsAtTop = y === edges.ymin[cur] && y === edges.ymin[other];
    const joinsAtBottom = y === edges.ymax[cur] && y === edges.ymax[other];
    if (!(joinsAtTop || joinsAtBottom)) continue;
    xx[k] = joinedCorner(edges, cur, other, y, ymax);
    return;
  }
}

/** Pillow joins only edges that run the same way across the row: both rising or both falling in x. */
function slopesAgree(curDx: number, otherDx: number): boolean {
  return !((curDx > 0 && otherDx <= 0) || (curDx < 0 && otherDx >= 0));
}

/** The x Pillow's corner fix-up (9.2–11.1) writes for two joining edges: from their x on the adjacent row. */
function joinedCorner(edges: EdgeList, cur: number, other: number, y: number, ymax: number): number {
  const curDx = edges.dx[cur];
  const offset = y === ymax ? -1 : 1;
  const adjacent = edges.xAt(cur, y + offset);
  const adjacentOther = edges.xAt(other, y + offset);
  if (y === edges.ymax[cur]) return curDx > 0 ? Math.max(adjacent, adjacentOther) + 1 : Math.min(adjacent, adjacentOther) - 1;
  return curDx > 0 ? Math.min(adjacent, adjacentOther) : Math.max(adjacent, adjacentOther) + 1;
}

// 11.1's variant: any earlier edge in the table (spanning the row or not) whose line meets the current
// intersection joins it; it still writes xx by edge number.
function connectCorner111(edges: EdgeList, table: number[], current: number, xx: Float32Array, j: number, y: number, ymax: number): void {
  const cur = table[current];
  const curDx = edges.dx[cur];
  for (let k = 0; k < current; k++) {
    const other = table[k];
    if (!slopesAgree(curDx, edges.dx[other])) continue;
    if (xx[j - 1] !== edges.xAt(other, y)) continue;
    xx[k] = joinedCorner(edges, cur, other, y, ymax);
    return;
  }
}

// 11.2's rewrite: at the current edge's end, an earlier edge ending on the same row at the same rounded
// x pulls the current intersection to within a pixel of the adjacent row's ones. Only edges with an
// end on row y qualify: the row's edge ends at that rounded x, in active order, are all it needs.
function connectCorner112(edges: EdgeList, table: number[], active: Int32Array, ends: RowEnds, position: number, xx: Float32Array, j: number, y: number): void {
  const cur = table[active[position]];
  const x = xx[j - 1];
  for (const a of ends.at(x)) {
    const other = table[active[a]];
    if (edges.dx[other] === 0) continue;
    const offset = y === edges.ymax[cur] ? -1 : 1;
    const adjacent = edges.xAt(cur, y + offset);
    if (y + offset < edges.ymin[other] || y + offset > edges.ymax[other]) continue;
    const adjacentOther = edges.xAt(other, y + offset);
    if (x > f32(adjacent + 1) && x > f32(adjacentOther + 1)) {
      xx[j - 1] = roundf(Math.max(adjacent, adjacentOther)) + 1;
    } else if (x < f32(adjacent - 1) && x < f32(adjacentOther - 1)) {
      xx[j - 1] = roundf(Math.min(adjacent, adjacentOther)) - 1;
    }
    return;
  }
}

/**
 * Sorts xx[0..n) ascending. Rows of a polygon come out nearly sorted (edges in polygon order), so an
 * insertion sort finishes in about n steps; one that has to move values far gives up and sorts fully.
 */
function sortPrefix(xx: Float32Array, n: number): void {
  let budget = 8 * n + 64;
  for (let a = 1; a < n; a++) {
    const v = xx[a];
    let b = a - 1;
    while (b >= 0 && xx[b] > v) {
      xx[b + 1] = xx[b];
      b--;
      if (--budget === 0) {
        xx[b + 1] = v;
        xx.subarray(0, n).sort();
        return;
      }
    }
    xx[b + 1] = v;
  }
}
