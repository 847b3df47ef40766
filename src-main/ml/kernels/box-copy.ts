type Values = Float32Array | Int32Array | Uint8Array;

/** Copies `rows` runs of `runBytes` bytes between byte addresses of one heap, `srcStride` and `dstStride` apart. */
export type RowCopier = (src: number, srcStride: number, dst: number, dstStride: number, rows: number, runBytes: number) => void;

/** A box of `size` elements read from a row-major tensor of `shape`, starting at `begin`. */
export interface Box {
  readonly shape: readonly number[];
  readonly begin: readonly number[];
}

/** One loop of a copy: how many steps, and how far each step moves in the source and the destination. */
interface Loop {
  count: number;
  srcStep: number;
  dstStep: number;
}

// Below this many elements a plain loop beats TypedArray.set, whose per-call cost dominates short runs.
const SHORT_RUN = 48;

/**
 * Copies a box of `size` elements from `src` (laid out as `from.shape`, read at `from.begin`)
 * into `dst` (laid out as `to.shape`, written at `to.begin`). Axes that stay contiguous in both
 * are merged first, so slicing a channel range or unstacking an inner axis becomes a few long
 * runs or many short ones copied without per-element index arithmetic.
 */
export function copyBox(src: Values, from: Box, dst: Values, to: Box, size: readonly number[], rows?: RowCopier): void {
  if (size.some((s) => s === 0)) return;
  const loops = mergedLoops(from.shape, to.shape, size);
  const run = loops.pop()!;
  const srcStart = flatOffset(from.shape, from.begin);
  const dstStart = flatOffset(to.shape, to.begin);
  if (rows !== undefined && loops.length > 0 && src.buffer === dst.buffer) copyRowsInHeap(src, srcStart, dst, dstStart, loops, run.count, rows);
  else copyRuns(src, srcStart, dst, dstStart, loops, run.count);
}

/** The innermost loop of runs goes to `rows` (our SIMD module) in one call; the loops outside it stay here. */
function copyRowsInHeap(src: Values, srcStart: number, dst: Values, dstStart: number, outer: Loop[], runLength: number, rows: RowCopier): void {
  const bytes = src.BYTES_PER_ELEMENT;
  const inner = outer[outer.length - 1];
  forEachStart(outer.slice(0, -1), srcStart, dstStart, (srcOffset, dstOffset) => {
    rows(src.byteOffset + srcOffset * bytes, inner.srcStep * bytes, dst.byteOffset + dstOffset * bytes, inner.dstStep * bytes, inner.count, runLength * bytes);
  });
}

/**
 * Copies `src` (laid out as `shape`) into `dst` with the order of `axes` reversed. The axes after
 * the last reversed one stay in order, so each of their blocks moves as one run.
 */
export function copyReversed(src: Values, shape: readonly number[], axes: readonly number[], dst: Values): void {
  if (shape.some((s) => s === 0)) return;
  const last = Math.max(-1, ...axes);
  let runLength = 1;
  for (let axis = last + 1; axis < shape.length; axis++) runLength *= shape[axis];
  const loops: Loop[] = [];
  let srcStart = 0;
  let stride = runLength;
  for (let axis = last; axis >= 0; axis--) {
    const isReversed = axes.includes(axis);
    loops.unshift({ count: shape[axis], srcStep: isReversed ? -stride : stride, dstStep: stride });
    if (isReversed) srcStart += (shape[axis] - 1) * stride;
    stride *= shape[axis];
  }
  copyRuns(src, srcStart, dst, 0, loops, runLength);
}

function copyRuns(src: Values, srcStart: number, dst: Values, dstStart: number, outer: Loop[], runLength: number): void {
  forEachStart(outer, srcStart, dstStart, (srcOffset, dstOffset) => {
    if (runLength >= SHORT_RUN) dst.set(src.subarray(srcOffset, srcOffset + runLength), dstOffset);
    else for (let i = 0; i < runLength; i++) dst[dstOffset + i] = src[srcOffset + i];
  });
}

/** Calls `visit` with the source and destination offsets of every iteration of the nested `loops`, in order. */
function forEachStart(loops: Loop[], srcStart: number, dstStart: number, visit: (srcOffset: number, dstOffset: number) => void): void {
  const counters = new Array<number>(loops.length).fill(0);
  let srcOffset = srcStart;
  let dstOffset = dstStart;
  const total = loops.reduce((product, loop) => product * loop.count, 1);
  for (let done = 0; done < total; done++) {
    visit(srcOffset, dstOffset);
    for (let axis = loops.length - 1; axis >= 0; axis--) {
      const loop = loops[axis];
      srcOffset += loop.srcStep;
      dstOffset += loop.dstStep;
      if (++counters[axis] < loop.count) break;
      counters[axis] = 0;
      srcOffset -= loop.srcStep * loop.count;
      dstOffset -= loop.dstStep * loop.count;
    }
  }
}

/**
 * The copy's loops, outermost first, with axes of size 1 dropped and an axis merged into the
 * one inside it wherever that inner loop already spans it in both layouts. The last loop
 * always has unit steps (the innermost axis of a row-major layout).
 */
function mergedLoops(srcShape: readonly number[], dstShape: readonly number[], size: readonly number[]): Loop[] {
  const loops: Loop[] = [];
  let srcStride = 1;
  let dstStride = 1;
  for (let axis = size.length - 1; axis >= 0; axis--) {
    const count = size[axis];
    if (count !== 1) {
      const inner = loops[0];
      if (inner !== undefined && inner.count * inner.srcStep === srcStride && inner.count * inner.dstStep === dstStride) inner.count *= count;
      else loops.unshift({ count, srcStep: srcStride, dstStep: dstStride });
    }
    srcStride *= srcShape[axis];
    dstStride *= dstShape[axis];
  }
  const innermost = loops[loops.length - 1];
  if (innermost === undefined || innermost.srcStep !== 1 || innermost.dstStep !== 1) loops.push({ count: 1, srcStep: 1, dstStep: 1 });
  return loops;
}

function flatOffset(shape: readonly number[], begin: readonly number[]): number {
  let offset = 0;
  for (let axis = 0; axis < shape.length; axis++) offset = offset * shape[axis] + begin[axis];
  return offset;
}
