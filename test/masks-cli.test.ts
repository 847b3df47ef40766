import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAnnotation } from '../src-shared/annotation';
import { CITYSCAPES, buildLabelIndex } from '../src-shared/labels';
import { renderMasks } from '../src-shared/raster';
import { decodeGrey16Png, decodeGreyPng, decodeRgba } from '../src-main/dataset/png';
import { listFiles, runCli, useTempDir } from './helpers';

const labels = buildLabelIndex(CITYSCAPES);
const tempDir = useTempDir();

const GOOD = {
  imgWidth: 40, imgHeight: 24,
  objects: [
    { label: 'sky', polygon: [[0, 0], [39, 0], [39, 10], [0, 10]] },
    { label: 'road', polygon: [[0, 11], [39, 11], [39, 23], [0, 23]] },
    { label: 'car', polygon: [[5.5, 8], [18, 8.25], [17, 18], [6, 17]] },
    { label: 'cargroup', polygon: [[20, 9], [30, 9], [30, 16], [20, 16]] },
    { label: 'car', polygon: [[28, 12], [36, 12], [36, 20], [28, 20]] },
    { label: 'license plate', polygon: [[9, 14], [14, 14], [14, 16], [9, 16]] },
  ],
};

function writeJson(root: string, rel: string, content: unknown): string {
  const path = join(root, rel);
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
}

function makeDataset(root: string, frames: Record<string, unknown>): void {
  for (const [stem, content] of Object.entries(frames)) {
    const city = stem.split('_')[0];
    const split = city === 'valcity' ? 'val' : 'train';
    writeJson(root, `gtFine/${split}/${city}/${stem}_gtFine_polygons.json`, content);
  }
}

const TYPES = ['color', 'instanceIds', 'labelIds', 'labelTrainIds'];
const outputsOf = (rel: string) => TYPES.map((t) => `${rel}_gtFine_${t}.png`);

describe('segstudio masks', () => {
  it('writes all four official masks mirroring the input tree, identical to the rasterizer', async () => {
    const root = tempDir();
    const out = tempDir();
    makeDataset(root, { city_000001_000019: GOOD, valcity_000002_000019: GOOD });
    const result = runCli(['masks', root, '--out', out]);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/^masks: 2 of 2 frames converted, 0 failed, 8 PNGs written/);
    expect(listFiles(out)).toEqual([
      ...outputsOf('gtFine/train/city/city_000001_000019'),
      ...outputsOf('gtFine/val/valcity/valcity_000002_000019'),
    ]);

    const expected = renderMasks(parseAnnotation(JSON.stringify(GOOD), 'x', labels).annotation!, labels, ['labelIds', 'labelTrainIds', 'color', 'instanceIds']);
    const base = join(out, 'gtFine/train/city/city_000001_000019_gtFine_');
    expect((await decodeGreyPng(`${base}labelIds.png`)).pixels).toEqual(expected.labelIds);
    expect((await decodeGreyPng(`${base}labelTrainIds.png`)).pixels).toEqual(expected.labelTrainIds);
    expect((await decodeRgba(`${base}color.png`)).pixels).toEqual(expected.color);
    const instances = await decodeGrey16Png(`${base}instanceIds.png`);
    expect(instances.pixels).toEqual(expected.instanceIds);
    expect(new Set(instances.pixels)).toEqual(new Set([23, 7, 26000, 26, 26001]));
  });

  it('writes beside each JSON by default, and a re-run is idempotent', () => {
    const root = tempDir();
    makeDataset(root, { city_000001_000019: GOOD });
    expect(runCli(['masks', join(root, 'gtFine')]).status).toBe(0);
    const dir = join(root, 'gtFine/train/city');
    const first = TYPES.map((t) => readFileSync(join(dir, `city_000001_000019_gtFine_${t}.png`)));
    expect(runCli(['masks', join(dir, 'city_000001_000019_gtFine_polygons.json'), '--jobs', '1']).status).toBe(0);
    const second = TYPES.map((t) => readFileSync(join(dir, `city_000001_000019_gtFine_${t}.png`)));
    expect(second).toEqual(first);
    expect(listFiles(root)).toHaveLength(5);
  });

  it('gives the same files with one worker and with several', () => {
    const root = tempDir();
    const frames = Object.fromEntries(Array.from({ length: 6 }, (_, i) => [`city_00000${i}_000019`, GOOD]));
    makeDataset(root, frames);
    const one = tempDir();
    const many = tempDir();
    expect(runCli(['masks', root, '--out', one, '--jobs', '1']).status).toBe(0);
    expect(runCli(['masks', root, '--out', many, '--jobs', '3']).status).toBe(0);
    expect(listFiles(many)).toEqual(listFiles(one));
    for (const file of listFiles(one)) expect(readFileSync(join(many, file)), file).toEqual(readFileSync(join(one, file)));
  });

  it('reports each bad file on one line, converts the rest, exits non-zero and leaves nothing partial', () => {
    const root = tempDir();
    const out = tempDir();
    makeDataset(root, {
      city_000001_000019: GOOD,
      city_000002_000019: '{"imgWidth": 40, "imgHeight": ',
      city_000003_000019: { ...GOOD, objects: [...GOOD.objects, { label: 'cargroupp', polygon: [[1, 1], [3, 3], [1, 3]] }] },
      city_000004_000019: { imgWidth: -5, imgHeight: 24, objects: [] },
      city_000005_000019: { ...GOOD, objects: [{ label: 'road', polygon: [[0, 0], [1, Infinity]] }] },
      city_000006_000019: GOOD,
    });
    writeFileSync(join(root, 'gtFine/train/city/city_000005_000019_gtFine_polygons.json'),
      '{"imgWidth": 40, "imgHeight": 24, "objects": [{"label": "road", "polygon": [[0, 0], [1, "a"], [5, 5]]}]}');
    const result = runCli(['masks', root, '--out', out]);
    expect(result.status).toBe(1);
    // Frames finish in any order across worker threads, so compare the lines sorted by file.
    const lines = result.stderr.trim().split('\n').sort();
    const at = (n: number) => join(root, `gtFine/train/city/city_00000${n}_000019_gtFine_polygons.json`);
    expect(lines).toHaveLength(4);
    expect(lines[0]).toMatch(new RegExp(`^${at(2)}: not valid JSON`));
    expect(lines.slice(1)).toEqual([
      `${at(3)}: object 6 ("cargroupp"): unknown label`,
      `${at(4)}: "imgWidth" must be positive, got -5`,
      `${at(5)}: object 0 ("road"): polygon point 1: coordinate "a" is not a number`,
    ]);
    expect(result.stdout).toMatch(/^masks: 2 of 6 frames converted, 4 failed, 8 PNGs written/);
    expect(listFiles(out)).toEqual([...outputsOf('gtFine/train/city/city_000001_000019'), ...outputsOf('gtFine/train/city/city_000006_000019')]);
  });

  it('prints a machine-readable summary with --json', () => {
    const root = tempDir();
    makeDataset(root, { city_000001_000019: GOOD, city_000002_000019: { imgWidth: 4 } });
    const result = runCli(['masks', root, '--out', tempDir(), '--types', 'labelIds,color', '--json']);
    expect(result.status).toBe(1);
    const summary = JSON.parse(result.stdout);
    expect(summary).toMatchObject({ frames: 2, converted: 1, written: 2, types: ['labelIds', 'color'], inputErrors: [] });
    expect(summary.failed).toEqual([{ file: expect.stringContaining('city_000002_000019_gtFine_polygons.json'), errors: [expect.stringContaining('missing "imgHeight"')] }]);
  });

  it('names missing inputs and empty folders, and still converts the others', () => {
    const root = tempDir();
    makeDataset(root, { city_000001_000019: GOOD });
    const empty = tempDir();
    const result = runCli(['masks', join(root, 'nope'), empty, root, '--out', tempDir()]);
    expect(result.status).toBe(1);
    expect(result.stderr.trim().split('\n')).toEqual([
      `error: ${join(root, 'nope')}: no such file or folder`,
      `error: ${empty}: no *_polygons.json files in this folder`,
    ]);
    expect(result.stdout).toMatch(/1 of 1 frames converted/);
  });

  it('rejects bad flags with one line and exit code 2', () => {
    const cases: Array<[string[], RegExp]> = [
      [['masks', '.', '--types', 'labelIds,depth'], /^segstudio masks: --types: unknown type "depth"/],
      [['masks', '.', '--jobs', '0'], /^segstudio masks: --jobs must be a positive integer, got "0"/],
      [['masks', '.', '--frobnicate'], /^segstudio masks: Unknown option '--frobnicate'/],
      [['masks'], /^segstudio masks: give at least one dataset folder/],
      [['masks', '.', '--labels', '/nonexistent/spec.json'], /^segstudio masks: \/nonexistent\/spec\.json: cannot read label spec \(ENOENT\)/],
      [['nonsense'], /^segstudio: unknown command "nonsense"/],
    ];
    for (const [args, message] of cases) {
      const result = runCli(args);
      expect(result.status, args.join(' ')).toBe(2);
      expect(result.stderr.trim().split('\n'), args.join(' ')).toHaveLength(1);
      expect(result.stderr, args.join(' ')).toMatch(message);
    }
  });

  it('draws with a custom label spec', async () => {
    const root = tempDir();
    const spec = {
      name: 'mini', background: 'background',
      labels: [
        { name: 'background', id: 0, trainId: 0, category: 'void', categoryId: 0, hasInstances: false, ignoreInEval: false, color: [0, 0, 0] },
        { name: 'cat', id: 8, trainId: 1, category: 'animal', categoryId: 1, hasInstances: true, ignoreInEval: false, color: [64, 0, 0] },
      ],
    };
    const specPath = writeJson(root, 'mini.json', spec);
    writeJson(root, 'imgs/a_polygons.json', { imgWidth: 10, imgHeight: 10, objects: [{ label: 'cat', polygon: [[2, 2], [8, 2], [8, 8], [2, 8]] }] });
    const result = runCli(['masks', join(root, 'imgs'), '--labels', specPath]);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const ids = await decodeGreyPng(join(root, 'imgs/a_labelIds.png'));
    expect(ids.pixels[5 * 10 + 5]).toBe(8);
    expect((await decodeGrey16Png(join(root, 'imgs/a_instanceIds.png'))).pixels[5 * 10 + 5]).toBe(8000);
    expect(runCli(['masks', root, '--labels', writeJson(root, 'bad.json', { labels: [{ name: 'x' }] })]).stderr).toMatch(/bad\.json: labels\[0\] \("x"\)\.id: expected an integer/);
  });
});
