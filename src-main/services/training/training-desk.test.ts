import { EventEmitter } from 'node:events';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import type { StudioEvent, TrainingEvent } from '../../../src-shared/api';
import { useTempDir } from '../../../test/helpers';
import { SAMPLE_DATASET } from '../../app-paths';
import { openDatabase } from '../../store/db';
import type { TrainingCommand, TrainingProcessMessage } from '../../worker/protocol';
import type { TrainingProcess } from '../../worker/spawn-training-process';
import { RunRequestError, TrainingDesk } from './training-desk';

const tempDir = useTempDir('segstudio-desk-');
const STARTED: TrainingEvent = { type: 'started', engine: 'wasm', device: 'CPU', engineDescription: 'test', trainSamples: 23, valSamples: 8, stepsPerEpoch: 6, fromEpoch: 0 };
const STEP: TrainingEvent = { type: 'step', epoch: 1, step: 2, stepsPerEpoch: 6, globalStep: 2, totalSteps: 12, loss: 2.5, lr: 1e-3, imagesPerSecond: 4, etaSeconds: 30 };
const SETTINGS = { datasetRoot: SAMPLE_DATASET, preset: 'cpu-demo', epochs: 2 };

/** A training process that reports it started, then trains until the test says it is done. */
class GatedProcess extends EventEmitter implements TrainingProcess {
  readonly commands: TrainingCommand[] = [];
  readonly pid = process.pid;
  send(command: TrainingCommand): void {
    this.commands.push(command);
    if (command.type === 'start') setImmediate(() => {
      this.emit('spawn', this.pid);
      this.emit('message', STARTED as TrainingProcessMessage);
    });
    if (command.type === 'cancel') this.finish('cancelled');
  }
  report(event: TrainingEvent): void {
    this.emit('message', event as TrainingProcessMessage);
  }
  finish(status: 'done' | 'cancelled' = 'done'): void {
    this.report({ type: 'finished', status, reason: status === 'cancelled' ? 'cancelled' : null, epochsDone: 0, bestMiou: null, bestEpoch: null });
    this.emit('exit', 0);
  }
  kill(): void {
    this.emit('exit', null);
  }
}

function deskIn(dataDir: string) {
  const processes: GatedProcess[] = [];
  const desk = new TrainingDesk({ db: openDatabase(dataDir), dataDir, spawn: () => {
    const child = new GatedProcess();
    processes.push(child);
    return child;
  } });
  const events: StudioEvent[] = [];
  desk.onEvent((event) => events.push(event));
  return { desk, processes, events };
}

/** Waits until `check` passes: starting a run scans its dataset first, which takes longer on a loaded machine. */
const until = (check: () => void) => vi.waitFor(check, { timeout: 10_000, interval: 10 });
const isRunning = (desk: TrainingDesk, runId: number) => until(() => expect(desk.detail(runId).run.status).toBe('running'));
const hasStatus = (desk: TrainingDesk, runId: number, status: string) => until(() => expect(desk.detail(runId).run.status).toBe(status));

describe('TrainingDesk', () => {
  it('trains one run at a time and starts the next queued run when the current one ends', async () => {
    const { desk, processes } = deskIn(tempDir());
    const first = await desk.start({ ...SETTINGS, name: 'first' });
    const second = await desk.start({ ...SETTINGS, name: 'second' });
    await isRunning(desk, first.id);
    expect(processes).toHaveLength(1);
    expect(desk.detail(second.id).run.status).toBe('queued');

    processes[0].finish();
    await isRunning(desk, second.id);
    expect(processes).toHaveLength(2);
    expect(desk.detail(first.id).run.status).toBe('done');
    expect(desk.detail(second.id).run).toMatchObject({ status: 'running', name: 'second' });
    expect(processes[1].commands[0]).toMatchObject({ type: 'start', config: { epochs: 2, model: { arch: 'unet' } } });
  });

  it('keeps the newest step of a run in progress for windows that open later, and forgets it when the run ends', async () => {
    const { desk, processes, events } = deskIn(tempDir());
    const run = await desk.start(SETTINGS);
    await isRunning(desk, run.id);
    processes[0].report(STEP);
    expect(desk.detail(run.id).progress).toMatchObject({ globalStep: 2, etaSeconds: 30 });
    expect(events).toContainEqual({ channel: 'run', runId: run.id, event: STEP });
    processes[0].finish();
    await hasStatus(desk, run.id, 'done');
    expect(desk.detail(run.id).progress).toBeNull();
  });

  it('cancels a queued run without ever starting it, and a running one through its process', async () => {
    const { desk, processes } = deskIn(tempDir());
    const running = await desk.start(SETTINGS);
    const queued = await desk.start(SETTINGS);
    await isRunning(desk, running.id);
    expect((await desk.control(queued.id, 'cancel')).status).toBe('cancelled');
    await desk.control(running.id, 'cancel');
    await hasStatus(desk, running.id, 'cancelled');
    expect(processes).toHaveLength(1);
    await expect(desk.control(running.id, 'pause')).rejects.toThrow(`run ${running.id} is cancelled: it is not training`);
  });

  it('tells the windows why an interrupted run could not continue, and leaves it interrupted', async () => {
    const dataDir = tempDir();
    const { desk, processes, events } = deskIn(dataDir);
    const run = await desk.start(SETTINGS);
    await isRunning(desk, run.id);
    processes[0].kill();
    await hasStatus(desk, run.id, 'interrupted');
    // Its dataset is gone: resuming scans it first, and fails.
    const db = openDatabase(dataDir);
    db.prepare("UPDATE runs SET config_json = json_set(config_json, '$.datasetRoot', '/no/such/dataset') WHERE id = ?").run(run.id);
    db.close();
    await desk.control(run.id, 'continue');
    await until(() => expect(events).toContainEqual({ channel: 'run', runId: run.id, event: { type: 'warning', message: expect.stringMatching(new RegExp(`^run ${run.id} could not continue: `)) } }));
    expect(desk.detail(run.id).run.status).toBe('interrupted');
  });

  it('names the setting at fault and records nothing', async () => {
    const { desk } = deskIn(tempDir());
    await expect(desk.start({ ...SETTINGS, lr: -1 })).rejects.toThrow(new RunRequestError('lr: lr must be a number in 1e-7..10, got -1'));
    await expect(desk.start({ ...SETTINGS, arch: 'unet3' })).rejects.toThrow(/^arch: unknown arch "unet3" \(choose from unet, r2unet, ddunet, deeplabv3plus\)$/);
    await expect(desk.start({ ...SETTINGS, datasetRoot: '/no/such/folder' })).rejects.toThrow(RunRequestError);
    expect(desk.list()).toEqual([]);
  });

  it('deletes a finished run with its folder, and refuses while it trains', async () => {
    const dataDir = tempDir();
    const { desk, processes } = deskIn(dataDir);
    const run = await desk.start(SETTINGS);
    await isRunning(desk, run.id);
    await expect(desk.delete(run.id)).rejects.toThrow(`run ${run.id} is running: cancel it before deleting it`);
    processes[0].finish();
    await hasStatus(desk, run.id, 'done');
    const runDir = join(dataDir, 'runs', String(run.id));
    mkdirSync(runDir, { recursive: true });
    writeFileSync(join(runDir, 'stray.txt'), 'x');
    await desk.delete(run.id);
    expect(existsSync(runDir)).toBe(false);
    expect(() => desk.detail(run.id)).toThrow(`run ${run.id} does not exist`);
  });

  it('renames, tags and notes a run, telling the windows each time', async () => {
    const { desk, processes, events } = deskIn(tempDir());
    const run = await desk.start(SETTINGS);
    await isRunning(desk, run.id);
    processes[0].finish();
    await hasStatus(desk, run.id, 'done');
    events.length = 0;
    desk.rename(run.id, 'baseline');
    desk.setTags(run.id, ['cpu', ' demo ', '']);
    expect(desk.setNote(run.id, 'first try')).toMatchObject({ name: 'baseline', tags: ['cpu', 'demo'], note: 'first try' });
    expect(events.filter((e) => e.channel === 'runs-changed')).toHaveLength(3);
  });
});
