import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { UserError } from '../errors';
import { drawGenerationCase as draw, pixelsDiffering, type GenerationCase as Case } from './__fixtures__/generation-cases';
import { PILLOW_GENERATIONS, pillowGeneration } from './pillow-generations';

// Masks drawn by real Pillow builds of nine releases: see __fixtures__/pillow_generations.py.
const fixture = JSON.parse(readFileSync(join(import.meta.dirname, '__fixtures__', 'generations.json'), 'utf8')) as {
  cases: Case[];
  masks: Record<string, string[]>[];
};

const releases = [...new Set(fixture.masks.flatMap((m) => Object.values(m).flat()))];

describe('every Pillow generation, against masks drawn by real Pillow builds', () => {
  it('has masks from each release for every case', () => {
    expect(releases).toEqual(expect.arrayContaining(['9.2.0', '9.4.0', '9.5.0', '11.0.0', '11.1.0', '11.2.1', '11.3.0', '12.0.0', '12.3.0']));
    expect(fixture.cases.length).toBeGreaterThanOrEqual(400);
    for (const masks of fixture.masks) expect(Object.values(masks).flat().sort()).toEqual([...releases].sort());
  });

  it.each(releases)('Pillow %s: every case identical pixel for pixel', (release) => {
    const generation = pillowGeneration(release);
    const mismatches: string[] = [];
    fixture.cases.forEach((c, i) => {
      const encoded = Object.entries(fixture.masks[i]).find(([, versions]) => versions.includes(release))![0];
      const expected = inflateMask(encoded);
      const differing = pixelsDiffering(draw(c, generation), expected);
      if (differing > 0) mismatches.push(`${c.name}: ${differing} px differ`);
    });
    expect(mismatches).toEqual([]);
  });

  it('fills row 7 of the issue\'s car at x=3 under 9.4 and x=3..4 under 12', () => {
    const car: Case = { name: 'car', imgWidth: 8, imgHeight: 8, polygons: [[[5, 6], [6, 5], [3, 7]]] };
    expect([...draw(car, pillowGeneration('9.4')).subarray(56)]).toEqual([0, 0, 0, 1, 0, 0, 0, 0]);
    expect([...draw(car, pillowGeneration('12.0')).subarray(56)]).toEqual([0, 0, 0, 1, 1, 0, 0, 0]);
  });

  it('tells the generations apart: each differs from every other on some case', () => {
    for (const a of PILLOW_GENERATIONS) {
      for (const b of PILLOW_GENERATIONS) {
        if (a >= b) continue;
        expect(fixture.cases.some((c) => pixelsDiffering(draw(c, a), draw(c, b)) > 0), `${a} vs ${b}`).toBe(true);
      }
    }
  });
});

describe('pillowGeneration', () => {
  it('maps every release number in the supported range to its generation', () => {
    expect(['9.2', '9.3.0', '9.4', '9.4.0'].map(pillowGeneration)).toEqual(['9.2', '9.2', '9.2', '9.2']);
    expect(['9.5', '10', '10.4.0', '11.0.0'].map(pillowGeneration)).toEqual(['9.5', '9.5', '9.5', '9.5']);
    expect(pillowGeneration('11.1')).toBe('11.1');
    expect(['11.2', '11.2.1', '11.3', '12.0', '12.3.0'].map(pillowGeneration)).toEqual(['11.2', '11.2', '11.2', '11.2', '11.2']);
  });

  it('refuses releases outside the range, and non-numbers, naming the range', () => {
    for (const bad of ['9.1.1', '8', '12.4', '13.0', 'latest', '']) {
      expect(() => pillowGeneration(bad)).toThrow(UserError);
      expect(() => pillowGeneration(bad)).toThrow(/supported: 9\.2 to 12\.3/);
    }
  });
});

/** A mask as pillow_generations.py stores it: zlib, then base64. */
function inflateMask(encoded: string): Uint8Array {
  return new Uint8Array(inflateSync(Buffer.from(encoded, 'base64')));
}
