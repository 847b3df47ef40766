import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseAnnotation } from '../annotation';
import { CITYSCAPES, buildLabelIndex } from '../labels';
import { MASK_TYPES, renderMasks, type MaskType } from './masks';

// Fixtures drawn by Pillow 9.4 with the official tools' logic: see __fixtures__/make_fixtures.py.
const FIXTURES = join(import.meta.dirname, '__fixtures__');
const labels = buildLabelIndex(CITYSCAPES);

interface Case { name: string; imgWidth: number; imgHeight: number; objects: unknown[] }
const { cases } = JSON.parse(readFileSync(join(FIXTURES, 'cases.json'), 'utf8')) as { cases: Case[] };

const BYTES_PER_PIXEL: Record<MaskType, number> = { labelIds: 1, labelTrainIds: 1, color: 4, instanceIds: 2 };

interface Atlas { width: number; pixels: Buffer }
const atlases = {} as Record<MaskType, Atlas>;

beforeAll(async () => {
  for (const type of MASK_TYPES) {
    const image = sharp(join(FIXTURES, `atlas_${type}.png`));
    const decoded = type === 'instanceIds' ? image.toColourspace('grey16').raw({ depth: 'ushort' })
      : type === 'color' ? image.raw() : image.toColourspace('b-w').raw();
    const { data, info } = await decoded.toBuffer({ resolveWithObject: true });
    expect(info.channels * (type === 'instanceIds' ? 2 : 1)).toBe(BYTES_PER_PIXEL[type]);
    atlases[type] = { width: info.width, pixels: data };
  }
});

/** The case's rows of the atlas, cropped to its width. */
function expectedSlice(type: MaskType, top: number, c: Case): Uint8Array {
  const { width, pixels } = atlases[type];
  const bpp = BYTES_PER_PIXEL[type];
  const out = new Uint8Array(c.imgWidth * c.imgHeight * bpp);
  for (let y = 0; y < c.imgHeight; y++) {
    const start = ((top + y) * width) * bpp;
    out.set(pixels.subarray(start, start + c.imgWidth * bpp), y * c.imgWidth * bpp);
  }
  return out;
}

function firstDifference(actual: Uint8Array, expected: Uint8Array, c: Case, bpp: number): string {
  for (let i = 0; i < actual.length; i++) {
    if (actual[i] !== expected[i]) {
      const p = Math.floor(i / bpp);
      return `first difference at x=${p % c.imgWidth}, y=${Math.floor(p / c.imgWidth)}: ${actual[i]} vs Pillow ${expected[i]}`;
    }
  }
  return 'identical';
}

describe('rasterizer matches Pillow 9.4 byte for byte', () => {
  let top = 0;
  const offsets = cases.map((c) => {
    const at = top;
    top += c.imgHeight;
    return at;
  });

  it.each(MASK_TYPES)('%s on every hand-made and seeded random case', (type) => {
    const bpp = BYTES_PER_PIXEL[type];
    const mismatches: string[] = [];
    cases.forEach((c, i) => {
      const parsed = parseAnnotation(JSON.stringify(c), `${c.name}.json`, labels);
      expect(parsed.hasErrors, c.name).toBe(false);
      const mask = renderMasks(parsed.annotation!, labels, [type])[type]!;
      const actual = new Uint8Array(mask.buffer, mask.byteOffset, mask.byteLength);
      const expected = expectedSlice(type, offsets[i], c);
      if (Buffer.compare(actual, expected) !== 0) mismatches.push(`${c.name}: ${firstDifference(actual, expected, c, bpp)}`);
    });
    expect(mismatches).toEqual([]);
  });

  it('covers every polygon kind the issue names', () => {
    const names = cases.map((c) => c.name);
    for (const kind of ['fractional', 'concave', 'self-intersecting', 'far-outside', 'two-points', 'collinear', 'repeated-vertices', 'overlap']) {
      expect(names.some((n) => n.includes(kind)), kind).toBe(true);
    }
    expect(cases.filter((c) => c.name.startsWith('random-')).length).toBeGreaterThanOrEqual(400);
  });
});
