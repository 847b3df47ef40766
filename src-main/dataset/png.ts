// Image decoding for the main side goes through sharp; mask PNGs are written by services/masks/mask-png.ts.
import sharp from 'sharp';

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
