import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CITYSCAPES, buildLabelIndex } from '../labels';
import { pillowGeneration, renderMasks } from '../raster';
import { formatProblem, parseAnnotation } from '.';

// Drawn by the official cityscapesScripts with Pillow 9.4 and 12.0: see __fixtures__/official_inputs.py.
interface Case { name: string; text: string; imgWidth: number; imgHeight: number; labelIds: number[]; instanceIds: number[] }
const read = (pillow: string) => JSON.parse(readFileSync(join(import.meta.dirname, '__fixtures__', `official-inputs-${pillow}.json`), 'utf8')) as { pillow: string; cases: Case[] };
const fixtures = [read('9.4.0'), read('12.0.0')];
const { cases } = fixtures[0];
const labels = buildLabelIndex(CITYSCAPES);

describe('inputs the official tools convert are converted the same way', () => {
  const all = fixtures.flatMap(({ pillow, cases }) => cases.map((c) => [pillow, c.name, c] as const));
  it.each(all)('Pillow %s: %s', (pillow, _name, c) => {
    const parsed = parseAnnotation(c.text, `${c.name}.json`, labels);
    expect(parsed.problems.filter((p) => p.severity === 'error').map(formatProblem)).toEqual([]);
    const annotation = parsed.annotation!;
    expect([annotation.imgWidth, annotation.imgHeight]).toEqual([c.imgWidth, c.imgHeight]);
    const masks = renderMasks(annotation, labels, ['labelIds', 'instanceIds'], pillowGeneration(pillow));
    expect([...masks.labelIds!]).toEqual(c.labelIds);
    expect([...masks.instanceIds!]).toEqual(c.instanceIds);
  });

  it('says what it converted, in one warning per kind and object', () => {
    const warnings = (name: string) => parseAnnotation(cases.find((c) => c.name === name)!.text, 'f.json', labels).problems.map(formatProblem);
    expect(warnings('deleted-empty-list-and-dict-are-drawn')).toEqual([]);
    expect(warnings('size-as-string-and-float')).toEqual([
      'f.json: warning: "imgWidth" " 12 " read as 12, as Python\'s int() does',
      'f.json: warning: "imgHeight" 6.9 read as 6, as Python\'s int() does',
    ]);
    expect(warnings('points-with-a-third-value')).toEqual(['f.json: object 0 ("car"): warning: polygon point 0: [1,1,7] read as [x, y], as the official tools do']);
    expect(warnings('nan-coordinates')[0]).toBe('f.json: object 0 ("car"): warning: polygon point 1: coordinate NaN drawn as Pillow does on x86-64 (as -2147483648)');
    expect(warnings('beyond-1e9-integers')[0]).toMatch(/object 0 \("car"\): warning: polygon point 1: coordinate 3000000000 is beyond ±1e9/);
  });

  it('still refuses what the official tools refuse', () => {
    const refused = (text: string) => parseAnnotation(text, 'f.json', labels).problems.map(formatProblem);
    expect(refused('{"imgWidth":"20.5","imgHeight":4,"objects":[]}')).toEqual(['f.json: "imgWidth" must be an integer, got "20.5"']);
    expect(refused('{"imgWidth":NaN,"imgHeight":4,"objects":[]}')).toEqual(['f.json: "imgWidth" must be an integer, got NaN']);
    expect(refused('{"imgWidth":4,"imgHeight":4,"objects":[{"label":"car","polygon":[[1,1],[2]]}]}'))
      .toEqual(['f.json: object 0 ("car"): polygon point 1: expected [x, y]']);
  });
});
