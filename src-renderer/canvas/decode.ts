/**
 * Decodes an image file to its exact stored pixels (RGBA). Colour management is switched off so a
 * mask's label colors come back unchanged, whatever gamma or profile chunks the PNG carries.
 */
export async function decodeImagePixels(bytes: ArrayBuffer, mime: string): Promise<{ width: number; height: number; rgba: Uint8ClampedArray }> {
  const bitmap = await createImageBitmap(new Blob([bytes], { type: mime }), { colorSpaceConversion: 'none', premultiplyAlpha: 'none' });
  try {
    const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
    const context = canvas.getContext('2d', { willReadFrequently: true })!;
    context.drawImage(bitmap, 0, 0);
    return { width: bitmap.width, height: bitmap.height, rgba: context.getImageData(0, 0, bitmap.width, bitmap.height).data };
  } finally {
    bitmap.close();
  }
}

/** The first channel of RGBA pixels: a grey label image's values. */
export function firstChannel(rgba: Uint8ClampedArray): Uint8Array {
  const out = new Uint8Array(rgba.length / 4);
  for (let p = 0; p < out.length; p++) out[p] = rgba[p * 4];
  return out;
}
