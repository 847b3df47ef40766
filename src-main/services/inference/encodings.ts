import { IGNORE_TRAIN_ID, type LabelIndex } from '../../../src-shared/labels';

/** Label id per train id (256 entries); ids no class predicts map to the background label (`unlabeled`). */
export function labelIdByTrainId(labels: LabelIndex): Uint8Array {
  const table = new Uint8Array(256).fill(Math.max(0, Math.min(255, labels.background.id)));
  for (const [trainId, label] of labels.byTrainId) {
    if (trainId >= 0 && trainId < IGNORE_TRAIN_ID && label.id >= 0 && label.id <= 255) table[trainId] = label.id;
  }
  return table;
}

/** Every pixel looked up in a 256-entry table. */
export function mapPixels(pixels: Uint8Array, table: Uint8Array): Uint8Array {
  const out = new Uint8Array(pixels.length);
  for (let i = 0; i < pixels.length; i++) out[i] = table[pixels[i]];
  return out;
}

/** HW ids → HWC RGB through a 256 × RGB palette. */
export function colorize(ids: Uint8Array, palette: Uint8Array): Uint8Array {
  const rgb = new Uint8Array(ids.length * 3);
  for (let i = 0; i < ids.length; i++) {
    const c = ids[i] * 3;
    rgb[i * 3] = palette[c];
    rgb[i * 3 + 1] = palette[c + 1];
    rgb[i * 3 + 2] = palette[c + 2];
  }
  return rgb;
}

/** `photo` and `colors` (both HWC RGB, same size) blended, `alpha` of the colours over the photo. */
export function blendOverlay(photo: Uint8Array, colors: Uint8Array, alpha = 0.5): Uint8Array {
  if (photo.length !== colors.length) throw new Error(`overlay: photo has ${photo.length} samples, prediction ${colors.length}`);
  const out = new Uint8Array(photo.length);
  for (let i = 0; i < photo.length; i++) out[i] = Math.round(photo[i] * (1 - alpha) + colors[i] * alpha);
  return out;
}
