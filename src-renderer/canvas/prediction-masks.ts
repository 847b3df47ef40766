import { IGNORE_TRAIN_ID, type LabelIndex } from '../../src-shared/labels';
import { canvasFromRgba } from './rgba-canvas';

/**
 * Reads a colour prediction back into train ids through the classes' colours (where two share one,
 * the lower train id). Colours no class has become the ignore id.
 */
export function trainIdsFromColors(rgba: Uint8ClampedArray, labels: Pick<LabelIndex, 'trainClasses'>): Uint8Array {
  const byColor = new Map<number, number>();
  for (const { trainId, color: [r, g, b] } of [...labels.trainClasses].reverse()) byColor.set((r << 16) | (g << 8) | b, trainId);
  const out = new Uint8Array(rgba.length / 4);
  for (let p = 0; p < out.length; p++) out[p] = byColor.get((rgba[p * 4] << 16) | (rgba[p * 4 + 1] << 8) | rgba[p * 4 + 2]) ?? IGNORE_TRAIN_ID;
  return out;
}

/** Nearest-neighbour resampling of a one-byte-per-pixel buffer, sampling each target pixel's centre. */
export function resampleNearest(source: Uint8Array, width: number, height: number, toWidth: number, toHeight: number): Uint8Array {
  if (width === toWidth && height === toHeight) return source;
  const out = new Uint8Array(toWidth * toHeight);
  const columns = new Uint32Array(toWidth);
  for (let x = 0; x < toWidth; x++) columns[x] = Math.min(width - 1, Math.floor(((x + 0.5) * width) / toWidth));
  for (let y = 0; y < toHeight; y++) {
    const row = Math.min(height - 1, Math.floor(((y + 0.5) * height) / toHeight)) * width;
    for (let x = 0; x < toWidth; x++) out[y * toWidth + x] = source[row + columns[x]];
  }
  return out;
}

export interface PixelMask {
  /** 1 where the condition holds. */
  readonly mask: Uint8Array;
  readonly count: number;
  /** Pixels the condition was checked on. */
  readonly total: number;
}

/** Pixels where the prediction is not the ground truth; ignored ground-truth pixels are never errors and not counted. */
export function errorMask(prediction: Uint8Array, truth: Uint8Array): PixelMask {
  const mask = new Uint8Array(prediction.length);
  let count = 0;
  let total = 0;
  for (let p = 0; p < mask.length; p++) {
    if (truth[p] === IGNORE_TRAIN_ID) continue;
    total++;
    if (prediction[p] !== truth[p]) {
      mask[p] = 1;
      count++;
    }
  }
  return { mask, count, total };
}

/** Pixels where the predictions do not all agree. */
export function disagreementMask(predictions: readonly Uint8Array[]): PixelMask {
  const length = predictions[0]?.length ?? 0;
  const mask = new Uint8Array(length);
  let count = 0;
  for (let p = 0; p < length; p++) {
    const first = predictions[0][p];
    for (let r = 1; r < predictions.length; r++) {
      if (predictions[r][p] !== first) {
        mask[p] = 1;
        count++;
        break;
      }
    }
  }
  return { mask, count, total: length };
}

/** The mask's set pixels in one opaque colour, everything else transparent. */
export function maskCanvas(mask: Uint8Array, width: number, height: number, [r, g, b]: readonly [number, number, number]): HTMLCanvasElement {
  const rgba = new Uint8ClampedArray(width * height * 4);
  for (let p = 0; p < mask.length; p++) {
    if (!mask[p]) continue;
    rgba[p * 4] = r;
    rgba[p * 4 + 1] = g;
    rgba[p * 4 + 2] = b;
    rgba[p * 4 + 3] = 255;
  }
  return canvasFromRgba(rgba, width, height);
}
