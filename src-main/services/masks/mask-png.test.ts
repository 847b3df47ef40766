import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { parseAnnotation } from '../../../src-shared/annotation';
import { CITYSCAPES, buildLabelIndex } from '../../../src-shared/labels';
import { MASK_TYPES, rasterizeObjects, renderMasks, type MaskType } from '../../../src-shared/raster';
import { MaskPngWriter, objectSamples, paethCorners } from './mask-png';

const labels = buildLabelIndex(CITYSCAPES);
const FIXTURES = join(import.meta.dirname, '../../../src-shared/raster/__fixtures__/cases.json');
const { cases } = JSON.parse(readFileSync(FIXTURES, 'utf8')) as { cases: Array<{ name: string }> };

async function decode(type: MaskType, png: Buffer): Promise<{ pixels: Uint8Array; channels: number; depth: string }> {
  const { channels, depth } = await sharp(png).metadata();
  const image = sharp(png);
  const raw = type === 'instanceIds' ? image.toColourspace('grey16').raw({ depth: 'ushort' })
    : type === 'color' ? image.raw() : image.toColourspace('b-w').raw();
  const { data, info } = await raw.toBuffer({ resolveWithObject: true });
  expect(info.width * info.height).toBeGreaterThan(0);
  return { pixels: new Uint8Array(data.buffer, data.byteOffset, data.length), channels: channels!, depth: depth! };
}

describe('MaskPngWriter', () => {
  it('writes PNGs that decode to exactly the rasterized masks, in the official formats, on every fixture case', async () => {
    const writer = new MaskPngWriter();
    const formats = new Set<string>();
    for (const c of cases) {
      const annotation = parseAnnotation(JSON.stringify(c), c.name, labels).annotation!;
      const map = rasterizeObjects(annotation);
      const corners = paethCorners(map.owner, map.width, map.height);
      const expected = renderMasks(annotation, labels, MASK_TYPES);
      for (const type of MASK_TYPES) {
        const png = await writer.encode(type, map, corners, objectSamples(type, map, annotation, labels));
        const decoded = await decode(type, png);
        formats.add(`${type}:${decoded.channels}:${decoded.depth}`);
        const want = expected[type]!;
        expect(Buffer.compare(decoded.pixels, new Uint8Array(want.buffer, want.byteOffset, want.byteLength)), `${c.name} ${type}`).toBe(0);
      }
    }
    expect([...formats].sort()).toEqual(['color:4:uchar', 'instanceIds:1:ushort', 'labelIds:1:uchar', 'labelTrainIds:1:uchar']);
  });

  it('finds only pixels whose Paeth residual can be non-zero', () => {
    // A 4x3 map with one object in the top right 2x2: the only corner is below the object's lower-left pixel.
    const owner = Uint32Array.from([0, 0, 1, 1, 0, 0, 1, 1, 0, 0, 0, 0]);
    expect([...paethCorners(owner, 4, 3)]).toEqual([10]);
  });
});
