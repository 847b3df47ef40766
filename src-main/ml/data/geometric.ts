import { IGNORE_TRAIN_ID } from '../../../src-shared/labels';
import { axisMap, sampleBilinear, sampleNearest } from './resample';
import type { LabelledImage } from './types';

const CHANNELS = 3;

/** Where the output window sits in the source scaled by `scale`: negative offsets pad, positive ones crop. */
export interface ScaleCropWindow {
  readonly scale: number;
  readonly top: number;
  readonly left: number;
}

/** The size of `sample` scaled by `scale`, in whole pixels. */
export function scaledSize(sample: LabelledImage, scale: number): { height: number; width: number } {
  return { height: Math.max(1, Math.round(sample.height * scale)), width: Math.max(1, Math.round(sample.width * scale)) };
}

/**
 * Scales the sample (image bilinear, label nearest) and cuts a window of the original size out of it;
 * where the window leaves the scaled image, the image is 0 and the label is ignored (255).
 */
export function scaleCrop(sample: LabelledImage, window: ScaleCropWindow): LabelledImage {
  const { height, width } = sample;
  const scaled = scaledSize(sample, window.scale);
  const rows = axisMap(height, height, scaled.height, window.top);
  const cols = axisMap(width, width, scaled.width, window.left);
  return {
    height,
    width,
    image: sampleBilinear(sample.image, width, CHANNELS, rows, cols),
    label: sampleNearest(sample.label, width, rows, cols, IGNORE_TRAIN_ID),
  };
}

export function flipHorizontal(sample: LabelledImage): LabelledImage {
  const { height, width } = sample;
  const image = new Float32Array(sample.image.length);
  const label = new Uint8Array(sample.label.length);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const from = y * width + (width - 1 - x);
      const to = y * width + x;
      label[to] = sample.label[from];
      image[to * CHANNELS] = sample.image[from * CHANNELS];
      image[to * CHANNELS + 1] = sample.image[from * CHANNELS + 1];
      image[to * CHANNELS + 2] = sample.image[from * CHANNELS + 2];
    }
  }
  return { height, width, image, label };
}

/** Rotates counter-clockwise by `quarterTurns` × 90°; an odd count swaps height and width. */
export function rotateQuarterTurns(sample: LabelledImage, quarterTurns: number): LabelledImage {
  const k = ((quarterTurns % 4) + 4) % 4;
  if (k === 0) return sample;
  const { height: h, width: w } = sample;
  const outHeight = k === 2 ? h : w;
  const outWidth = k === 2 ? w : h;
  const image = new Float32Array(sample.image.length);
  const label = new Uint8Array(sample.label.length);
  for (let y = 0; y < outHeight; y++) {
    for (let x = 0; x < outWidth; x++) {
      const from = k === 1 ? x * w + (w - 1 - y) : k === 2 ? (h - 1 - y) * w + (w - 1 - x) : (h - 1 - x) * w + y;
      const to = y * outWidth + x;
      label[to] = sample.label[from];
      image[to * CHANNELS] = sample.image[from * CHANNELS];
      image[to * CHANNELS + 1] = sample.image[from * CHANNELS + 1];
      image[to * CHANNELS + 2] = sample.image[from * CHANNELS + 2];
    }
  }
  return { height: outHeight, width: outWidth, image, label };
}
