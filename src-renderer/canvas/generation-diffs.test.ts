import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { buildLabelIndex, CITYSCAPES } from '../../src-shared/labels';
import { describeGenerationDiffs, diffByGeneration } from './generation-diffs';

const labels = buildLabelIndex(CITYSCAPES);

// The car as real Pillow 12.0 drew it (value 1), from the rasterizer's generation fixtures.
function carDrawnByPillow12(): Uint8Array {
  const fixture = JSON.parse(readFileSync(join(import.meta.dirname, '../../src-shared/raster/__fixtures__/generations.json'), 'utf8')) as {
    cases: Array<{ name: string }>; masks: Array<Record<string, string[]>>;
  };
  const i = fixture.cases.findIndex((c) => c.name === 'issue-14-car-row-7');
  const encoded = Object.entries(fixture.masks[i]).find(([, versions]) => versions.includes('12.0.0'))![0];
  return new Uint8Array(inflateSync(Buffer.from(encoded, 'base64')));
}

describe('diffByGeneration', () => {
  it('tells which Pillow generation reproduces the official mask', () => {
    const official = { kind: 'labelIds' as const, width: 8, height: 8, pixels: carDrawnByPillow12().map((v) => (v === 1 ? 26 : 0)) };
    const text = JSON.stringify({ imgWidth: 8, imgHeight: 8, objects: [{ label: 'car', polygon: [[5, 6], [6, 5], [3, 7]] }] });
    const diffs = diffByGeneration(text, 'car.json', labels, official)!;
    expect(diffs.map((d) => [d.releases, d.count])).toEqual([['9.2–9.4', 1], ['9.5–11.0', 1], ['11.1', 1], ['11.2–12.3', 0]]);
    expect(describeGenerationDiffs(diffs)).toBe('1 px differ under Pillow 9.2–9.4, 1 px under 9.5–11.0, 1 px under 11.1, 0 px under 11.2–12.3');
  });

  it('has nothing to say without an official mask of the annotation\'s size', () => {
    const text = JSON.stringify({ imgWidth: 8, imgHeight: 8, objects: [] });
    expect(diffByGeneration(text, 'x.json', labels, null)).toBeNull();
    expect(diffByGeneration(text, 'x.json', labels, { kind: 'labelIds', width: 4, height: 8, pixels: new Uint8Array(32) })).toBeNull();
  });
});
