import { readFile } from 'node:fs/promises';
import sharp from 'sharp';
import { formatProblem, parseAnnotation } from '../../../src-shared/annotation';
import type { LabelIndex } from '../../../src-shared/labels';
import { renderMasks, type PillowGeneration } from '../../../src-shared/raster';
import { decodeGreyPng } from '../../dataset/png';
import { resizeLabelsNearest } from './resample';
import type { LabelSource, TrainingSample } from './samples';
import type { ImageSize, LabelledImage } from './types';

/** `generation`: the Pillow fill labels drawn from polygons follow (the run's `pillow`). */
export async function loadSample(sample: TrainingSample, size: ImageSize, labels: LabelIndex, generation?: PillowGeneration): Promise<LabelledImage> {
  const [image, label] = await Promise.all([loadPhoto(sample.photoPath, size), loadTrainIds(sample.label, size, labels, generation)]);
  return { height: size.height, width: size.width, image, label };
}

/** The photo as HWC RGB floats in 0..1, resized bilinearly to `size` (aspect ratio not kept). */
export async function loadPhoto(path: string, size: ImageSize): Promise<Float32Array> {
  return photoToFloats(await loadPhotoBytes(path, size));
}

/** `loadPhoto` before the scaling to 0..1: HWC RGB bytes, what the input cache stores. */
export async function loadPhotoBytes(path: string, size: ImageSize): Promise<Uint8Array> {
  const { data, info } = await sharp(path)
    .removeAlpha()
    .toColourspace('srgb')
    .resize(size.width, size.height, { fit: 'fill', kernel: 'linear' })
    .raw()
    .toBuffer({ resolveWithObject: true });
  if (info.channels !== 3) throw new Error(`${path}: decoded to ${info.channels} channels, expected RGB`);
  return new Uint8Array(data.buffer, data.byteOffset, data.length);
}

export function photoToFloats(bytes: Uint8Array): Float32Array {
  const image = new Float32Array(bytes.length);
  for (let i = 0; i < bytes.length; i++) image[i] = bytes[i] / 255;
  return image;
}

/** Train ids at `size`, resized with nearest neighbour so no id appears that the source lacks. */
export async function loadTrainIds(source: LabelSource, size: ImageSize, labels: LabelIndex, generation?: PillowGeneration): Promise<Uint8Array> {
  const { pixels, height, width } = source.kind === 'trainIdsPng' ? await decodeGreyPng(source.path) : await rasterizeTrainIds(source.path, labels, generation);
  return resizeLabelsNearest(pixels, height, width, size.height, size.width);
}

/** Rasterizes a polygon annotation to train ids with the same rasterizer `segstudio masks` uses. */
export async function rasterizeTrainIds(jsonPath: string, labels: LabelIndex, generation?: PillowGeneration): Promise<{ pixels: Uint8Array; height: number; width: number }> {
  const parsed = parseAnnotation(await readFile(jsonPath, 'utf8'), jsonPath, labels);
  if (parsed.hasErrors || !parsed.annotation) {
    const firstError = parsed.problems.find((problem) => problem.severity === 'error');
    throw new Error(firstError ? formatProblem(firstError) : `${jsonPath}: not a usable annotation`);
  }
  const { annotation } = parsed;
  const pixels = renderMasks(annotation, labels, ['labelTrainIds'], generation).labelTrainIds!;
  return { pixels, height: annotation.imgHeight, width: annotation.imgWidth };
}
