/**
 * Copies `rows` runs of `runBytes` bytes, each `srcStride` bytes apart in the source and `dstStride`
 * apart in the destination: a channel slice, a concatenation's part or an unstacked plane. Short
 * runs of whole vectors (a few channels per pixel) go by v128; others by memory.copy.
 */
export function copyRows(src: usize, srcStride: usize, dst: usize, dstStride: usize, rows: i32, runBytes: usize): void {
  if ((runBytes & 15) === 0 && runBytes <= 256) {
    for (let r = 0; r < rows; r++, src += srcStride, dst += dstStride) {
      for (let at: usize = 0; at < runBytes; at += 16) v128.store(dst + at, v128.load(src + at));
    }
    return;
  }
  for (let r = 0; r < rows; r++, src += srcStride, dst += dstStride) memory.copy(dst, src, runBytes);
}
