import { readFile, stat } from 'node:fs/promises';
import sharp from 'sharp';
import type { CityscapesFrame, FrameImage } from '../../../src-shared/metrics';
import { decodeGrey16Png, decodeGreyPng } from '../../dataset/png';
import { decodePngSamples } from '../../dataset/png-samples';

export type FramePaths = Readonly<Record<FrameImage, string>>;

export type LoadedFrame = { readonly ok: true; readonly frame: CityscapesFrame } | { readonly ok: false; readonly errors: readonly string[] };

interface Decoded<T> { readonly width: number; readonly height: number; readonly pixels: T }

/** How a single-channel PNG stores its ids. */
type PngFormat = 'grey8' | 'grey16' | 'palette';

/**
 * What the official evalPixelLevelSemanticLabeling scores, reading each image with np.array(Image.open()):
 * predictions as 8-bit grey, palette indices or 16-bit grey (its Python path); ground-truth instanceIds
 * as 16-bit or 8-bit grey (8-bit ones hold no instance, as no value passes 1000).
 */
const ACCEPTED: Record<FrameImage, readonly PngFormat[]> = {
  labelIds: ['grey8'],
  instanceIds: ['grey16', 'grey8'],
  prediction: ['grey8', 'palette', 'grey16'],
};

const ROLES: Record<FrameImage, string> = {
  labelIds: 'ground-truth labelIds',
  instanceIds: 'ground-truth instanceIds',
  prediction: 'labelIds prediction',
};

/** Reads a frame's three PNGs; each problem is one line naming its file. Never rejects. */
export async function loadEvalFrame(paths: FramePaths): Promise<LoadedFrame> {
  const [labelIds, instanceIds, prediction] = await Promise.all([
    readImage(paths.labelIds, 'labelIds').then((image) => (typeof image === 'string' ? image : asUint8(image, paths.labelIds))),
    readImage(paths.instanceIds, 'instanceIds').then((image) => (typeof image === 'string' ? image : asUint16(image))),
    readImage(paths.prediction, 'prediction').then((image) => (typeof image === 'string' ? image : asUint8(image, paths.prediction))),
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
async function readImage(path: string, image: FrameImage): Promise<Decoded<Uint8Array | Uint16Array> | string> {
  const role = ROLES[image];
  const info = await stat(path).catch(() => null);
  if (!info?.isFile()) return `${path}: missing (${role})`;
  try {
    const meta = await sharp(path).metadata();
    const format: PngFormat | null = meta.format !== 'png' ? null
      : meta.isPalette ? 'palette'
      : meta.channels !== 1 ? null
      : meta.depth === 'ushort' ? 'grey16' : 'grey8';
    // Decoding anything else would convert it (colour to grey) and silently change the ids.
    if (format === null || !ACCEPTED[image].includes(format)) {
      const found = `${meta.format} with ${meta.channels} channel(s)${meta.isPalette ? ', palette' : ''}, ${meta.depth === 'ushort' ? 16 : 8}-bit`;
      return `${path}: expected ${describeAccepted(image)} (${role}), found ${found}`;
    }
    // sharp turns palette indices into colours and 16 bits into 8; those are read as stored.
    if (format === 'palette' || (format === 'grey16' && image === 'prediction')) {
      const { width, height, samples } = decodePngSamples(await readFile(path));
      return { width, height, pixels: samples };
    }
    return await (format === 'grey16' ? decodeGrey16Png(path) : decodeGreyPng(path));
  } catch (error) {
    return `${path}: cannot read as PNG (${(error as Error).message})`;
  }
}

function describeAccepted(image: FrameImage): string {
  const names: Record<PngFormat, string> = { grey8: '8-bit grey', grey16: '16-bit grey', palette: 'palette' };
  const formats = ACCEPTED[image].map((format) => names[format]);
  return `a single-channel ${formats.length > 1 ? `${formats.slice(0, -1).join(', ')} or ${formats.at(-1)}` : formats[0]} PNG`;
}

/** 8-bit ids; a 16-bit prediction may only hold values a label table can (the official script fails on others). */
function asUint8(image: Decoded<Uint8Array | Uint16Array>, path: string): Decoded<Uint8Array> | string {
  if (image.pixels instanceof Uint8Array) return { ...image, pixels: image.pixels };
  const above = new Set<number>();
  for (const value of image.pixels) if (value > 255) above.add(value);
  if (above.size > 0) {
    const listed = [...above].sort((a, b) => a - b);
    return `${path}: contains ${listed.length === 1 ? 'id' : 'ids'} ${listed.slice(0, 5).join(', ')}${listed.length > 5 ? ', …' : ''} above 255, which no label table holds`;
  }
  return { ...image, pixels: Uint8Array.from(image.pixels) };
}

function asUint16(image: Decoded<Uint8Array | Uint16Array>): Decoded<Uint16Array> {
  return image.pixels instanceof Uint16Array ? { ...image, pixels: image.pixels } : { ...image, pixels: Uint16Array.from(image.pixels) };
}
