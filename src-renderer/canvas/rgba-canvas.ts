import type { FrameData } from './frame-data';

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

/** The canvases the panes draw for a frame: its generated mask, the official one and the differences. */
export interface FrameImages {
  readonly generated: HTMLCanvasElement;
  readonly official: HTMLCanvasElement | null;
  /** Null when no pixel differs. */
  readonly diff: HTMLCanvasElement | null;
}

const imagesByFrame = new WeakMap<FrameData, FrameImages>();

/** Made once per frame, so a prefetched frame's canvases are ready before it is shown. */
export function frameImages(data: FrameData): FrameImages {
  let images = imagesByFrame.get(data);
  if (!images) {
    images = {
      generated: canvasFromRgba(data.generatedRgba, data.width, data.height),
      official: data.officialRgba && data.official ? canvasFromRgba(data.officialRgba, data.official.width, data.official.height) : null,
      // Most frames match their official mask: nothing to highlight, no canvas to fill.
      diff: data.diff && data.diff.count > 0 ? diffHighlight(data.diff.mask, data.width, data.height) : null,
    };
    imagesByFrame.set(data, images);
  }
  return images;
}
