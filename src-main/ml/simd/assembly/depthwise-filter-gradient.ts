import { endColumn, firstColumn } from './tap-columns';

/**
 * Filter gradient of an NHWC depthwise convolution with multiplier 1, accumulated into `out`
 * [kh, kw, channels]: out[i, j, c] += Σ over images and output pixels of
 * x[n, y·sh + i·dh − pt, x·sw + j·dw − pl, c] · dy[n, y, x, c]. `channels` must be a multiple of 4
 * (callers pad). Channels go 16 at a time in four v128 accumulators over every pixel of a tap.
 */
export function depthwiseFilterGradient(
  x: usize, dy: usize, out: usize,
  batch: i32, inH: i32, inW: i32, channels: i32, outH: i32, outW: i32,
  kh: i32, kw: i32, strideH: i32, strideW: i32, dilationH: i32, dilationW: i32, padTop: i32, padLeft: i32,
): void {
  const pixelBytes = <usize>(channels * 4);
  const xPixelStep = <usize>(strideW * channels * 4);
  for (let i = 0; i < kh; i++) {
    for (let j = 0; j < kw; j++) {
      const colOffset = j * dilationW - padLeft;
      const x0 = firstColumn(colOffset, strideW);
      const x1 = endColumn(colOffset, strideW, inW, outW);
      if (x1 <= x0) continue;
      const tap = out + <usize>((i * kw + j) * channels * 4);
      let c = 0;
      for (; c + 16 <= channels; c += 16) {
        const acc = tap + <usize>(c * 4);
        let a0 = v128.load(acc), a1 = v128.load(acc, 16), a2 = v128.load(acc, 32), a3 = v128.load(acc, 48);
        for (let n = 0; n < batch; n++) {
          for (let y = 0; y < outH; y++) {
            const row = y * strideH + i * dilationH - padTop;
            if (row < 0 || row >= inH) continue;
            let xp = x + <usize>((((n * inH + row) * inW + x0 * strideW + colOffset) * channels + c) * 4);
            let dp = dy + <usize>((((n * outH + y) * outW + x0) * channels + c) * 4);
            for (let k = x0; k < x1; k++) {
              a0 = f32x4.add(a0, f32x4.mul(v128.load(xp), v128.load(dp)));
              a1 = f32x4.add(a1, f32x4.mul(v128.load(xp, 16), v128.load(dp, 16)));
              a2 = f32x4.add(a2, f32x4.mul(v128.load(xp, 32), v128.load(dp, 32)));
              a3 = f32x4.add(a3, f32x4.mul(v128.load(xp, 48), v128.load(dp, 48)));
              xp += xPixelStep;
              dp += pixelBytes;
            }
          }
        }
        v128.store(acc, a0); v128.store(acc, a1, 16); v128.store(acc, a2, 32); v128.store(acc, a3, 48);
      }
      for (; c < channels; c += 4) {
        const acc = tap + <usize>(c * 4);
        let a = v128.load(acc);
        for (let n = 0; n < batch; n++) {
          for (let y = 0; y < outH; y++) {
            const row = y * strideH + i * dilationH - padTop;
            if (row < 0 || row >= inH) continue;
            let xp = x + <usize>((((n * inH + row) * inW + x0 * strideW + colOffset) * channels + c) * 4);
            let dp = dy + <usize>((((n * outH + y) * outW + x0) * channels + c) * 4);
            for (let k = x0; k < x1; k++) {
              a = f32x4.add(a, f32x4.mul(v128.load(xp), v128.load(dp)));
              xp += xPixelStep;
              dp += pixelBytes;
            }
          }
        }
        v128.store(acc, a);
      }
    }
  }
}
