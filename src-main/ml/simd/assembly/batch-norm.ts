// Per-channel kernels for BatchNorm in training, over NHWC data viewed as [pixels, channels].
// Sums run in f32 over blocks of 64 pixels and fold into f64 totals, so long reductions keep their
// precision. `scratch` must hold 8·channels bytes (f64 totals) then 4·channels (f32 partials) per sum.

const BLOCK = 64;

@inline function clearF64(at: usize, count: i32): void {
  for (let c = 0; c < count; c++) store<f64>(at + (<usize>c << 3), 0);
}

@inline function clearF32(at: usize, count: i32): void {
  for (let c = 0; c < count; c++) store<f32>(at + (<usize>c << 2), 0);
}

@inline function foldPartial(totals: usize, partial: usize, channels: i32): void {
  for (let c = 0; c < channels; c++) {
    const t = totals + (<usize>c << 3);
    store<f64>(t, load<f64>(t) + <f64>load<f32>(partial + (<usize>c << 2)));
  }
}

/** Adds x[p, c] − center[c] (or x[p, c] when squared is false and center is 0), or its square, over pixels into totals. */
function accumulate(x: usize, center: usize, pixels: i32, channels: i32, squared: bool, totals: usize, partial: usize): void {
  const vectorEnd = channels & ~3;
  const rowBytes = <usize>channels << 2;
  for (let start = 0; start < pixels; start += BLOCK) {
    const end = min(pixels, start + BLOCK);
    clearF32(partial, channels);
    let row = x + <usize>start * rowBytes;
    for (let p = start; p < end; p++, row += rowBytes) {
      let c = 0;
      for (; c < vectorEnd; c += 4) {
        const offset = <usize>c << 2;
        let d = f32x4.sub(v128.load(row + offset), v128.load(center + offset));
        if (squared) d = f32x4.mul(d, d);
        v128.store(partial + offset, f32x4.add(v128.load(partial + offset), d));
      }
      for (; c < channels; c++) {
        const offset = <usize>c << 2;
        let d = load<f32>(row + offset) - load<f32>(center + offset);
        if (squared) d *= d;
        store<f32>(partial + offset, load<f32>(partial + offset) + d);
      }
    }
    foldPartial(totals, partial, channels);
  }
}

/** Mean and biased variance of each channel (as tf.moments over all axes but the last). */
export function channelMoments(x: usize, pixels: i32, channels: i32, mean: usize, variance: usize, scratch: usize): void {
  const totals = scratch;
  const partial = scratch + (<usize>channels << 3);
  // Pass 1 subtracts `variance` while it still holds zeros.
  clearF32(variance, channels);
  clearF64(totals, channels);
  accumulate(x, variance, pixels, channels, false, totals, partial);
  for (let c = 0; c < channels; c++) store<f32>(mean + (<usize>c << 2), <f32>(load<f64>(totals + (<usize>c << 3)) / pixels));
  clearF64(totals, channels);
  accumulate(x, mean, pixels, channels, true, totals, partial);
  for (let c = 0; c < channels; c++) store<f32>(variance + (<usize>c << 2), <f32>(load<f64>(totals + (<usize>c << 3)) / pixels));
}

/** Σ dy and Σ dy·(x − mean) per channel, in one pass; scratch holds two sets of totals and partials. */
export function channelGradientSums(
  dy: usize, x: usize, mean: usize, pixels: i32, channels: i32, sumDy: usize, sumDyCentered: usize, scratch: usize,
): void {
  const totalsDy = scratch;
  const totalsCentered = scratch + (<usize>channels << 3);
  const partialDy = scratch + (<usize>channels << 4);
  const partialCentered = partialDy + (<usize>channels << 2);
  const vectorEnd = channels & ~3;
  const rowBytes = <usize>channels << 2;
  clearF64(totalsDy, channels);
  clearF64(totalsCentered, channels);
  for (let start = 0; start < pixels; start += BLOCK) {
    const end = min(pixels, start + BLOCK);
    clearF32(partialDy, channels);
    clearF32(partialCentered, channels);
    let at = <usize>start * rowBytes;
    for (let p = start; p < end; p++, at += rowBytes) {
      let c = 0;
      for (; c < vectorEnd; c += 4) {
        const offset = <usize>c << 2;
        const g = v128.load(dy + at + offset);
        const centered = f32x4.sub(v128.load(x + at + offset), v128.load(mean + offset));
        v128.store(partialDy + offset, f32x4.add(v128.load(partialDy + offset), g));
        v128.store(partialCentered + offset, f32x4.add(v128.load(partialCentered + offset), f32x4.mul(g, centered)));
      }
      for (; c < channels; c++) {
        const offset = <usize>c << 2;
        const g = load<f32>(dy + at + offset);
        store<f32>(partialDy + offset, load<f32>(partialDy + offset) + g);
        store<f32>(partialCentered + offset, load<f32>(partialCentered + offset) + g * (load<f32>(x + at + offset) - load<f32>(mean + offset)));
      }
    }
    foldPartial(totalsDy, partialDy, channels);
    foldPartial(totalsCentered, partialCentered, channels);
  }
  for (let c = 0; c < channels; c++) {
    store<f32>(sumDy + (<usize>c << 2), <f32>load<f64>(totalsDy + (<usize>c << 3)));
    store<f32>(sumDyCentered + (<usize>c << 2), <f32>load<f64>(totalsCentered + (<usize>c << 3)));
  }
}

/** out[p, c] = a[c]·u[p, c] + b[c]·v[p, c] + k[c]; with b = 0 and v = u it is a per-channel affine map. */
export function channelAffine(
  u: usize, v: usize, a: usize, b: usize, k: usize, out: usize, pixels: i32, channels: i32,
): void {
  const vectorEnd = channels & ~3;
  const rowBytes = <usize>channels << 2;
  let at: usize = 0;
  for (let p = 0; p < pixels; p++, at += rowBytes) {
    let c = 0;
    for (; c < vectorEnd; c += 4) {
      const offset = <usize>c << 2;
      const value = f32x4.add(
        f32x4.add(f32x4.mul(v128.load(a + offset), v128.load(u + at + offset)), f32x4.mul(v128.load(b + offset), v128.load(v + at + offset))),
        v128.load(k + offset),
      );
      v128.store(out + at + offset, value);
    }
    for (; c < channels; c++) {
      const offset = <usize>c << 2;
      store<f32>(out + at + offset, load<f32>(a + offset) * load<f32>(u + at + offset) + load<f32>(b + offset) * load<f32>(v + at + offset) + load<f32>(k + offset));
    }
  }
}
