import { existsSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InferEvent, InferSummary } from '../src-shared/api/inference';
import { buildLabelIndex, CITYSCAPES } from '../src-shared/labels';
import { createTinyRun, writePhoto } from '../src-main/services/inference/__fixtures__/tiny-run';
import { startInference } from '../src-main/services/inference';
import { RunStore } from '../src-main/services/runs/run-store';
import { openDatabase } from '../src-main/store/db';
import { listFiles, runCli, useTempDir } from './helpers';

const LABELS = buildLabelIndex(CITYSCAPES);
const tempDir = useTempDir('segstudio-infer-');
let root: string;
let dataDir: string;
let runId: number;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'segstudio-infer-run-'));
  dataDir = join(root, 'data');
  ({ runId } = await createTinyRun(dataDir));
}, 60_000);
afterAll(() => rmSync(root, { recursive: true, force: true }));

async function photoTree(dir: string): Promise<string> {
  await writePhoto(join(dir, 'a.png'), 80, 40, 1);
  await writePhoto(join(dir, 'city', 'b_leftImg8bit.jpg'), 100, 50, 2);
  await writePhoto(join(dir, 'city', 'deeper', 'c.jpeg'), 30, 20, 3);
  return dir;
}

/** The file's own size and channel count, and its pixels as stored (grey stays one channel). */
async function decode(path: string): Promise<{ width: number; height: number; channels: number; pixels: Buffer }> {
  const { width, height, channels } = await sharp(path).metadata();
  const image = channels === 1 ? sharp(path).toColourspace('b-w') : sharp(path);
  return { width: width!, height: height!, channels: channels!, pixels: await image.raw().toBuffer() };
}

function lastJson<T>(stdout: string): T {
  const lines = stdout.trim().split('\n');
  return JSON.parse(lines[lines.length - 1]) as T;
}

describe('segstudio infer', () => {
  it('writes each output type at the image size, mirroring the tree, and names a broken image with exit code 1', async () => {
    const photos = await photoTree(join(tempDir(), 'photos'));
    writeFileSync(join(photos, 'city', 'broken.png'), 'not a png at all');
    const out = join(tempDir(), 'out');
    const result = runCli(['infer', '--run', String(runId), '--in', photos, '--out', out, '--data-dir', dataDir, '--workers', '2', '--json']);
    expect(result.status, result.stderr).toBe(1);
    expect(result.stderr).toMatch(/^error: .*city\/broken\.png: unreadable image \(.+\)$/m);
    expect(lastJson<InferSummary>(result.stdout)).toMatchObject({ total: 4, written: 3, skipped: 0, failed: 1, files: 12, cancelled: false });
    expect(listFiles(out)).toEqual([
      'a_color.png', 'a_labelIds.png', 'a_overlay.jpg', 'a_trainIds.png',
      'city/b_color.png', 'city/b_labelIds.png', 'city/b_overlay.jpg', 'city/b_trainIds.png',
      'city/deeper/c_color.png', 'city/deeper/c_labelIds.png', 'city/deeper/c_overlay.jpg', 'city/deeper/c_trainIds.png',
    ]);

    for (const [stem, width, height] of [['a', 80, 40], ['city/b', 100, 50], ['city/deeper/c', 30, 20]] as const) {
      const trainIds = await decode(join(out, `${stem}_trainIds.png`));
      const labelIds = await decode(join(out, `${stem}_labelIds.png`));
      const color = await decode(join(out, `${stem}_color.png`));
      const overlay = await decode(join(out, `${stem}_overlay.jpg`));
      expect([trainIds, labelIds, color, overlay].map((image) => [image.width, image.height, image.channels])).toEqual([
        [width, height, 1], [width, height, 1], [width, height, 3], [width, height, 3],
      ]);
      for (let i = 0; i < width * height; i++) {
        const label = LABELS.byTrainId.get(trainIds.pixels[i])!;
        expect(trainIds.pixels[i]).toBeLessThan(19);
        expect(labelIds.pixels[i]).toBe(label.id);
        expect([...color.pixels.subarray(i * 3, i * 3 + 3)]).toEqual([...label.color]);
      }
    }
  }, 120_000);

  it('skips images whose outputs exist, writes only missing types, and redoes everything with --overwrite', async () => {
    const photos = await photoTree(join(tempDir(), 'photos'));
    const out = join(tempDir(), 'out');
    const args = ['infer', '--run', String(runId), '--in', photos, '--out', out, '--data-dir', dataDir, '--workers', '1', '--json'];
    const first = runCli([...args, '--types', 'color']);
    expect(first.status, first.stderr).toBe(0);
    expect(lastJson<InferSummary>(first.stdout)).toMatchObject({ written: 3, skipped: 0, files: 3 });
    const written = statSync(join(out, 'a_color.png')).mtimeMs;

    const again = runCli([...args, '--types', 'color']);
    expect(lastJson<InferSummary>(again.stdout)).toMatchObject({ total: 3, written: 0, skipped: 3, files: 0 });
    const more = runCli([...args, '--types', 'color,trainIds']);
    expect(lastJson<InferSummary>(more.stdout)).toMatchObject({ written: 3, skipped: 0, files: 3 });
    expect(statSync(join(out, 'a_color.png')).mtimeMs).toBe(written);

    const overwritten = runCli([...args, '--types', 'color', '--overwrite']);
    expect(lastJson<InferSummary>(overwritten.stdout)).toMatchObject({ written: 3, skipped: 0, files: 3 });
    expect(statSync(join(out, 'a_color.png')).mtimeMs).toBeGreaterThan(written);
  }, 120_000);

  it('refuses bad flags, missing folders and unknown runs with one line and exit code 2', async () => {
    const photos = await photoTree(join(tempDir(), 'photos'));
    const out = join(tempDir(), 'out');
    const cases: Array<[string[], RegExp]> = [
      [['--run', String(runId), '--in', photos, '--out', out, '--types', 'color,mask'], /^segstudio infer: --types: unknown type "mask" \(choose from color, labelIds, trainIds, overlay\)$/],
      [['--run', String(runId), '--in', join(photos, 'missing'), '--out', out], /^segstudio infer: --in: .*missing: no such folder$/],
      [['--run', '99', '--in', photos, '--out', out], /^segstudio infer: run 99 does not exist/],
      [['--run', String(runId), '--model', photos, '--in', photos, '--out', out], /^segstudio infer: give either --run RUN_ID or --model DIR$/],
      [['--run', String(runId), '--checkpoint', 'worst', '--in', photos, '--out', out], /^segstudio infer: --checkpoint: unknown value "worst" \(choose from best, last\)$/],
      [['--run', String(runId), '--in', photos, '--out', out, '--workers', '0'], /^segstudio infer: --workers must be a positive integer/],
      [['--model', photos, '--in', photos, '--out', out], /^segstudio infer: .*photos: not a segstudio model folder/],
      [['--run', String(runId), '--in', photos], /^segstudio infer: --out DIR is required/],
      [['--run', String(runId), '--in', photos, '--out', out, '--fast'], /^segstudio infer: Unknown option '--fast'/],
    ];
    for (const [args, message] of cases) {
      const result = runCli(['infer', ...args, '--data-dir', dataDir]);
      expect(result.status, args.join(' ')).toBe(2);
      expect(result.stderr.trim().split('\n'), args.join(' ')).toHaveLength(1);
      expect(result.stderr.trim()).toMatch(message);
    }
    expect(existsSync(out)).toBe(false);
  }, 120_000);
});

describe('startInference', () => {
  it('stops promptly on cancel, leaves no temp files, and a second run resumes where it stopped', async () => {
    const photos = join(tempDir(), 'photos');
    for (let i = 0; i < 12; i++) await writePhoto(join(photos, `p${String(i).padStart(2, '0')}.png`), 64, 32, i + 1);
    const out = join(tempDir(), 'out');
    const db = openDatabase(dataDir);
    const deps = { store: new RunStore(db), dataDir };
    const request = { runId, checkpoint: 'best' as const, inputDir: photos, outputDir: out, types: ['color' as const, 'trainIds' as const], overwrite: false, workers: 1 };

    const events: InferEvent[] = [];
    let cancelledAt = 0;
    const job = await startInference(request, deps, (event) => {
      events.push(event);
      if (event.type === 'progress' && event.done === 2) {
        cancelledAt = performance.now();
        job.cancel();
      }
    });
    const summary = await job.finished;
    expect(performance.now() - cancelledAt).toBeLessThan(3000);
    expect(summary).toMatchObject({ cancelled: true, total: 12, failed: 0 });
    expect(summary.written).toBeGreaterThanOrEqual(2);
    expect(summary.written).toBeLessThan(12);
    expect(events[0]).toEqual({ type: 'started', total: 12, skipped: 0, workers: 1 });
    expect(events[events.length - 1]).toEqual({ type: 'finished', summary });
    const files = readdirSync(out);
    expect(files.filter((name) => name.endsWith('.tmp'))).toEqual([]);
    expect(files).toHaveLength(summary.written * 2);

    const resumed = await (await startInference(request, deps)).finished;
    expect(resumed).toMatchObject({ cancelled: false, skipped: summary.written, written: 12 - summary.written, failed: 0 });
    expect(readdirSync(out)).toHaveLength(24);
    db.close();
  }, 120_000);
});
