import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '../../util/atomic-write';
import { loadPhoto } from './load';
import type { TrainingSample } from './samples';
import type { ImageSize } from './types';

type Rgb = readonly [number, number, number];

/** Per-channel mean and standard deviation of RGB values in 0..1. */
export interface ChannelStats {
  readonly mean: Rgb;
  readonly std: Rgb;
}

export const IMAGENET_STATS: ChannelStats = { mean: [0.485, 0.456, 0.406], std: [0.229, 0.224, 0.225] };

// A flat channel (a synthetic set, one grey photo) must not divide by ~0.
const MIN_STD = 1 / 255;
const PHOTOS_IN_FLIGHT = 4;

/** (value − mean) / std per channel of an HWC RGB image, written to `out`. */
export function normalize(image: Float32Array, stats: ChannelStats, out: Float32Array = new Float32Array(image.length)): Float32Array {
  const [m0, m1, m2] = stats.mean;
  const [i0, i1, i2] = stats.std.map((s) => 1 / s);
  for (let i = 0; i < image.length; i += 3) {
    out[i] = (image[i] - m0) * i0;
    out[i + 1] = (image[i + 1] - m1) * i1;
    out[i + 2] = (image[i + 2] - m2) * i2;
  }
  return out;
}

export interface DatasetStatsOptions {
  readonly size: ImageSize;
  /** From `datasetFingerprint`: stats are recomputed when the dataset changes. */
  readonly fingerprint: string;
  readonly cacheDir: string;
}

export function channelStatsCachePath(options: DatasetStatsOptions): string {
  return join(options.cacheDir, `channel-stats-${options.fingerprint}-${options.size.height}x${options.size.width}.json`);
}

/**
 * The mean and std of the samples' photos at the training size, computed once and cached as JSON
 * keyed by dataset fingerprint and size; later calls read the file.
 */
export async function datasetChannelStats(samples: readonly TrainingSample[], options: DatasetStatsOptions): Promise<{ stats: ChannelStats; fromCache: boolean }> {
  const path = channelStatsCachePath(options);
  const cached = await readCachedStats(path);
  if (cached) return { stats: cached, fromCache: true };
  const stats = await computeChannelStats(samples, options.size);
  await writeFileAtomic(path, `${JSON.stringify({ fingerprint: options.fingerprint, ...options.size, photos: samples.length, ...stats }, null, 2)}\n`);
  return { stats, fromCache: false };
}

export async function computeChannelStats(samples: readonly TrainingSample[], size: ImageSize): Promise<ChannelStats> {
  if (samples.length === 0) throw new Error('cannot compute dataset mean/std: no training samples');
  const sum = [0, 0, 0];
  const sumOfSquares = [0, 0, 0];
  for (let start = 0; start < samples.length; start += PHOTOS_IN_FLIGHT) {
    const photos = await Promise.all(samples.slice(start, start + PHOTOS_IN_FLIGHT).map((sample) => loadPhoto(sample.photoPath, size)));
    for (const photo of photos) {
      for (let i = 0; i < photo.length; i += 3) {
        for (let k = 0; k < 3; k++) {
          sum[k] += photo[i + k];
          sumOfSquares[k] += photo[i + k] * photo[i + k];
        }
      }
    }
  }
  const count = samples.length * size.height * size.width;
  const mean = sum.map((s) => s / count);
  const std = sumOfSquares.map((s, k) => Math.max(MIN_STD, Math.sqrt(Math.max(0, s / count - mean[k] * mean[k]))));
  return { mean: [mean[0], mean[1], mean[2]], std: [std[0], std[1], std[2]] };
}

async function readCachedStats(path: string): Promise<ChannelStats | null> {
  const text = await readFile(path, 'utf8').catch(() => null);
  if (text === null) return null;
  try {
    const { mean, std } = JSON.parse(text) as Partial<ChannelStats>;
    const isRgb = (value: unknown): value is Rgb => Array.isArray(value) && value.length === 3 && value.every((v) => typeof v === 'number' && Number.isFinite(v));
    // A damaged cache file is recomputed rather than trusted.
    return isRgb(mean) && isRgb(std) && std.every((s) => s > 0) ? { mean, std } : null;
  } catch {
    return null;
  }
}
