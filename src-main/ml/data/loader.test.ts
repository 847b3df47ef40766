import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { useTempDir } from '../../../test/helpers';
import { CITYSCAPES } from '../../../src-shared/labels';
import { SAMPLE_DATASET } from '../../app-paths';
import type { AugmentConfig } from './augment';
import { inputCacheFolder } from './input-cache';
import { BatchLoader, type Batch, type BatchLoaderOptions } from './loader';
import { IMAGENET_STATS } from './normalize';
import { listSamples, type TrainingSample } from './samples';

const SIZE = { height: 32, width: 64 };
const AUGMENT: AugmentConfig = {
  scaleCrop: { minScale: 0.5, maxScale: 2 },
  hflip: { p: 0.5 },
  jitter: { p: 0.5, brightness: 0.2, contrast: 0.2, saturation: 0.2 },
  blur: { p: 0.3, minSigma: 0.2, maxSigma: 1 },
};

async function collect(loader: BatchLoader, epoch: number): Promise<Batch[]> {
  const batches: Batch[] = [];
  for await (const batch of loader.epoch(epoch)) batches.push(batch);
  return batches;
}

describe('BatchLoader', () => {
  const tempDir = useTempDir();
  let samples: TrainingSample[];
  const open: BatchLoader[] = [];
  const makeLoader = (options: Partial<BatchLoaderOptions> = {}) => {
    const loader = new BatchLoader({ samples, size: SIZE, batchSize: 8, stats: IMAGENET_STATS, augment: AUGMENT, seed: 42, labelSpec: CITYSCAPES, ...options });
    open.push(loader);
    return loader;
  };

  beforeAll(async () => {
    samples = (await listSamples(SAMPLE_DATASET, 'train')).samples;
  });
  afterEach(async () => {
    await Promise.all(open.splice(0).map((loader) => loader.close()));
  });

  it('serves every sample once per epoch in batches of the right shape, from a worker thread, deterministically', async () => {
    const threaded = makeLoader({ workers: 1 });
    expect(threaded.batchesPerEpoch).toBe(3);
    const epoch1 = await collect(threaded, 1);
    expect(epoch1.map((b) => b.count)).toEqual([8, 8, 7]);
    for (const batch of epoch1) {
      expect(batch.images).toBeInstanceOf(Float32Array);
      expect(batch.images.length).toBe(batch.count * SIZE.height * SIZE.width * 3);
      expect(batch.labels.length).toBe(batch.count * SIZE.height * SIZE.width);
      expect(batch.images.byteOffset).toBe(0);
      expect(batch.images.buffer.byteLength).toBe(batch.images.byteLength);
    }
    expect(new Set(epoch1.flatMap((b) => b.ids)).size).toBe(23);
    const epoch2 = await collect(threaded, 2);
    expect(epoch2.flatMap((b) => b.ids)).not.toEqual(epoch1.flatMap((b) => b.ids));

    const inThread = makeLoader({ workers: 0 });
    const again = await collect(inThread, 1);
    expect(again.map((b) => b.ids)).toEqual(epoch1.map((b) => b.ids));
    again.forEach((batch, i) => {
      expect(batch.images).toEqual(epoch1[i].images);
      expect(batch.labels).toEqual(epoch1[i].labels);
    });
  });

  it('starts over at any epoch (a resume) with the same batches as an uninterrupted run', async () => {
    const loader = makeLoader({ workers: 0, prefetch: 3 });
    const first = await collect(loader, 3);
    for await (const batch of loader.epoch(4)) {
      expect(batch.index).toBe(0);
      break;
    }
    const restarted = await collect(loader, 3);
    expect(restarted.map((b) => b.ids)).toEqual(first.map((b) => b.ids));
    expect(restarted[2].labels).toEqual(first[2].labels);
  });

  it('serves samples in list order without augmentation and keeps or drops the last partial batch', async () => {
    const plain = makeLoader({ workers: 0, shuffle: false, augment: undefined, batchSize: 10 });
    const batches = await collect(plain, 1);
    expect(batches.flatMap((b) => b.ids)).toEqual(samples.map((s) => s.id));
    expect(batches.map((b) => b.count)).toEqual([10, 10, 3]);
    expect(makeLoader({ workers: 0, batchSize: 10, dropLast: true }).batchesPerEpoch).toBe(2);
  });

  it('names the sample that cannot be loaded, in this thread or a worker', async () => {
    const broken = [{ ...samples[0], photoPath: `${SAMPLE_DATASET}/missing.png` }];
    for (const workers of [0, 1]) {
      const loader = makeLoader({ samples: broken, workers });
      await expect(collect(loader, 1)).rejects.toThrow(`cannot load training sample ${samples[0].id}`);
    }
  });

  it('serves the same augmented batches from the input cache as from decoding, in a worker and in this thread', async () => {
    const cache = { dir: join(tempDir(), 'inputs'), dataset: SAMPLE_DATASET, fingerprint: 'f' };
    const expected = await collect(makeLoader({ workers: 0 }), 2);
    const filling = await collect(makeLoader({ workers: 1, inputCache: cache }), 2);
    expect(readdirSync(inputCacheFolder(cache, SIZE))).toHaveLength(samples.length);
    const fromCache = await collect(makeLoader({ workers: 0, inputCache: cache }), 2);
    for (const served of [filling, fromCache]) {
      expect(served.map((b) => b.ids)).toEqual(expected.map((b) => b.ids));
      served.forEach((batch, i) => {
        expect(batch.images).toEqual(expected[i].images);
        expect(batch.labels).toEqual(expected[i].labels);
      });
    }
  });
});
