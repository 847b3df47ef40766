import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { useTempDir } from '../../../test/helpers';
import { SAMPLE_DATASET } from '../../app-paths';
import { channelStatsCachePath, datasetChannelStats, IMAGENET_STATS, normalize } from './normalize';
import { listSamples } from './samples';

describe('normalization', () => {
  const tempDir = useTempDir();

  it('computes the dataset mean/std once and reads it from the cache afterwards', async () => {
    const samples = (await listSamples(SAMPLE_DATASET, 'train')).samples.slice(0, 4);
    const options = { size: { height: 32, width: 64 }, fingerprint: 'f00d', cacheDir: tempDir() };
    const first = await datasetChannelStats(samples, options);
    expect(first.fromCache).toBe(false);
    for (const k of [0, 1, 2]) {
      expect(first.stats.mean[k]).toBeGreaterThan(0.05);
      expect(first.stats.mean[k]).toBeLessThan(0.95);
      expect(first.stats.std[k]).toBeGreaterThan(0.01);
    }
    expect(channelStatsCachePath(options)).toMatch(/channel-stats-f00d-32x64\.json$/);
    expect(JSON.parse(readFileSync(channelStatsCachePath(options), 'utf8'))).toMatchObject({ mean: first.stats.mean, std: first.stats.std, photos: 4 });

    const second = await datasetChannelStats(samples, options);
    expect(second).toEqual({ stats: first.stats, fromCache: true });
    const otherSize = await datasetChannelStats(samples, { ...options, size: { height: 16, width: 32 } });
    expect(otherSize.fromCache).toBe(false);
  });

  it('maps the mean to 0 and mean + std to 1 per channel', () => {
    const { mean, std } = IMAGENET_STATS;
    const image = Float32Array.from([...mean, mean[0] + std[0], mean[1] + std[1], mean[2] + std[2]]);
    const out = normalize(image, IMAGENET_STATS);
    [0, 0, 0, 1, 1, 1].forEach((expected, i) => expect(out[i]).toBeCloseTo(expected, 5));
    expect(image[0]).toBeCloseTo(mean[0], 6);
  });
});
