import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../src-main/store/db';
import { RunStore } from '../src-main/services/runs/run-store';
import { REPO, runCli, useTempDir } from './helpers';

const SAMPLE = join(REPO, 'resources', 'sample-cityscapes');
const tempDir = useTempDir('segstudio-train-');

/** A small dataset in Cityscapes layout: a few frames of the sample, polygons + train-id PNG + photo. */
function tinyDataset(root: string, frames: { train: number; val: number }): string {
  const pick = (split: string, city: string, count: number) => {
    for (let i = 0; i < count; i++) {
      const stem = `${city}_${String(i).padStart(6, '0')}_000019`;
      const gt = join(split, city);
      mkdirSync(join(root, 'gtFine', gt), { recursive: true });
      mkdirSync(join(root, 'leftImg8bit', gt), { recursive: true });
      for (const suffix of ['gtFine_polygons.json', 'gtFine_labelTrainIds.png']) {
        copyFileSync(join(SAMPLE, 'gtFine', gt, `${stem}_${suffix}`), join(root, 'gtFine', gt, `${stem}_${suffix}`));
      }
      copyFileSync(join(SAMPLE, 'leftImg8bit', gt, `${stem}_leftImg8bit.png`), join(root, 'leftImg8bit', gt, `${stem}_leftImg8bit.png`));
    }
  };
  pick('train', 'northfield', frames.train);
  pick('val', 'lakeside', frames.val);
  return root;
}

const TINY = ['--arch', 'unet', '--preset', 'cpu-demo', '--width', '4', '--size', '128x64', '--batch', '2', '--lr', '0.003'];

interface RunSummary {
  id: number; status: string; arch: string; epoch: number; epochs: number; metrics: { mIoU: number | null } | null;
  bestMiou: number | null; bestEpoch: number | null; bestClassIou: Record<string, number> | null;
}

function listRuns(dataDir: string): RunSummary[] {
  const result = runCli(['runs', '--json', '--data-dir', dataDir]);
  expect(result.status, result.stderr).toBe(0);
  return JSON.parse(result.stdout) as RunSummary[];
}

describe('segstudio train', () => {
  it('trains a tiny run to completion, prints a final JSON line, and lists it in segstudio runs', () => {
    const dataDir = join(tempDir(), 'data');
    const dataset = tinyDataset(join(tempDir(), 'dataset'), { train: 4, val: 2 });
    const result = runCli(['train', '--dataset', dataset, ...TINY, '--epochs', '2', '--data-dir', dataDir, '--json']);
    expect(result.status, result.stderr).toBe(0);
    const lines = result.stdout.trim().split('\n');
    const summary = JSON.parse(lines[lines.length - 1]) as { runId: number; status: string; engine: string; metrics: { mIoU: number } };
    expect(summary).toMatchObject({ status: 'done', engine: 'wasm', metrics: { mIoU: expect.any(Number) } });
    expect(summary.metrics.mIoU).toBeGreaterThanOrEqual(0);

    const [run] = listRuns(dataDir);
    expect(run).toMatchObject({ id: summary.runId, status: 'done', arch: 'unet', epoch: 2, epochs: 2, metrics: { mIoU: summary.metrics.mIoU } });
    // The mean comes from the evaluated classes' IoU at the best epoch, listed by name.
    const classIou = Object.values(run.bestClassIou!);
    expect(Object.keys(run.bestClassIou!)).toContain('road');
    expect(run.bestEpoch).toBeGreaterThanOrEqual(1);
    expect(classIou.reduce((sum, iou) => sum + iou, 0) / classIou.length).toBeCloseTo(run.bestMiou!, 6);
    expect(existsSync(join(dataDir, 'runs', String(summary.runId), 'checkpoints', 'epoch-0002', 'model.json'))).toBe(true);
    expect(existsSync(join(dataDir, 'runs', String(summary.runId), 'samples', 'epoch-0002', 'lakeside_000000_000019.png'))).toBe(true);
  }, 120_000);

  it('refuses bad flags with one line and exit code 2', () => {
    const dataset = tinyDataset(join(tempDir(), 'dataset'), { train: 1, val: 1 });
    const cases: Array<[string[], RegExp]> = [
      [['--dataset', dataset, '--arch', 'unett'], /^segstudio train: --arch: unknown value "unett" \(choose from unet, /],
      [['--dataset', dataset, '--arch', 'unet', '--size', '128'], /^segstudio train: --size must be WIDTHxHEIGHT/],
      [['--dataset', dataset, '--arch', 'unet', '--epochs', '0'], /^segstudio train: --epochs must be a positive integer/],
      [['--dataset', dataset, '--arch', 'unet', '--seed', '1.5'], /^segstudio train: --seed must be a positive integer/],
      [['--dataset', dataset, '--arch', 'unet', '--batch', '1000'], /^segstudio train: --batch: batchSize must be an integer in 1\.\.256, got 1000$/m],
      [['--dataset', dataset, '--arch', 'unet', '--optimizer', 'lion'], /^segstudio train: --optimizer: unknown optimizer "lion" \(choose from adam, adamw, sgd\)$/m],
      [['--dataset', join(dataset, 'missing'), '--arch', 'unet'], /^segstudio train: --dataset: .*missing: no such folder/],
      [['--dataset', dataset, '--arch', 'unet', '--lerning-rate', '1'], /^segstudio train: Unknown option '--lerning-rate'/],
      [['--dataset', dataset, '--arch', 'unet', '--threads', '0'], /^segstudio train: --threads must be a positive integer/],
      [['--resume', '7', '--epochs', '3'], /^segstudio train: --resume continues a run with its recorded settings; --epochs/],
    ];
    for (const [args, message] of cases) {
      const result = runCli(['train', ...args, '--data-dir', join(tempDir(), 'data')]);
      expect(result.status, args.join(' ')).toBe(2);
      expect(result.stderr.trim().split('\n'), args.join(' ')).toHaveLength(1);
      expect(result.stderr).toMatch(message);
    }
  });

  it('records a run as running from the moment its process exists, so a CLI killed before training starts leaves it interrupted', async () => {
    const dataDir = join(tempDir(), 'data');
    const dataset = tinyDataset(join(tempDir(), 'dataset'), { train: 2, val: 1 });
    const store = new RunStore(openDatabase(dataDir));
    const cli = spawn(process.execPath, [join(REPO, 'bin/segstudio.mjs'), 'train', '--dataset', dataset, ...TINY, '--epochs', '1', '--data-dir', dataDir], { cwd: REPO, stdio: 'ignore' });
    const exited = new Promise((resolve) => cli.on('exit', resolve));
    // Caught between the spawn and the training process's first report: running, with a pid and no engine yet.
    let seen: ReturnType<RunStore['getRun']>;
    for (let tries = 0; tries < 3000 && seen?.status !== 'running'; tries++) {
      await new Promise((resolve) => setTimeout(resolve, 10));
      seen = store.getRun(1);
    }
    cli.kill('SIGKILL');
    await exited;
    expect(seen).toMatchObject({ status: 'running', pid: expect.any(Number), engine: null });

    let runs = listRuns(dataDir);
    for (let tries = 0; runs[0].status === 'running' && tries < 40; tries++) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      runs = listRuns(dataDir);
    }
    expect(runs[0]).toMatchObject({ status: 'interrupted' });
  }, 120_000);

  it('marks a run killed mid-training as interrupted, and --resume completes it', async () => {
    const dataDir = join(tempDir(), 'data');
    const dataset = tinyDataset(join(tempDir(), 'dataset'), { train: 4, val: 1 });
    const child = spawn(process.execPath, [join(REPO, 'bin/segstudio.mjs'), 'train', '--dataset', dataset, ...TINY, '--epochs', '3', '--data-dir', dataDir], { cwd: REPO });
    await new Promise<void>((resolve, reject) => {
      let stdout = '';
      child.stdout.on('data', (chunk: Buffer) => {
        stdout += chunk.toString();
        if (stdout.includes('epoch 1:')) {
          child.kill('SIGKILL');
          resolve();
        }
      });
      child.on('exit', () => reject(new Error(`training ended before it could be killed: ${stdout}`)));
    });

    // The training process notices its parent is gone between steps; until then the run is still running.
    let runs = listRuns(dataDir);
    for (let tries = 0; runs[0].status === 'running' && tries < 20; tries++) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      runs = listRuns(dataDir);
    }
    expect(runs[0].status).toBe('interrupted');

    const resumed = runCli(['train', '--resume', String(runs[0].id), '--data-dir', dataDir, '--json']);
    expect(resumed.status, resumed.stderr).toBe(0);
    const lines = resumed.stdout.trim().split('\n');
    expect(JSON.parse(lines[lines.length - 1])).toMatchObject({ runId: runs[0].id, status: 'done', epoch: 3 });
    expect(listRuns(dataDir)[0]).toMatchObject({ status: 'done', epoch: 3, epochs: 3 });
  }, 120_000);
});
