import { describe, expect, it } from 'vitest';
import { CITYSCAPES, buildLabelIndex } from '../labels';
import { formatProblem, parseAnnotation } from '.';

const labels = buildLabelIndex(CITYSCAPES);
const FILE = 'aachen_000001_000019_gtFine_polygons.json';
const square = [[0, 0], [4, 0], [4, 4], [0, 4]];

function parse(json: unknown) {
  const parsed = parseAnnotation(typeof json === 'string' ? json : JSON.stringify(json), FILE, labels);
  return { ...parsed, messages: parsed.problems.map(formatProblem) };
}

describe('parseAnnotation', () => {
  it('reads size and objects, resolving groups and keeping file indices', () => {
    const { annotation, hasErrors, problems } = parse({
      imgWidth: 8, imgHeight: 6,
      objects: [
        { label: 'road', polygon: square },
        { label: 'cargroup', polygon: [[1.5, 1.25], [3, 1], [2, 3]] },
        { label: 'car', polygon: square, deleted: 1 },
        { label: 'person', polygon: square, deleted: 0 },
      ],
    });
    expect(hasErrors).toBe(false);
    expect(problems).toEqual([]);
    expect(annotation).toMatchObject({ imgWidth: 8, imgHeight: 6, fileObjectCount: 4 });
    expect(annotation!.objects.map((o) => [o.index, o.labelName, o.label.name, o.isGroup])).toEqual([
      [0, 'road', 'road', false], [1, 'cargroup', 'car', true], [3, 'person', 'person', false],
    ]);
    expect(annotation!.objects[1].polygon).toEqual([1.5, 1.25, 3, 1, 2, 3]);
  });

  it('reports an unknown label with file, object index and label', () => {
    const { messages, hasErrors } = parse({ imgWidth: 8, imgHeight: 6, objects: [{ label: 'road', polygon: square }, { label: 'cargroupp', polygon: square }] });
    expect(hasErrors).toBe(true);
    expect(messages).toEqual([`${FILE}: object 1 ("cargroupp"): unknown label`]);
  });

  it('reports non-numeric coordinates and short points, and warns about far-out ones', () => {
    const { messages } = parse({
      imgWidth: 8, imgHeight: 6,
      objects: [
        { label: 'road', polygon: [[0, 0], ['1', 2], [3, 3]] },
        { label: 'sky', polygon: [[0, 0], [1, null], [3, 3]] },
        { label: 'car', polygon: [[0, 0], [1e12, 1], [3, 3]] },
        { label: 'car', polygon: [[0, 0], [1]] },
        { label: 'car', polygon: 'nope' },
        { label: 'car' },
        { label: 7, polygon: square },
        'not an object',
      ],
    });
    expect(messages).toEqual([
      `${FILE}: object 0 ("road"): polygon point 1: coordinate "1" is not a number`,
      `${FILE}: object 1 ("sky"): polygon point 1: coordinate null is not a number`,
      `${FILE}: object 2 ("car"): warning: polygon point 1: coordinate 1000000000000 is beyond ±1e9: drawn with C int arithmetic as Pillow does on x86-64 (as -2147483648)`,
      `${FILE}: object 3 ("car"): polygon point 1: expected [x, y]`,
      `${FILE}: object 4 ("car"): "polygon" must be an array of [x, y] points`,
      `${FILE}: object 5 ("car"): missing "polygon"`,
      `${FILE}: object 6: "label" must be a string`,
      `${FILE}: object 7: expected an object with "label" and "polygon"`,
    ]);
  });

  it('skips objects with fewer than 2 points with a warning, not an error', () => {
    const { messages, hasErrors, annotation } = parse({
      imgWidth: 8, imgHeight: 6,
      objects: [{ label: 'pole', polygon: [[1, 1]] }, { label: 'pole', polygon: [] }, { label: 'pole', polygon: [[1, 1], [5, 5]] }],
    });
    expect(hasErrors).toBe(false);
    expect(messages).toEqual([
      `${FILE}: object 0 ("pole"): warning: polygon has 1 point, fewer than 2: skipped`,
      `${FILE}: object 1 ("pole"): warning: polygon has 0 points, fewer than 2: skipped`,
    ]);
    expect(annotation!.objects.map((o) => o.index)).toEqual([2]);
  });

  it('rejects missing, non-integer and non-positive sizes', () => {
    expect(parse({ imgHeight: 6, objects: [] }).messages).toEqual([`${FILE}: missing "imgWidth"`]);
    expect(parse({ imgWidth: 0, imgHeight: '6.5', objects: [] }).messages)
      .toEqual([`${FILE}: "imgWidth" must be positive, got 0; "imgHeight" must be an integer, got "6.5"`]);
    expect(parse({ imgWidth: 'eight', imgHeight: 6, objects: [] }).messages).toEqual([`${FILE}: "imgWidth" must be an integer, got "eight"`]);
    expect(parse({ imgWidth: 8, imgHeight: 6 }).messages).toEqual([`${FILE}: missing "objects"`]);
    expect(parse({ imgWidth: 8, imgHeight: 6, objects: {} }).messages).toEqual([`${FILE}: "objects" must be an array`]);
  });

  it('refuses frames over 100 megapixels, whose masks would take gigabytes, and takes one at the limit', () => {
    expect(parse({ imgWidth: 16384, imgHeight: 16384, objects: [] }).messages).toEqual([`${FILE}: image of 16384x16384 is larger than 100000000 pixels`]);
    expect(parse({ imgWidth: 10000, imgHeight: 10000, objects: [] }).messages).toEqual([]);
  });

  it('rejects malformed JSON and non-object documents', () => {
    const broken = parse('{"imgWidth": 8,');
    expect(broken.annotation).toBeNull();
    expect(broken.messages[0]).toMatch(new RegExp(`^${FILE}: not valid JSON \\(`));
    expect(parse('[1, 2]').messages).toEqual([`${FILE}: expected a JSON object with imgWidth, imgHeight and objects`]);
  });

  it('follows Python truthiness for "deleted": an empty list or dict draws the object', () => {
    const { annotation } = parse({
      imgWidth: 8, imgHeight: 6,
      objects: [{ label: 'car', polygon: square, deleted: [] }, { label: 'car', polygon: square, deleted: {} }, { label: 'car', polygon: square, deleted: [0] }],
    });
    expect(annotation!.objects.map((o) => o.index)).toEqual([0, 1]);
  });

  it('does not check deleted objects, as the official tools skip them first', () => {
    const { hasErrors } = parse({ imgWidth: 8, imgHeight: 6, objects: [{ label: 'no such thing', polygon: 'x', deleted: true }] });
    expect(hasErrors).toBe(false);
  });
});

describe('geometry warnings for QA', () => {
  const bowtie = { label: 'car', polygon: [[0, 0], [6, 5], [6, 0], [0, 5]] };
  const outside = { label: 'pole', polygon: [[1, 1], [12, 1], [3, -4]] };
  const doc = { imgWidth: 8, imgHeight: 6, objects: [bowtie, outside, { label: 'road', polygon: square }] };

  it('flags self-intersecting polygons and vertices outside the image as warnings', () => {
    const parsed = parseAnnotation(JSON.stringify(doc), FILE, labels, { geometryWarnings: true });
    expect(parsed.hasErrors).toBe(false);
    expect(parsed.problems.map(formatProblem)).toEqual([
      `${FILE}: object 0 ("car"): warning: polygon crosses itself (edges 0 and 2)`,
      `${FILE}: object 1 ("pole"): warning: 2 of 3 vertices lie outside the 8x6 image`,
    ]);
    expect(parsed.annotation!.objects).toHaveLength(3);
  });

  it('stays quiet about geometry unless asked, as the mask tools do', () => {
    expect(parse(doc).problems).toEqual([]);
  });

  it('does not call a polygon that only touches itself at a shared vertex crossing', () => {
    const touching = { imgWidth: 8, imgHeight: 6, objects: [{ label: 'road', polygon: [[0, 0], [4, 0], [4, 4], [0, 4], [0, 0]] }] };
    expect(parseAnnotation(JSON.stringify(touching), FILE, labels, { geometryWarnings: true }).problems).toEqual([]);
  });
});
