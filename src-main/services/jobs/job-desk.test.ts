import { mkdirSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { StudioEvent } from '../../../src-shared/api';
import { useTempDir } from '../../../test/helpers';
import { SAMPLE_DATASET } from '../../app-paths';
import { openDatabase } from '../../store/db';
import { RunStore } from '../runs/run-store';
import { JobDesk } from './job-desk';
import { UserError } from '../../../src-shared/errors';

const tempDir = useTempDir('segstudio-jobs-');

function deskIn(dataDir: string) {
  const desk = new JobDesk({ store: new RunStore(openDatabase(dataDir)), dataDir });
  const events: StudioEvent[] = [];
  desk.onEvent((event) => events.push(event));
  return { desk, events };
}

describe('JobDesk', () => {
  it('runs an export as a job and reports its progress and final state to the windows', async () => {
    const dataDir = tempDir();
    const { desk, events } = deskIn(dataDir);
    const output = join(dataDir, 'masks');
    const started = await desk.startExport({ kind: 'masks', datasetRoot: SAMPLE_DATASET, outputDir: output, split: 'val' });
    expect(started).toMatchObject({ id: 1, kind: 'export', status: 'running' });
    await expect.poll(() => desk.list()[0].status, { timeout: 30_000 }).toBe('done');

    const last = events.at(-1)!;
    expect(last).toMatchObject({ channel: 'job', kind: 'export', event: { type: 'finished' }, job: { id: 1, status: 'done' } });
    expect(desk.list()[0]).toMatchObject({ progress: { done: 8, total: 8, failed: 0 }, summary: { files: expect.arrayContaining([expect.stringMatching(/lakeside_000000_000019_gtFine_color\.png$/)]) } });
  });

  it('cancels a masks export between frames: what was written stays whole, the rest is not started', async () => {
    const dataDir = tempDir();
    const { desk } = deskIn(dataDir);
    const output = join(dataDir, 'masks');
    const job = await desk.startExport({ kind: 'masks', datasetRoot: SAMPLE_DATASET, outputDir: output });
    desk.cancel(job.id);
    await expect.poll(() => desk.list()[0].status, { timeout: 30_000 }).toBe('cancelled');
    const { summary } = desk.list()[0];
    expect(summary).toMatchObject({ kind: 'masks', cancelled: true });
    expect((summary as unknown as { files: readonly string[] }).files.length).toBeLessThan(32);
  });

  it('serves files from inside a job folder only', async () => {
    const dataDir = tempDir();
    const { desk } = deskIn(dataDir);
    const output = join(dataDir, 'masks');
    const job = await desk.startExport({ kind: 'masks', datasetRoot: SAMPLE_DATASET, outputDir: output, split: 'val' });
    mkdirSync(join(output, 'gtFine/val/lakeside'), { recursive: true });
    writeFileSync(join(output, 'gtFine/val/lakeside/x.png'), 'png');
    symlinkSync('/etc/passwd', join(output, 'gtFine/val/lakeside/y.png'));
    expect(await desk.jobFile(job.id, 'output', 'gtFine/val/lakeside/x.png')).toBe(realpathSync(join(output, 'gtFine/val/lakeside/x.png')));
    await expect(desk.jobFile(job.id, 'output', 'gtFine/val/lakeside/y.png')).rejects.toThrow(new UserError("gtFine/val/lakeside/y.png: not inside the job's output folder"));
    await expect(desk.jobFile(job.id, 'output', '../data.db')).rejects.toThrow(new UserError("../data.db: not inside the job's output folder"));
    await expect(desk.jobFile(job.id, 'output', '/etc/passwd')).rejects.toThrow(UserError);
    await expect(desk.jobFile(job.id, 'input', 'a.png')).rejects.toThrow(`job ${job.id} has no input folder`);
    await expect(desk.jobFile(99, 'output', 'a.png')).rejects.toThrow('job 99 does not exist');
    await expect.poll(() => desk.list()[0].status, { timeout: 30_000 }).toBe('done');
  });

  it('zips a finished job\'s output folder for download, confined to it', async () => {
    const dataDir = tempDir();
    const { desk } = deskIn(dataDir);
    const output = join(dataDir, 'masks');
    const job = await desk.startExport({ kind: 'masks', datasetRoot: SAMPLE_DATASET, outputDir: output, split: 'val' });
    await expect(desk.outputZip(job.id)).rejects.toThrow(/still running/);
    await expect.poll(() => desk.list()[0].status, { timeout: 30_000 }).toBe('done');
    symlinkSync('/etc/passwd', join(output, 'passwd.png'));
    writeFileSync(join(output, '.hidden'), 'secret');
    const names = zipNames(await desk.outputZip(job.id));
    const files = (desk.list()[0].summary as unknown as { files: readonly string[] }).files;
    expect(names.sort()).toEqual([...files].sort());
    await expect(desk.outputZip(99)).rejects.toThrow('job 99 does not exist');
  });

  it('refuses a request that cannot run before it becomes a job', async () => {
    const { desk } = deskIn(tempDir());
    await expect(desk.startInference({ runId: 42, inputDir: SAMPLE_DATASET, outputDir: '/tmp/x', types: ['color'], overwrite: false }))
      .rejects.toThrow(UserError);
    await expect(desk.startExport({ kind: 'report', runId: 42, outputDir: '/tmp/x' })).rejects.toThrow(/run 42/);
    expect(desk.list()).toEqual([]);
  });
});

/** The entry names in a zip's central directory. */
function zipNames(zip: Uint8Array): string[] {
  const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  const end = zip.length - 22;
  let at = view.getUint32(end + 16, true);
  const names: string[] = [];
  for (let i = 0; i < view.getUint16(end + 10, true); i++) {
    const length = view.getUint16(at + 28, true);
    names.push(new TextDecoder().decode(zip.subarray(at + 46, at + 46 + length)));
    at += 46 + length;
  }
  return names;
}
