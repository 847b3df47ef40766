import { existsSync, readdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDir } from '../../../test/helpers';
import { buildLabelIndex, CITYSCAPES } from '../../../src-shared/labels';
import { copyFramePolygonsOnly } from './__fixtures__/polygons-only-copy';
import { inputCacheEntryBytes, inputCacheFolder, inputCachePath, loadSampleCached, pruneInputCache, type InputCacheSpec } from './input-cache';
import { loadSample } from './load';
import { listSamples, type TrainingSample } from './samples';

const labels = buildLabelIndex(CITYSCAPES);
const SIZE = { height: 16, width: 32 };

describe('the input cache', () => {
  const tempDir = useTempDir();

  async function polygonSample(): Promise<{ root: string; sample: TrainingSample; cache: InputCacheSpec }> {
    const root = tempDir();
    copyFramePolygonsOnly(root, 'train', 'ashbury', 'ashbury_000002_000019');
    const [sample] = (await listSamples(root, 'train')).samples;
    expect(sample.label.kind).toBe('polygons');
    return { root, sample, cache: { dir: join(root, 'cache'), dataset: root, fingerprint: 'f1' } };
  }

  it('serves from disk the very sample loadSample decodes, after one miss', async () => {
    const { sample, cache } = await polygonSample();
    const direct = await loadSample(sample, SIZE, labels);
    const first = await loadSampleCached(sample, SIZE, labels, CITYSCAPES, undefined, cache);
    const second = await loadSampleCached(sample, SIZE, labels, CITYSCAPES, undefined, cache);
    expect([first.fromCache, second.fromCache]).toEqual([false, true]);
    for (const loaded of [first, second]) {
      expect(loaded.image).toEqual(direct.image);
      expect(loaded.label).toEqual(direct.label);
    }
    const files = readdirSync(inputCacheFolder(cache, SIZE));
    expect(files).toHaveLength(1);
    expect(readFileSync(join(inputCacheFolder(cache, SIZE), files[0])).length).toBe(inputCacheEntryBytes(SIZE));
  });

  it('misses when the fingerprint or the size changes', async () => {
    const { sample, cache } = await polygonSample();
    await loadSampleCached(sample, SIZE, labels, CITYSCAPES, undefined, cache);
    expect((await loadSampleCached(sample, SIZE, labels, CITYSCAPES, undefined, { ...cache, fingerprint: 'f2' })).fromCache).toBe(false);
    const other = await loadSampleCached(sample, { height: 8, width: 16 }, labels, CITYSCAPES, undefined, cache);
    expect([other.fromCache, other.image.length, other.label.length]).toEqual([false, 8 * 16 * 3, 8 * 16]);
    expect((await loadSampleCached(sample, SIZE, labels, CITYSCAPES, undefined, cache)).fromCache).toBe(true);
  });

  it('keys labels drawn from polygons by the label spec and the Pillow generation', async () => {
    const { sample, cache } = await polygonSample();
    const base = await inputCachePath(cache, sample, SIZE, CITYSCAPES, '9.2');
    const renamedSpec = { ...CITYSCAPES, name: 'cityscapes-edited' };
    expect(await inputCachePath(cache, sample, SIZE, renamedSpec, '9.2')).not.toBe(base);
    expect(await inputCachePath(cache, sample, SIZE, CITYSCAPES, '9.5')).not.toBe(base);
    expect(await inputCachePath(cache, sample, SIZE, CITYSCAPES, undefined)).toBe(base);
    await loadSampleCached(sample, SIZE, labels, CITYSCAPES, '9.2', cache);
    expect((await loadSampleCached(sample, SIZE, labels, CITYSCAPES, '9.5', cache)).fromCache).toBe(false);
  });

  it('ignores the label spec and Pillow for stored train-id PNGs, which they do not change', async () => {
    const { sample, cache } = await polygonSample();
    const pngSample: TrainingSample = { ...sample, label: { kind: 'trainIdsPng', path: sample.photoPath } };
    const base = await inputCachePath(cache, pngSample, SIZE, CITYSCAPES, '9.2');
    expect(await inputCachePath(cache, pngSample, SIZE, { ...CITYSCAPES, name: 'other' }, '9.5')).toBe(base);
  });

  it('misses when the photo or the annotation is rewritten', async () => {
    const { sample, cache } = await polygonSample();
    await loadSampleCached(sample, SIZE, labels, CITYSCAPES, undefined, cache);
    const later = new Date(Date.now() + 60_000);
    utimesSync(sample.photoPath, later, later);
    expect((await loadSampleCached(sample, SIZE, labels, CITYSCAPES, undefined, cache)).fromCache).toBe(false);
    utimesSync(sample.label.path, later, later);
    expect((await loadSampleCached(sample, SIZE, labels, CITYSCAPES, undefined, cache)).fromCache).toBe(false);
    expect((await loadSampleCached(sample, SIZE, labels, CITYSCAPES, undefined, cache)).fromCache).toBe(true);
  });

  it('recomputes and rewrites a damaged or truncated entry', async () => {
    const { sample, cache } = await polygonSample();
    const direct = await loadSample(sample, SIZE, labels);
    await loadSampleCached(sample, SIZE, labels, CITYSCAPES, undefined, cache);
    const path = await inputCachePath(cache, sample, SIZE, CITYSCAPES, undefined);
    const intact = readFileSync(path);
    const flipped = Buffer.from(intact);
    flipped[flipped.length - 100] ^= 0xff;
    for (const damaged of [flipped, intact.subarray(0, intact.length - 1), Buffer.from('not a cache entry')]) {
      writeFileSync(path, damaged);
      const recovered = await loadSampleCached(sample, SIZE, labels, CITYSCAPES, undefined, cache);
      expect(recovered.fromCache).toBe(false);
      expect(recovered.image).toEqual(direct.image);
      expect(recovered.label).toEqual(direct.label);
      expect(readFileSync(path).equals(intact)).toBe(true);
    }
    // Atomic writes leave no temp files behind.
    expect(readdirSync(inputCacheFolder(cache, SIZE))).toHaveLength(1);
  });

  it('prunes other versions of the same dataset at the same size, and nothing else', async () => {
    const { sample, cache } = await polygonSample();
    const small = { height: 8, width: 16 };
    const otherDataset = { ...cache, dataset: '/elsewhere' };
    for (const [spec, size] of [[cache, SIZE], [{ ...cache, fingerprint: 'f0' }, SIZE], [cache, small], [otherDataset, SIZE]] as const) {
      await loadSampleCached(sample, size, labels, CITYSCAPES, undefined, spec);
    }
    const removed = await pruneInputCache(cache, SIZE);
    expect(removed).toEqual([inputCacheFolder({ ...cache, fingerprint: 'f0' }, SIZE)]);
    expect(existsSync(removed[0])).toBe(false);
    for (const [spec, size] of [[cache, SIZE], [cache, small], [otherDataset, SIZE]] as const) expect(existsSync(inputCacheFolder(spec, size))).toBe(true);
    expect(await pruneInputCache({ ...cache, dir: join(cache.dir, 'missing') }, SIZE)).toEqual([]);
  });
});
