import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDir } from '../../../test/helpers';
import { SAMPLE_DATASET } from '../../app-paths';
import { copyFramePolygonsOnly } from './__fixtures__/polygons-only-copy';
import { buildLabelIndex, CITYSCAPES, type LabelSpec } from '../../../src-shared/labels';
import { listSamples, storedTrainIdsFit } from './samples';

const DEFECTIVE = 'gtFine/train/riverton/riverton_000003_000019_gtFine';

describe('listSamples', () => {
  const tempDir = useTempDir();

  it('lists the train split, skipping the frame with an unknown label with a one-line warning naming it', async () => {
    const { samples, warnings } = await listSamples(SAMPLE_DATASET, 'train');
    expect(samples).toHaveLength(23);
    expect(samples.some((sample) => sample.id === DEFECTIVE)).toBe(false);
    expect(samples.every((sample) => sample.label.kind === 'trainIdsPng' && sample.label.path.endsWith('_gtFine_labelTrainIds.png'))).toBe(true);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).not.toContain('\n');
    expect(warnings[0]).toContain(join(SAMPLE_DATASET, `${DEFECTIVE}_polygons.json`));
    expect(warnings[0]).toMatch(/object 66 \("carr"\): unknown label; frame skipped$/);
  });

  it('lists the val split', async () => {
    const { samples, warnings } = await listSamples(SAMPLE_DATASET, 'val');
    expect(samples.map((sample) => sample.id.split('/')[2])).toEqual([...Array(4).fill('lakeside'), ...Array(4).fill('millbrook')]);
    expect(warnings).toEqual([]);
  });

  it('trains on the stored PNGs only for a spec giving every label the train id they were drawn with', async () => {
    const recoloured: LabelSpec = { ...CITYSCAPES, labels: CITYSCAPES.labels.map((label) => (label.name === 'car' ? { ...label, color: [1, 2, 3] } : label)) };
    const renumbered: LabelSpec = { ...CITYSCAPES, labels: CITYSCAPES.labels.map((label) => (label.name === 'car' ? { ...label, trainId: 255 } : label)) };
    expect(await storedTrainIdsFit(SAMPLE_DATASET, CITYSCAPES)).toBe(true);
    expect(await storedTrainIdsFit(SAMPLE_DATASET, recoloured)).toBe(true);
    expect(await storedTrainIdsFit(SAMPLE_DATASET, renumbered)).toBe(false);
    const { samples } = await listSamples(SAMPLE_DATASET, 'val', buildLabelIndex(renumbered));
    expect(samples).toHaveLength(8);
    expect(samples.every((sample) => sample.label.kind === 'polygons')).toBe(true);
  });

  it('falls back to the polygons where no labelTrainIds PNG exists, and skips frames without a photo', async () => {
    const root = tempDir();
    copyFramePolygonsOnly(root, 'train', 'ashbury', 'ashbury_000002_000019');
    mkdirSync(join(root, 'gtFine', 'train', 'nowhere'), { recursive: true });
    copyFileSync(join(SAMPLE_DATASET, 'gtFine/train/ashbury/ashbury_000003_000019_gtFine_polygons.json'), join(root, 'gtFine/train/nowhere/nowhere_000000_000019_gtFine_polygons.json'));

    const { samples, warnings } = await listSamples(root, 'train');
    expect(samples).toEqual([{
      id: 'gtFine/train/ashbury/ashbury_000002_000019_gtFine',
      photoPath: join(root, 'leftImg8bit/train/ashbury/ashbury_000002_000019_leftImg8bit.png'),
      label: { kind: 'polygons', path: join(root, 'gtFine/train/ashbury/ashbury_000002_000019_gtFine_polygons.json') },
    }]);
    expect(warnings).toEqual([expect.stringMatching(/nowhere_000000_000019_gtFine_polygons\.json: no photo found .*; frame skipped$/)]);
  });
});
