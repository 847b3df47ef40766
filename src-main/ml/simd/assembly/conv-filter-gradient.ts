// AssemblyScript, compiled to a small wasm module that shares the tfjs wasm backend's memory:
// every pointer below is a byte offset into that heap. No data segments, no allocation.

import { endColumn, firstColumn } from './tap-columns';

/**
 * Filter gradient of an NHWC convolution, accumulated into `out` [kh, kw, inC, outC]:
 * out[i, j, c, o] += Σ over images and output pixels of x[n, y·sh + i·dh − pt, x·sw + j·dw − pl, c] · dy[n, y, x, o].
 * `inC` must be a multiple of 4 and `outC` of 8 (callers pad). Output rows are taken in blocks of
 * `rowsPerBlock` so that a block's input and dy rows stay in cache while every (tap, 4×8 tile) of the
 * gradient sweeps them; each tile keeps its 8 accumulators in registers for a whole block.
 */
export function conv2dFilterGradient(
  x: usize, dy: usize, out: usize,
  batch: i32, inH: i32, inW: i32, inC: i32, outH: i32, outW: i32, outC: i32,
  kh: i32, kw: i32, strideH: i32, strideW: i32, dilationH: i32, dilationW: i32, padTop: i32, padLeft: i32,
  rowsPerBlock: i32,
): void {
  const xPixelStep = <usize>(strideW * inC * 4);
  const dyPixelStep = <usize>(outC * 4);
  const outRowBytes = <usize>(outC * 4);
  for (let n = 0; n < batch; n++) {
    for (let y0 = 0; y0 < outH; y0 += rowsPerBlock) {
      const y1 = min(outH, y0 + rowsPerBlock);
      for (let i = 0; i < kh; i++) {
        for (let j = 0; j < kw; j++) {
          const colOffset = j * dilationW - padLeft;
          const x0 = firstColumn(colOffset, strideW);
          const x1 = endColumn(colOffset, strideW, inW, outW);
          if (x1 <= x0) continue;
          const tap = out + <usize>((i * kw + j) * inC * outC * 4);
          for (let c = 0; c < inC; c += 4) {
            for (let o = 0; o < outC; o += 8) {
              const acc = tap + <usize>((c * outC + o) * 4);
              let a00 = v128.load(acc), a01 = v128.load(acc, 16);
              let a10 = v128.load(acc + outRowBytes), a11 = v128.load(acc + outRowBytes, 16);
              let a20 = v128.load(acc + 2 * outRowBytes), a21 = v128.load(acc + 2 * outRowBytes, 16);
              let a30 = v128.load(acc + 3 * outRowBytes), a31 = v128.load(acc + 3 * outRowBytes, 16);
              for (let y = y0; y < y1; y++) {
                const row = y * strideH + i * dilationH - padTop;
                if (row < 0 || row >= inH) continue;
                let xp = x + <usize>((((n * inH + row) * inW + x0 * strideW + colOffset) * inC + c) * 4);
                let dp = dy + <usize>((((n * outH + y) * outW + x0) * outC + o) * 4);
                for (let k = x0; k < x1; k++) {
                  const d0 = v128.load(dp);
                  const d1 = v128.load(dp, 16);
                  const x0v = v128.load32_splat(xp);
                  a00 = f32x4.add(a00, f32x4.mul(x0v, d0));
                  a01 = f32x4.add(a01, f32x4.mul(x0v, d1));
                  const x1v = v128.load32_splat(xp, 4);
                  a10 = f32x4.add(a10, f32x4.mul(x1v, d0));
                  a11 = f32x4.add(a11, f32x4.mul(x1v, d1));
                  const x2v = v128.load32_splat(xp, 8);
                  a20 = f32x4.add(a20, f32x4.mul(x2v, d0));
                  a21 = f32x4.add(a21, f32x4.mul(x2v, d1));
                  const x3v = v128.load32_splat(xp, 12);
                  a30 = f32x4.add(a30, f32x4.mul(x3v, d0));
                  a31 = f32x4.add(a31, f32x4.mul(x3v, d1));
                  xp += xPixelStep;
                  dp += dyPixelStep;
                }
              }
              v128.store(acc, a00); v128.store(acc, a01, 16);
              v128.store(acc + outRowBytes, a10); v128.store(acc + outRowBytes, a11, 16);
              v128.store(acc + 2 * outRowBytes, a20); v128.store(acc + 2 * outRowBytes, a21, 16);
              v128.store(acc + 3 * outRowBytes, a30); v128.store(acc + 3 * outRowBytes, a31, 16);
            }
          }
        }
      }
    }
  }
}
