import { stat } from 'node:fs/promises';
import sharp from 'sharp';
import type { CityscapesFrame, FrameImage } from '../../../src-shared/metrics';
import { decodeGrey16Png, decodeGreyPng } from '../../dataset/png';

export type FramePaths = Readonly<Record<FrameImage, string>>;

export type LoadedFrame = { readonly ok: true; readonly frame: CityscapesFrame } | { readonly ok: false; readonly errors: readonly string[] };

interface Decoded<T> { readonly width: number; readonly height: number; readonly pixels: T }

/** Reads a frame's three PNGs; each problem is one line naming its file. Never rejects. */
export async function loadEvalFrame(paths: FramePaths): Promise<LoadedFrame> {
  const [labelIds, instanceIds, prediction] = await Promise.all([
    readImage(paths.labelIds, 'uchar', 'ground-truth labelIds', decodeGreyPng),
    readImage(paths.instanceIds, 'ushort', 'ground-truth instanceIds', decodeGrey16Png),
    readImage(paths.prediction, 'uchar', 'labelIds prediction', decodeGreyPng),
  ]);
  const errors = [labelIds, instanceIds, prediction].filter((image): image is string => typeof image === 'string');
  if (typeof labelIds === 'string' || typeof instanceIds === 'string' || typeof prediction === 'string') return { ok: false, errors };

  const sizeOf = (image: Decoded<unknown>) => `${image.width}×${image.height}`;
  if (sizeOf(prediction) !== sizeOf(labelIds)) errors.push(`${paths.prediction}: prediction is ${sizeOf(prediction)}, its ground truth ${paths.labelIds} is ${sizeOf(labelIds)}`);
  if (sizeOf(instanceIds) !== sizeOf(labelIds)) errors.push(`${paths.instanceIds}: instanceIds are ${sizeOf(instanceIds)}, the labelIds beside them ${sizeOf(labelIds)}`);
  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, frame: { labelIds: labelIds.pixels, instanceIds: instanceIds.pixels, prediction: prediction.pixels } };
}

/** The decoded image, or the one line that says why it cannot be used. */
async function readImage<T>(path: string, depth: 'uchar' | 'ushort', role: string, decode: (path: string) => Promise<Decoded<T>>): Promise<Decoded<T> | string> {
  const info = await stat(path).catch(() => null);
  if (!info?.isFile()) return `${path}: missing (${role})`;
  try {
    const meta = await sharp(path).metadata();
    const bits = depth === 'uchar' ? 8 : 16;
    // Decoding anything else would convert it (palette to colour, 8 to 16 bit) and silently change the ids.
    if (meta.format !== 'png' || meta.channels !== 1 || meta.isPalette || meta.depth !== depth) {
      const found = `${meta.format} with ${meta.channels} channel(s)${meta.isPalette ? ', palette' : ''}, ${meta.depth === 'ushort' ? 16 : 8}-bit`;
      return `${path}: expected a single-channel ${bits}-bit grey PNG (${role}), found ${found}`;
    }
    return await decode(path);
  } catch (error) {
    return `${path}: cannot read as PNG (${(error as Error).message})`;
  }
}
