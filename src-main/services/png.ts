import sharp from 'sharp';
import type { MaskType } from '../../src-shared/raster';

// Per-row filter choice makes flat masks smaller than Pillow's files even at zlib level 3, which is twice as fast as level 6.
const PNG_OPTIONS = { compressionLevel: 3, adaptiveFiltering: true } as const;

/** Encodes a mask buffer as the PNG the official tools write: 8-bit grey, 16-bit grey or RGBA. */
export async function encodeMaskPng(type: MaskType, pixels: Uint8Array | Uint16Array, width: number, height: number): Promise<Buffer> {
  if (type === 'instanceIds') {
    return sharp(pixels as Uint16Array, { raw: { width, height, channels: 1 } })
      .toColourspace('grey16').png(PNG_OPTIONS).toBuffer();
  }
  const channels = type === 'color' ? 4 : 1;
  const image = sharp(pixels, { raw: { width, height, channels } });
  return (channels === 1 ? image.toColourspace('b-w') : image).png(PNG_OPTIONS).toBuffer();
}

export interface DecodedImage {
  readonly width: number;
  readonly height: number;
  readonly channels: number;
  readonly pixels: Uint8Array;
}

/** Decodes an 8-bit single-channel image (labelIds, labelTrainIds); colour input is converted to grey. */
export async function decodeGreyPng(path: string): Promise<DecodedImage> {
  const { data, info } = await sharp(path).toColourspace('b-w').raw().toBuffer({ resolveWithObject: true });
  return { width: info.width, height: info.height, channels: 1, pixels: new Uint8Array(data.buffer, data.byteOffset, data.length) };
}

/** Decodes a 16-bit single-channel image (instanceIds). */
export async function decodeGrey16Png(path: string): Promise<{ width: number; height: number; pixels: Uint16Array }> {
  const { data, info } = await sharp(path).toColourspace('grey16').raw({ depth: 'ushort' }).toBuffer({ resolveWithObject: true });
  const pixels = new Uint16Array(data.buffer.slice(data.byteOffset, data.byteOffset + data.length));
  return { width: info.width, height: info.height, pixels };
}

/** Decodes any image to RGBA. */
export async function decodeRgba(path: string): Promise<DecodedImage> {
  const { data, info } = await sharp(path).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  return { width: info.width, height: info.height, channels: 4, pixels: new Uint8Array(data.buffer, data.byteOffset, data.length) };
}
