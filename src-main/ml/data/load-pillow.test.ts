import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildLabelIndex, CITYSCAPES } from '../../../src-shared/labels';
import { pillowGeneration } from '../../../src-shared/raster';
import { useTempDir } from '../../../test/helpers';
import { rasterizeTrainIds } from './load';

const tempDir = useTempDir('segstudio-load-');

describe('training labels drawn from polygons', () => {
  it('follow the run\'s Pillow generation (the issue\'s car: row 7 is x=3 under 9.4, x=3..4 under 12.0)', async () => {
    const path = join(tempDir(), 'car_polygons.json');
    writeFileSync(path, JSON.stringify({ imgWidth: 8, imgHeight: 8, objects: [{ label: 'car', polygon: [[5, 6], [6, 5], [3, 7]] }] }));
    const labels = buildLabelIndex(CITYSCAPES);
    const row7 = async (pillow: string) => [...(await rasterizeTrainIds(path, labels, pillowGeneration(pillow))).pixels.subarray(56, 64)];
    expect(await row7('9.4')).toEqual([255, 255, 255, 13, 255, 255, 255, 255]);
    expect(await row7('12.0')).toEqual([255, 255, 255, 13, 13, 255, 255, 255]);
  });
});
