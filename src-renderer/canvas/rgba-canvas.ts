/** A canvas holding `rgba` pixels, ready to be a Konva image. */
export function canvasFromRgba(rgba: Uint8ClampedArray, width: number, height: number): HTMLCanvasElement {
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  canvas.getContext('2d')!.putImageData(new ImageData(new Uint8ClampedArray(rgba.buffer as ArrayBuffer, rgba.byteOffset, width * height * 4), width, height), 0, 0);
  return canvas;
}

/** Opaque magenta: loud over photos and label colours alike. */
const DIFF_RGBA = [255, 0, 255, 255];

/** Differing pixels in a loud magenta, everything else transparent. */
export function diffHighlight(mask: Uint8Array, width: number, height: number): HTMLCanvasElement {
  const rgba = new Uint8ClampedArray(width * height * 4);
  const packed = new Uint32Array(rgba.buffer);
  const magenta = new Uint32Array(new Uint8Array(DIFF_RGBA).buffer)[0];
  for (let p = 0; p < mask.length; p++) if (mask[p]) packed[p] = magenta;
  return canvasFromRgba(rgba, width, height);
}
