import sharp from 'sharp';
import type { ObjectMap } from '../../../src-shared/raster';
import type { Look } from './look';
import { grain } from './noise';
import type { Shader } from './scene';

const BLUR_SIGMA = 0.55;
const GRAIN_AMPLITUDE = 4;

/**
 * Paints every pixel with the shader of the object that owns it in the official rasterization, so
 * the photo and the masks agree to the pixel; then adds what a camera adds: exposure, white
 * balance, vignetting, a slightly soft lens and sensor grain.
 */
export async function renderPhoto(map: ObjectMap, shaders: readonly Shader[], look: Look): Promise<Buffer> {
  const { width, height, owner, drawn } = map;
  const shaderByOwner = [null, ...drawn.map((object) => shaders[object.index])];
  const pixels = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const p = y * width + x;
      const shade = shaderByOwner[owner[p]];
      if (!shade) continue;
      const [r, g, b] = shade(x, y);
      const dx = (x - width / 2) / (width / 2);
      const dy = (y - height / 2) / (height / 2);
      const exposure = look.exposure * (1 - 0.18 * (dx * dx * 0.6 + dy * dy * 0.4));
      pixels[p * 3] = clampByte(r * exposure * look.whiteBalance[0]);
      pixels[p * 3 + 1] = clampByte(g * exposure * look.whiteBalance[1]);
      pixels[p * 3 + 2] = clampByte(b * exposure * look.whiteBalance[2]);
    }
  }
  const raw = { width, height, channels: 3 as const };
  const soft = await sharp(pixels, { raw }).blur(BLUR_SIGMA).raw().toBuffer();
  addSensorGrain(soft, width, height, look.seed);
  return sharp(soft, { raw }).png({ compressionLevel: 9, adaptiveFiltering: true }).toBuffer();
}

function addSensorGrain(pixels: Uint8Array, width: number, height: number, seed: number): void {
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const p = (y * width + x) * 3;
      // Mostly luminance grain, with a little colour noise as in real sensors.
      const luma = grain(x, y, seed) * GRAIN_AMPLITUDE;
      for (let c = 0; c < 3; c++) pixels[p + c] = clampByte(pixels[p + c] + luma + grain(x, y, seed + 1 + c) * 1.2);
    }
  }
}

function clampByte(value: number): number {
  return value < 0 ? 0 : value > 255 ? 255 : Math.round(value);
}
