/**
 * How one output axis reads a source axis that is first scaled to `scaledLength` and then shifted by
 * `offset` (a crop when positive, padding when negative). Pixel centres line up (the "half-pixel"
 * convention), so a label resampled with `nearest` and an image resampled with `lower`/`upper`/
 * `weight` stay aligned. -1 marks output pixels that fall outside the scaled source.
 */
export interface AxisMap {
  readonly nearest: Int32Array;
  readonly lower: Int32Array;
  readonly upper: Int32Array;
  /** Weight of `upper` in the bilinear blend. */
  readonly weight: Float32Array;
}

export function axisMap(outLength: number, srcLength: number, scaledLength: number, offset = 0): AxisMap {
  const nearest = new Int32Array(outLength);
  const lower = new Int32Array(outLength);
  const upper = new Int32Array(outLength);
  const weight = new Float32Array(outLength);
  const step = srcLength / scaledLength;
  for (let o = 0; o < outLength; o++) {
    const p = o + offset;
    if (p < 0 || p >= scaledLength) {
      nearest[o] = lower[o] = upper[o] = -1;
      continue;
    }
    nearest[o] = Math.min(srcLength - 1, Math.floor((p + 0.5) * step));
    const centre = Math.min(srcLength - 1, Math.max(0, (p + 0.5) * step - 0.5));
    lower[o] = Math.floor(centre);
    upper[o] = Math.min(srcLength - 1, lower[o] + 1);
    weight[o] = centre - lower[o];
  }
  return { nearest, lower, upper, weight };
}

/** Nearest-neighbour resampling of a label map: every output value is a source value (or `fill` outside). */
export function sampleNearest(src: Uint8Array, srcWidth: number, rows: AxisMap, cols: AxisMap, fill: number): Uint8Array {
  const height = rows.nearest.length;
  const width = cols.nearest.length;
  const out = new Uint8Array(height * width);
  for (let y = 0; y < height; y++) {
    const sy = rows.nearest[y];
    const rowOut = y * width;
    if (sy < 0) {
      out.fill(fill, rowOut, rowOut + width);
      continue;
    }
    const rowIn = sy * srcWidth;
    for (let x = 0; x < width; x++) {
      const sx = cols.nearest[x];
      out[rowOut + x] = sx < 0 ? fill : src[rowIn + sx];
    }
  }
  return out;
}

/** Bilinear resampling of an HWC float image (0 outside the scaled source). */
export function sampleBilinear(src: Float32Array, srcWidth: number, channels: number, rows: AxisMap, cols: AxisMap): Float32Array {
  const height = rows.lower.length;
  const width = cols.lower.length;
  const out = new Float32Array(height * width * channels);
  for (let y = 0; y < height; y++) {
    const y0 = rows.lower[y];
    if (y0 < 0) continue;
    const wy = rows.weight[y];
    const top = y0 * srcWidth;
    const bottom = rows.upper[y] * srcWidth;
    for (let x = 0; x < width; x++) {
      const x0 = cols.lower[x];
      if (x0 < 0) continue;
      const wx = cols.weight[x];
      const x1 = cols.upper[x];
      const a = (top + x0) * channels;
      const b = (top + x1) * channels;
      const c = (bottom + x0) * channels;
      const d = (bottom + x1) * channels;
      const o = (y * width + x) * channels;
      for (let k = 0; k < channels; k++) {
        const upperRow = src[a + k] + (src[b + k] - src[a + k]) * wx;
        const lowerRow = src[c + k] + (src[d + k] - src[c + k]) * wx;
        out[o + k] = upperRow + (lowerRow - upperRow) * wy;
      }
    }
  }
  return out;
}

export function resizeLabelsNearest(src: Uint8Array, srcHeight: number, srcWidth: number, height: number, width: number): Uint8Array {
  if (srcHeight === height && srcWidth === width) return src;
  return sampleNearest(src, srcWidth, axisMap(height, srcHeight, height), axisMap(width, srcWidth, width), 0);
}
