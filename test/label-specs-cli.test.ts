import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildLabelIndex, type LabelSpec } from '../src-shared/labels';
import { DATASET_LABELS_FILE, readLabelSpecFile } from '../src-main/dataset/label-spec';
import { DATASET_MANIFEST_FILE } from '../src-main/dataset/manifest';
import { trainConfigOf } from '../src-main/ml/train/stored-config';
import { RunStore } from '../src-main/services/runs/run-store';
import { openDatabase } from '../src-main/store/db';
import { REPO, listFiles, runCli, useTempDir } from './helpers';

const STREET6 = join(REPO, 'resources', 'sample-street6');
const SAMPLE_PHOTOS = join(REPO, 'resources', 'sample-cityscapes', 'leftImg8bit');
/** Seconds, not minutes: a 2-filter U-Net at 64×32 for one epoch. */
const TINY = ['--arch', 'unet', '--preset', 'cpu-demo', '--epochs', '1', '--size', '64x32', '--width', '2'];
const tempDir = useTempDir('segstudio-labels-');

function lastJson<T>(stdout: string): T {
  const lines = stdout.trim().split('\n');
  return JSON.parse(lines[lines.length - 1]) as T;
}

function train(dataset: string, dataDir: string, extra: string[] = []): number {
  const result = runCli(['train', '--dataset', dataset, ...TINY, ...extra, '--data-dir', dataDir, '--json']);
  expect(result.status, result.stderr).toBe(0);
  const summary = lastJson<{ runId: number; status: string }>(result.stdout);
  expect(summary.status).toBe('done');
  return summary.runId;
}

/** The distinct RGB colours of a PNG, as "r,g,b". */
async function colorsOf(path: string): Promise<Set<string>> {
  const { data, info } = await sharp(path).raw().toBuffer({ resolveWithObject: true });
  const colors = new Set<string>();
  for (let i = 0; i < data.length; i += info.channels) colors.add(`${data[i]},${data[i + 1]},${data[i + 2]}`);
  return colors;
}

/** The distinct values of a one-channel PNG. */
async function valuesOf(path: string): Promise<Set<number>> {
  const { data, info } = await sharp(path).toColourspace('b-w').raw().toBuffer({ resolveWithObject: true });
  expect(info.channels).toBe(1);
  return new Set(data);
}

function paletteOf(spec: LabelSpec): Set<string> {
  return new Set(buildLabelIndex(spec).trainClasses.map((label) => label.color.join(',')));
}

function expectSubset<T>(values: Set<T>, allowed: Set<T>, what: string): void {
  expect([...values].filter((value) => !allowed.has(value)), what).toEqual([]);
}

describe('a dataset with its own label spec (sample-street6), end to end', () => {
  let root: string;
  let dataDir: string;
  let runId: number;
  let spec: LabelSpec;
  let trainSeconds: number;

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'segstudio-street6-'));
    dataDir = join(root, 'data');
    spec = await readLabelSpecFile(join(STREET6, DATASET_LABELS_FILE));
    const started = performance.now();
    runId = train(STREET6, dataDir);
    trainSeconds = (performance.now() - started) / 1000;
  }, 120_000);
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('trains on its 6 classes and records the spec with the run', () => {
    expect(spec.name).toBe('street-6');
    expect(buildLabelIndex(spec).numClasses).toBe(6);
    const store = new RunStore(openDatabase(dataDir));
    const run = store.getRun(runId)!;
    expect(trainConfigOf(run).labels).toEqual(spec);
    expect(store.listClassMetrics(runId, 1).map((row) => row.classTrainId)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(trainSeconds).toBeLessThan(60);

    const runs = JSON.parse(runCli(['runs', '--json', '--data-dir', dataDir]).stdout) as Array<{ labels: string; bestClassIou: Record<string, number> }>;
    expect(runs[0].labels).toBe('street-6');
    expectSubset(new Set(Object.keys(runs[0].bestClassIou)), new Set(spec.labels.map((label) => label.name)), 'class names in segstudio runs');
  });

  it('draws its sample predictions in the spec\'s colours only', async () => {
    const dir = join(dataDir, 'runs', String(runId), 'samples', 'epoch-0001');
    const files = readdirSync(dir);
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) expectSubset(await colorsOf(join(dir, file)), paletteOf(spec), file);
  });

  it('reports per class under the spec\'s names, by train id', () => {
    const out = join(tempDir(), 'report');
    const result = runCli(['export', 'report', '--run', String(runId), '--out', out, '--data-dir', dataDir]);
    expect(result.status, result.stderr).toBe(0);
    const rows = readFileSync(join(out, 'classes.csv'), 'utf8').trim().split('\n').slice(1).map((line) => line.split(','));
    expect(rows.map((row) => [row[1], row[2]])).toEqual([['ground', '0'], ['structure', '1'], ['vegetation', '2'], ['sky', '3'], ['mover', '4'], ['background', '5']]);
    expect(JSON.parse(readFileSync(join(out, 'config.json'), 'utf8')).labels).toEqual(spec);
  });

  it('infers colour masks, label ids and train ids of the spec only', async () => {
    const input = join(tempDir(), 'in');
    mkdirSync(input);
    for (const name of ['lakeside_000000_000019', 'lakeside_000001_000019']) {
      copyFileSync(join(SAMPLE_PHOTOS, 'val', 'lakeside', `${name}_leftImg8bit.png`), join(input, `${name}_leftImg8bit.png`));
    }
    const out = join(tempDir(), 'out');
    const result = runCli(['infer', '--run', String(runId), '--in', input, '--out', out, '--types', 'color,labelIds,trainIds', '--data-dir', dataDir]);
    expect(result.status, result.stderr).toBe(0);
    expect(listFiles(out)).toHaveLength(6);
    const ids = new Set(spec.labels.map((label) => label.id));
    for (const name of ['lakeside_000000_000019', 'lakeside_000001_000019']) {
      expectSubset(await colorsOf(join(out, `${name}_color.png`)), paletteOf(spec), `${name}_color.png`);
      expectSubset(await valuesOf(join(out, `${name}_labelIds.png`)), ids, `${name}_labelIds.png`);
      expectSubset(await valuesOf(join(out, `${name}_trainIds.png`)), new Set([0, 1, 2, 3, 4, 5]), `${name}_trainIds.png`);
    }
  });

  it('exports prediction masks of its val split, finding the photos through its manifest', async () => {
    const out = join(tempDir(), 'predictions');
    const result = runCli(['export', 'predictions', '--run', String(runId), '--out', out, '--data-dir', dataDir, '--json']);
    expect(result.status, result.stderr).toBe(0);
    const files = listFiles(out);
    expect(files).toHaveLength(8);
    expect(files[0]).toBe(join('val', 'lakeside', 'lakeside_000000_000019_color.png'));
    for (const file of files) expectSubset(await colorsOf(join(out, file)), paletteOf(spec), file);
  });
});

describe('where a dataset\'s labels come from', () => {
  /** A few street-6 frames in a new folder: polygons only, the photos through a manifest with an absolute path. */
  function copyStreet6(dir: string, withOwnSpec: boolean): string {
    for (const [split, city, count] of [['train', 'northfield', 2], ['val', 'lakeside', 1]] as const) {
      mkdirSync(join(dir, 'gtFine', split, city), { recursive: true });
      for (let i = 0; i < count; i++) {
        const name = `${city}_${String(i).padStart(6, '0')}_000019_gtFine_polygons.json`;
        copyFileSync(join(STREET6, 'gtFine', split, city, name), join(dir, 'gtFine', split, city, name));
      }
    }
    writeFileSync(join(dir, DATASET_MANIFEST_FILE), JSON.stringify({ photos: SAMPLE_PHOTOS }));
    if (withOwnSpec) copyFileSync(join(STREET6, DATASET_LABELS_FILE), join(dir, DATASET_LABELS_FILE));
    return dir;
  }

  /** street-6's names with other ids, train ids and colours, background ignored, and train id 3 left unused: 5 classes, 6 outputs. */
  function otherSpec(street6: LabelSpec): LabelSpec {
    const trainIds: Record<string, number> = { sky: 0, mover: 1, structure: 2, vegetation: 4, ground: 5, background: 255 };
    return {
      name: 'street-5', background: 'background',
      labels: street6.labels.map((label) => {
        const trainId = trainIds[label.name];
        return { ...label, id: label.id + 10, trainId, color: trainId === 255 ? [0, 0, 0] as const : [10 + trainId, 20, 30] as const };
      }),
    };
  }

  it('segstudio masks and export masks draw with the dataset\'s segstudio.labels.json, and --labels overrides it', async () => {
    const street6 = await readLabelSpecFile(join(STREET6, DATASET_LABELS_FILE));
    const other = otherSpec(street6);
    const dataset = copyStreet6(tempDir(), true);
    const otherPath = join(tempDir(), 'street-5.json');
    writeFileSync(otherPath, JSON.stringify(other));
    const frame = join('gtFine', 'val', 'lakeside', 'lakeside_000000_000019_gtFine');

    const own = join(tempDir(), 'own');
    const byDataset = runCli(['masks', join(dataset, 'gtFine'), '--out', own, '--types', 'labelIds,color', '--json']);
    expect(byDataset.status, byDataset.stderr).toBe(0);
    expect(lastJson<{ labels: string }>(byDataset.stdout).labels).toBe('street-6');
    expectSubset(await valuesOf(join(own, 'val', 'lakeside', 'lakeside_000000_000019_gtFine_labelIds.png')), new Set([40, 41, 42, 43, 44, 45]), 'own labelIds');

    const given = join(tempDir(), 'given');
    const byFlag = runCli(['masks', dataset, '--out', given, '--types', 'labelIds', '--labels', otherPath, '--json']);
    expect(byFlag.status, byFlag.stderr).toBe(0);
    expectSubset(await valuesOf(join(given, `${frame}_labelIds.png`)), new Set([50, 51, 52, 53, 54, 55]), 'given labelIds');

    const exported = join(tempDir(), 'export');
    expect(runCli(['export', 'masks', '--dataset', dataset, '--out', exported]).status).toBe(0);
    expectSubset(await colorsOf(join(exported, `${frame}_color.png`)), new Set(street6.labels.map((label) => label.color.join(','))), 'export masks');
    const exportedOther = join(tempDir(), 'export-other');
    expect(runCli(['export', 'masks', '--dataset', dataset, '--out', exportedOther, '--labels', otherPath]).status).toBe(0);
    expectSubset(await colorsOf(join(exportedOther, `${frame}_color.png`)), new Set(other.labels.map((label) => label.color.join(','))), 'export masks --labels');
  });

  it('segstudio train records the dataset\'s own spec, or the --labels one over it (ignored labels and unused train ids left out of the classes)', async () => {
    const street6 = await readLabelSpecFile(join(STREET6, DATASET_LABELS_FILE));
    const other = otherSpec(street6);
    const otherPath = join(tempDir(), 'street-5.json');
    writeFileSync(otherPath, JSON.stringify(other));
    const dataDir = join(tempDir(), 'data');
    const dataset = copyStreet6(tempDir(), true);

    const ownRun = train(dataset, dataDir);
    const givenRun = train(dataset, dataDir, ['--labels', otherPath]);
    const store = new RunStore(openDatabase(dataDir));
    expect(trainConfigOf(store.getRun(ownRun)!).labels).toEqual(street6);
    expect(trainConfigOf(store.getRun(givenRun)!).labels).toEqual(other);
    expect(buildLabelIndex(other).numClasses).toBe(6);
    expect(store.listClassMetrics(givenRun, 1).map((row) => row.classTrainId)).toEqual([0, 1, 2, 4, 5]);
    const samples = join(dataDir, 'runs', String(givenRun), 'samples', 'epoch-0001');
    for (const file of readdirSync(samples)) expectSubset(await colorsOf(join(samples, file)), paletteOf(other), file);
  }, 120_000);
});
