/**
 * Whether any two segments of a set properly cross (each passes strictly through the other: touching
 * at an endpoint, T-junctions and collinear overlaps do not count), by the Shamos–Hoey sweep in
 * O(n log n): a vertical line sweeps left to right, the segments it meets are kept ordered by their y
 * at the line, and only segments that become neighbours in that order are tested. As long as no two
 * active segments cross, the order is a total one, so the first crossing is found between neighbours.
 *
 * Segments are flat coordinates in `xy` (x0, y0, x1, y1 per segment). Every reported pair is checked
 * with the exact orientation test, so a crossing is never reported where there is none.
 */
export function findProperCrossing(xy: Float64Array, count: number): [number, number] | null {
  const sweep = new Sweep(xy, count);
  return sweep.run();
}

/** An active segment in the status treap; parent links let a segment be removed without a search. */
interface Node {
  readonly segment: number;
  readonly priority: number;
  left: Node | null;
  right: Node | null;
  parent: Node | null;
}

class Sweep {
  // Each segment with its endpoints ordered lexicographically (x, then y): a is the left/lower end.
  private readonly ax: Float64Array;
  private readonly ay: Float64Array;
  private readonly bx: Float64Array;
  private readonly by: Float64Array;
  private readonly nodes: Array<Node | null>;
  private root: Node | null = null;
  private sweepX = 0;
  private sweepY = 0;
  private seed = 0x2545f491;

  constructor(xy: Float64Array, private readonly count: number) {
    this.ax = new Float64Array(count);
    this.ay = new Float64Array(count);
    this.bx = new Float64Array(count);
    this.by = new Float64Array(count);
    for (let s = 0; s < count; s++) {
      const x0 = xy[4 * s], y0 = xy[4 * s + 1], x1 = xy[4 * s + 2], y1 = xy[4 * s + 3];
      const swap = x0 > x1 || (x0 === x1 && y0 > y1);
      this.ax[s] = swap ? x1 : x0;
      this.ay[s] = swap ? y1 : y0;
      this.bx[s] = swap ? x0 : x1;
      this.by[s] = swap ? y0 : y1;
    }
    this.nodes = new Array<Node | null>(count).fill(null);
  }

  run(): [number, number] | null {
    // Events: 2s = segment s starts (at a), 2s + 1 = it ends (at b); by point, and at one point ends before starts.
    // A segment of zero length crosses nothing properly, and its two events would tie: it takes no part.
    const events = new Int32Array(2 * this.count);
    let eventCount = 0;
    for (let s = 0; s < this.count; s++) {
      if (this.ax[s] === this.bx[s] && this.ay[s] === this.by[s]) continue;
      events[eventCount++] = 2 * s;
      events[eventCount++] = 2 * s + 1;
    }
    const x = (e: number) => ((e & 1) === 0 ? this.ax[e >> 1] : this.bx[e >> 1]);
    const y = (e: number) => ((e & 1) === 0 ? this.ay[e >> 1] : this.by[e >> 1]);
    const order = events.subarray(0, eventCount).sort((p, q) => x(p) - x(q) || y(p) - y(q) || (q & 1) - (p & 1));

    for (const event of order) {
      const s = event >> 1;
      this.sweepX = x(event);
      this.sweepY = y(event);
      if ((event & 1) === 0) {
        const node = this.insert(s);
        const above = successor(node);
        const below = predecessor(node);
        if (above && this.cross(s, above.segment)) return ordered(s, above.segment);
        if (below && this.cross(s, below.segment)) return ordered(s, below.segment);
      } else {
        const node = this.nodes[s]!;
        const above = successor(node);
        const below = predecessor(node);
        this.remove(node);
        if (above && below && this.cross(above.segment, below.segment)) return ordered(above.segment, below.segment);
      }
    }
    return null;
  }

  /** y of segment s at the sweep line; a vertical segment is taken at the sweep point, within its span. */
  private yAt(s: number): number {
    const ax = this.ax[s], bx = this.bx[s];
    if (ax === bx) return Math.min(Math.max(this.sweepY, this.ay[s]), this.by[s]);
    if (this.sweepX <= ax) return this.ay[s];
    if (this.sweepX >= bx) return this.by[s];
    return this.ay[s] + ((this.sweepX - ax) * (this.by[s] - this.ay[s])) / (bx - ax);
  }

  /** Order at the sweep line: by y there, then (segments meeting there) by which rises faster, then by index. */
  private compare(s: number, t: number): number {
    const dy = this.yAt(s) - this.yAt(t);
    if (dy !== 0) return dy;
    return slope(this.ax[s], this.ay[s], this.bx[s], this.by[s]) - slope(this.ax[t], this.ay[t], this.bx[t], this.by[t]) || s - t;
  }

  private cross(s: number, t: number): boolean {
    const d1 = orientation(this.ax[s], this.ay[s], this.bx[s], this.by[s], this.ax[t], this.ay[t]);
    const d2 = orientation(this.ax[s], this.ay[s], this.bx[s], this.by[s], this.bx[t], this.by[t]);
    const d3 = orientation(this.ax[t], this.ay[t], this.bx[t], this.by[t], this.ax[s], this.ay[s]);
    const d4 = orientation(this.ax[t], this.ay[t], this.bx[t], this.by[t], this.bx[s], this.by[s]);
    return d1 * d2 < 0 && d3 * d4 < 0;
  }

  private insert(s: number): Node {
    const node: Node = { segment: s, priority: this.nextPriority(), left: null, right: null, parent: null };
    this.nodes[s] = node;
    if (this.root === null) {
      this.root = node;
      return node;
    }
    let at = this.root;
    for (;;) {
      if (this.compare(s, at.segment) < 0) {
        if (at.left === null) {
          at.left = node;
          break;
        }
        at = at.left;
      } else {
        if (at.right === null) {
          at.right = node;
          break;
        }
        at = at.right;
      }
    }
    node.parent = at;
    while (node.parent !== null && node.parent.priority > node.priority) this.rotateUp(node);
    return node;
  }

  private remove(node: Node): void {
    // Rotate the node down until it is a leaf (children keep heap order), then unlink it.
    while (node.left !== null || node.right !== null) {
      const child = node.right === null || (node.left !== null && node.left.priority < node.right.priority) ? node.left! : node.right;
      this.rotateUp(child);
    }
    if (node.parent === null) this.root = null;
    else if (node.parent.left === node) node.parent.left = null;
    else node.parent.right = null;
    this.nodes[node.segment] = null;
  }

  /** Rotates `node` above its parent, keeping the in-order sequence. */
  private rotateUp(node: Node): void {
    const parent = node.parent!;
    const grand = parent.parent;
    if (parent.left === node) {
      parent.left = node.right;
      if (node.right) node.right.parent = parent;
      node.right = parent;
    } else {
      parent.right = node.left;
      if (node.left) node.left.parent = parent;
      node.left = parent;
    }
    parent.parent = node;
    node.parent = grand;
    if (grand === null) this.root = node;
    else if (grand.left === parent) grand.left = node;
    else grand.right = node;
  }

  private nextPriority(): number {
    // xorshift32: a deterministic stream, so the same input always builds the same tree.
    let x = this.seed;
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    this.seed = x >>> 0;
    return this.seed;
  }
}

function successor(node: Node): Node | null {
  if (node.right) {
    let at = node.right;
    while (at.left) at = at.left;
    return at;
  }
  let at = node;
  while (at.parent && at.parent.right === at) at = at.parent;
  return at.parent;
}

function predecessor(node: Node): Node | null {
  if (node.left) {
    let at = node.left;
    while (at.right) at = at.right;
    return at;
  }
  let at = node;
  while (at.parent && at.parent.left === at) at = at.parent;
  return at.parent;
}

function slope(ax: number, ay: number, bx: number, by: number): number {
  return ax === bx ? Infinity : (by - ay) / (bx - ax);
}

function orientation(ax: number, ay: number, bx: number, by: number, cx: number, cy: number): number {
  return Math.sign((bx - ax) * (cy - ay) - (by - ay) * (cx - ax));
}

function ordered(s: number, t: number): [number, number] {
  return s < t ? [s, t] : [t, s];
}
