/**
 * Turns a label buffer into RGBA pixels for a canvas `ImageData`, using a palette of 256 RGB
 * entries (e.g. `LabelIndex.colorById` for labelIds, `colorByTrainId` for train ids).
 */
export function colorizeLabels(labels: Uint8Array, palette: Uint8Array, out = new Uint8ClampedArray(labels.length * 4)): Uint8ClampedArray {
  // Build a packed lookup once, so each pixel costs one read and one 32-bit write.
  const packed = new Uint32Array(256);
  const bytes = new Uint8Array(packed.buffer);
  for (let v = 0; v < 256; v++) {
    bytes[v * 4] = palette[v * 3];
    bytes[v * 4 + 1] = palette[v * 3 + 1];
    bytes[v * 4 + 2] = palette[v * 3 + 2];
    bytes[v * 4 + 3] = 255;
  }
  const out32 = new Uint32Array(out.buffer, out.byteOffset, labels.length);
  for (let p = 0; p < labels.length; p++) out32[p] = packed[labels[p]];
  return out;
}
