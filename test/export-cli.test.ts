import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExportSummary, InferSummary } from '../src-shared/api/inference';
import { buildLabelIndex, CITYSCAPES } from '../src-shared/labels';
import { createTinyRun, writePhoto } from '../src-main/services/inference/__fixtures__/tiny-run';
import { REPO, listFiles, runCli, useTempDir } from './helpers';

const SAMPLE = join(REPO, 'resources', 'sample-cityscapes');
const LABELS = buildLabelIndex(CITYSCAPES);
const tempDir = useTempDir('segstudio-export-');
let root: string;
let dataDir: string;
let dataset: string;
let runId: number;

/** Two train and two val frames of the sample: polygons, official colour PNG and photo. */
function tinyDataset(dir: string): string {
  for (const [split, city] of [['train', 'northfield'], ['val', 'lakeside']]) {
    for (let i = 0; i < 2; i++) {
      const stem = `${city}_${String(i).padStart(6, '0')}_000019`;
      const rel = join(split, city);
      mkdirSync(join(dir, 'gtFine', rel), { recursive: true });
      mkdirSync(join(dir, 'leftImg8bit', rel), { recursive: true });
      for (const suffix of ['gtFine_polygons.json', 'gtFine_color.png']) copyFileSync(join(SAMPLE, 'gtFine', rel, `${stem}_${suffix}`), join(dir, 'gtFine', rel, `${stem}_${suffix}`));
      copyFileSync(join(SAMPLE, 'leftImg8bit', rel, `${stem}_leftImg8bit.png`), join(dir, 'leftImg8bit', rel, `${stem}_leftImg8bit.png`));
    }
  }
  return dir;
}

function lastJson<T>(stdout: string): T {
  const lines = stdout.trim().split('\n');
  return JSON.parse(lines[lines.length - 1]) as T;
}

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'segstudio-export-run-'));
  dataDir = join(root, 'data');
  dataset = tinyDataset(join(root, 'dataset'));
  ({ runId } = await createTinyRun(dataDir, dataset));
}, 60_000);
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('segstudio export', () => {
  it('report: metrics per epoch as CSV and JSON, the per-class table of the best epoch, and the config', () => {
    const out = join(tempDir(), 'report');
    const result = runCli(['export', 'report', '--run', String(runId), '--out', out, '--data-dir', dataDir]);
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^export report: 4 files written to /);
    expect(listFiles(out)).toEqual(['classes.csv', 'config.json', 'metrics.csv', 'metrics.json']);

    const metrics = readFileSync(join(out, 'metrics.csv'), 'utf8').trim().split('\n');
    expect(metrics).toEqual([
      'epoch,train_loss,val_loss,miou,pixel_accuracy,mean_dice,images_per_second,seconds,lr',
      '1,2,2.5,0.25,0.5,0.3,10,1.5,0.001',
      '2,1,1.25,0.2,0.5,0.3,10,1.5,0.001',
    ]);
    const classes = readFileSync(join(out, 'classes.csv'), 'utf8').trim().split('\n');
    expect(classes[0]).toBe('epoch,class,train_id,iou,dice,accuracy,sensitivity,specificity');
    expect(classes.slice(1).map((line) => line.split(',')[1])).toEqual(LABELS.trainClasses.map((label) => label.name));
    // Epoch 1 has the best mIoU; a class not evaluated is an empty cell, not 0.
    expect(classes[1]).toBe('1,road,0,0.1,0.2,0.3,0.4,0.9');
    expect(classes[19]).toBe('1,bicycle,18,,0.2,0.3,0.4,');

    const report = JSON.parse(readFileSync(join(out, 'metrics.json'), 'utf8'));
    expect(report.run).toMatchObject({ id: runId, arch: 'unet', status: 'done' });
    expect(report.epochs).toHaveLength(2);
    expect(report.classMetrics.epoch).toBe(1);
    expect(JSON.parse(readFileSync(join(out, 'config.json'), 'utf8'))).toMatchObject({ model: { arch: 'unet', width: 2 }, inputHeight: 32, inputWidth: 64 });
  });

  it('model: a tfjs layers model with metadata that infer --model runs to the same predictions as the run', async () => {
    const out = join(tempDir(), 'model');
    const exported = runCli(['export', 'model', '--run', String(runId), '--checkpoint', 'last', '--out', out, '--data-dir', dataDir, '--json']);
    expect(exported.status, exported.stderr).toBe(0);
    expect(lastJson<ExportSummary>(exported.stdout)).toMatchObject({ kind: 'model', files: ['model.json', 'weights.bin', 'segstudio-model.json'] });
    const modelJson = JSON.parse(readFileSync(join(out, 'model.json'), 'utf8'));
    expect(modelJson).toMatchObject({ format: 'layers-model', weightsManifest: [{ paths: ['weights.bin'] }] });
    const metadata = JSON.parse(readFileSync(join(out, 'segstudio-model.json'), 'utf8'));
    expect(metadata).toMatchObject({
      format: 'segstudio-model', version: 1, arch: 'unet', settings: { width: 2 }, inputHeight: 32, inputWidth: 64,
      normalization: { mean: [0.485, 0.456, 0.406], std: [0.229, 0.224, 0.225] }, labels: { name: CITYSCAPES.name },
      source: { runId, checkpoint: 'last', epoch: 2 },
    });

    const photos = join(tempDir(), 'photos');
    await writePhoto(join(photos, 'a.png'), 90, 45, 7);
    await writePhoto(join(photos, 'b.jpg'), 64, 32, 8);
    const fromModel = join(tempDir(), 'from-model');
    const fromRun = join(tempDir(), 'from-run');
    const common = ['--in', photos, '--types', 'trainIds', '--workers', '1', '--data-dir', dataDir];
    expect(runCli(['infer', '--model', out, '--out', fromModel, ...common]).status).toBe(0);
    expect(runCli(['infer', '--run', String(runId), '--checkpoint', 'last', '--out', fromRun, ...common]).status).toBe(0);
    for (const name of ['a_trainIds.png', 'b_trainIds.png']) {
      const [a, b] = await Promise.all([fromModel, fromRun].map((dir) => sharp(join(dir, name)).toColourspace('b-w').raw().toBuffer()));
      expect(a.equals(b), name).toBe(true);
    }

    writeFileSync(join(out, 'weights.bin'), 'truncated');
    const broken = runCli(['infer', '--model', out, '--out', join(tempDir(), 'none'), ...common]);
    expect(broken.status).toBe(1);
    expect(broken.stderr.trim()).toMatch(/^segstudio infer: cannot load the model from .*model: .+$/);
  }, 120_000);

  it('masks: official colour masks from the polygons, mirroring the gtFine tree', async () => {
    const out = join(tempDir(), 'masks');
    const result = runCli(['export', 'masks', '--dataset', dataset, '--out', out, '--split', 'val', '--workers', '1', '--json']);
    expect(result.status, result.stderr).toBe(0);
    const summary = lastJson<ExportSummary>(result.stdout);
    const expected = ['gtFine/val/lakeside/lakeside_000000_000019_gtFine_color.png', 'gtFine/val/lakeside/lakeside_000001_000019_gtFine_color.png'];
    expect(summary).toMatchObject({ kind: 'masks', files: expected, failures: [] });
    expect(listFiles(out)).toEqual(expected);
    // The sample's official PNGs were drawn by cityscapesScripts from the same polygons.
    for (const rel of expected) {
      const [ours, official] = await Promise.all([join(out, rel), join(dataset, rel)].map((path) => sharp(path).raw().toBuffer()));
      expect(ours.equals(official), rel).toBe(true);
    }
  });

  it('predictions: colour masks of the run on its dataset split, resumable', async () => {
    const out = join(tempDir(), 'predictions');
    const args = ['export', 'predictions', '--run', String(runId), '--out', out, '--workers', '1', '--data-dir', dataDir, '--json'];
    const result = runCli(args);
    expect(result.status, result.stderr).toBe(0);
    const expected = ['val/lakeside/lakeside_000000_000019_color.png', 'val/lakeside/lakeside_000001_000019_color.png'];
    expect(lastJson<ExportSummary>(result.stdout)).toMatchObject({ kind: 'predictions', files: expected, failures: [], cancelled: false });
    expect(listFiles(out)).toEqual(expected);
    const info = await sharp(join(out, expected[0])).metadata();
    expect([info.width, info.height, info.channels]).toEqual([512, 256, 3]);
    const again = lastJson<ExportSummary & { inference: InferSummary }>(runCli(args).stdout);
    expect(again.inference).toMatchObject({ skipped: 2, written: 0 });
  }, 120_000);

  it('refuses bad requests with one line and exit code 2', () => {
    const out = join(tempDir(), 'out');
    const run = ['--out', out, '--data-dir', dataDir];
    const cases: Array<[string[], RegExp]> = [
      [['pictures', ...run], /^segstudio export: unknown export "pictures" \(choose from masks, predictions, report, model\)$/],
      [['report', ...run], /^segstudio export: --run RUN_ID is required$/],
      [['report', '--run', '42', ...run], /^segstudio export: run 42 does not exist/],
      [['report', '--run', String(runId), ...run, '--split', 'val'], /^segstudio export: Unknown option '--split'/],
      [['model', '--run', String(runId), ...run, '--checkpoint', 'first'], /^segstudio export: --checkpoint: unknown value "first"/],
      [['masks', '--dataset', join(dataset, 'missing'), '--out', out], /^segstudio export: .*missing: no such folder$/],
      [['masks', '--dataset', dataset, '--out', out, '--split', 'test'], /^segstudio export: .*: no split folder gtFine\/test$/],
      [['predictions', '--run', String(runId), ...run, '--split', 'test'], /^segstudio export: run \d+: its dataset .* has no photos in the "test" split$/],
    ];
    for (const [args, message] of cases) {
      const result = runCli(['export', ...args]);
      expect(result.status, args.join(' ')).toBe(2);
      expect(result.stderr.trim().split('\n'), args.join(' ')).toHaveLength(1);
      expect(result.stderr.trim()).toMatch(message);
    }
  }, 120_000);
});
