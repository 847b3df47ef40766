import { utimesSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDir } from '../../../test/helpers';
import { scanFrames } from '../../dataset/frames';
import { SAMPLE_DATASET } from '../../app-paths';
import { copyFramePolygonsOnly } from './__fixtures__/polygons-only-copy';
import { datasetFingerprint } from './fingerprint';

describe('datasetFingerprint', () => {
  const tempDir = useTempDir();

  it('is a short hash, the same for the same files', async () => {
    const frames = await scanFrames(SAMPLE_DATASET);
    const fingerprint = await datasetFingerprint(frames);
    expect(fingerprint).toMatch(/^[0-9a-f]{16}$/);
    expect(await datasetFingerprint([...frames].reverse())).toBe(fingerprint);
    expect(await datasetFingerprint(frames, ['train'])).not.toBe(fingerprint);
  });

  it('changes when an annotation file is touched or a frame is added', async () => {
    const root = tempDir();
    copyFramePolygonsOnly(root, 'train', 'ashbury', 'ashbury_000001_000019');
    const before = await datasetFingerprint(await scanFrames(root));
    const json = join(root, 'gtFine/train/ashbury/ashbury_000001_000019_gtFine_polygons.json');
    utimesSync(json, new Date(), new Date(Date.now() + 10_000));
    const touched = await datasetFingerprint(await scanFrames(root));
    expect(touched).not.toBe(before);
    copyFramePolygonsOnly(root, 'val', 'lakeside', 'lakeside_000000_000019');
    expect(await datasetFingerprint(await scanFrames(root))).not.toBe(touched);
  });
});
