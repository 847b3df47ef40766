import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDir } from '../../../test/helpers';
import { buildLabelIndex, CITYSCAPES } from '../../../src-shared/labels';
import { SAMPLE_DATASET } from '../../app-paths';
import { decodeGreyPng } from '../../dataset/png';
import { copyFramePolygonsOnly } from './__fixtures__/polygons-only-copy';
import { loadSample, loadTrainIds, rasterizeTrainIds } from './load';
import { resizeLabelsNearest } from './resample';
import { listSamples } from './samples';

const labels = buildLabelIndex(CITYSCAPES);
const FRAME = 'gtFine/train/ashbury/ashbury_000002_000019_gtFine';
const SIZE = { height: 64, width: 128 };

describe('loading a sample', () => {
  const tempDir = useTempDir();

  it('loads photo and train ids at 128×64', async () => {
    const { samples } = await listSamples(SAMPLE_DATASET, 'train');
    const sample = samples.find((s) => s.id === FRAME)!;
    const { image, label, height, width } = await loadSample(sample, SIZE, labels);
    expect([height, width, image.length, label.length]).toEqual([64, 128, 64 * 128 * 3, 64 * 128]);
    expect(Math.min(...image)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...image)).toBeLessThanOrEqual(1);
    const allowed = new Set([...labels.trainClasses.map((c) => c.trainId), 255]);
    const seen = [...new Set(label)];
    expect(seen.every((id) => allowed.has(id))).toBe(true);
    expect(seen.length).toBeGreaterThan(5);
  });

  it('resizes labels with exact nearest neighbour: a 2× smaller map has no value the original lacks', async () => {
    const { pixels, width, height } = await decodeGreyPng(join(SAMPLE_DATASET, `${FRAME}_labelTrainIds.png`));
    const original = new Set(pixels);
    for (const [h, w] of [[height / 2, width / 2], [37, 91], [height * 2, width * 2]]) {
      const resized = resizeLabelsNearest(pixels, height, width, h, w);
      expect([...new Set(resized)].filter((v) => !original.has(v))).toEqual([]);
    }
    const half = resizeLabelsNearest(pixels, height, width, height / 2, width / 2);
    expect(half[0]).toBe(pixels[width + 1]);
  });

  it('rasterizes polygons on the fly to exactly the stored labelTrainIds PNG', async () => {
    const png = await decodeGreyPng(join(SAMPLE_DATASET, `${FRAME}_labelTrainIds.png`));
    const rasterized = await rasterizeTrainIds(join(SAMPLE_DATASET, `${FRAME}_polygons.json`), labels);
    expect([rasterized.width, rasterized.height]).toEqual([png.width, png.height]);
    expect(Buffer.from(rasterized.pixels).equals(Buffer.from(png.pixels))).toBe(true);

    const root = tempDir();
    copyFramePolygonsOnly(root, 'train', 'ashbury', 'ashbury_000002_000019');
    const [fromPolygons] = (await listSamples(root, 'train')).samples;
    expect(fromPolygons.label.kind).toBe('polygons');
    const resizedFromPolygons = await loadTrainIds(fromPolygons.label, SIZE, labels);
    const resizedFromPng = await loadTrainIds({ kind: 'trainIdsPng', path: join(SAMPLE_DATASET, `${FRAME}_labelTrainIds.png`) }, SIZE, labels);
    expect(resizedFromPolygons).toEqual(resizedFromPng);
  });
});
