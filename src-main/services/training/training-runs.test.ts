import { EventEmitter } from 'node:events';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import type { StudioEvent, TrainingEvent } from '../../../src-shared/api';
import { SettingError, UserError } from '../../../src-shared/errors';
import { useTempDir } from '../../../test/helpers';
import { SAMPLE_DATASET } from '../../app-paths';
import { newTrainConfig } from '../../ml/train/config';
import { TRAIN_PRESETS } from '../../ml/train/presets';
import { openDatabase } from '../../store/db';
import { RunStore } from '../runs/run-store';
import type { TrainingCommand, TrainingProcessMessage } from './protocol';
import type { TrainingProcess } from './training-process';
import { TrainingRuns } from './training-runs';

const tempDir = useTempDir('segstudio-runs-');
const SETTINGS = { datasetRoot: SAMPLE_DATASET, preset: 'cpu-demo', epochs: 2 };
const STARTED: TrainingEvent = { type: 'started', engine: 'wasm', device: 'CPU', engineDescription: 'test', trainSamples: 23, valSamples: 8, stepsPerEpoch: 6, fromEpoch: 0 };
const STEP: TrainingEvent = { type: 'step', epoch: 1, step: 2, stepsPerEpoch: 6, globalStep: 2, totalSteps: 12, loss: 2.5, lr: 1e-3, imagesPerSecond: 4, etaSeconds: 30 };
const DONE: Extract<TrainingEvent, { type: 'finished' }> = { type: 'finished', status: 'done', reason: null, epochsDone: 0, bestMiou: null, bestEpoch: null };
const CLASSES = Array.from({ length: 19 }, (_, classTrainId) => ({ classTrainId, iou: classTrainId < 3 ? 0.5 : null, dice: null, accuracy: null, sensitivity: null, specificity: null }));
const METRICS = { trainLoss: 1, valLoss: 1.2, miou: 0.5, pixelAccuracy: 0.8, meanDice: 0.6, imagesPerSecond: 3, seconds: 10 };

/** A training process that spawns (as `pid`) and replays scripted events once it is told to start. */
class ScriptedProcess extends EventEmitter implements TrainingProcess {
  readonly commands: TrainingCommand[] = [];
  constructor(private readonly script: Array<TrainingEvent | 'exit' | 'crash'>, readonly pid = process.pid) {
    super();
  }
  send(command: TrainingCommand): void {
    this.commands.push(command);
    if (command.type !== 'start') return;
    setImmediate(() => {
      this.emit('spawn', this.pid);
      for (const step of this.script) {
        if (step === 'exit') this.emit('exit', 0);
        else if (step === 'crash') this.emit('exit', null);
        else this.emit('message', step as TrainingProcessMessage);
      }
    });
  }
  kill(): void {
    this.emit('exit', null);
  }
}

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
    this.report({ ...DONE, status, reason: status === 'cancelled' ? 'cancelled' : null });
    this.emit('exit', 0);
  }
  kill(): void {
    this.emit('exit', null);
  }
}

/** A process that fails to start: no spawn, one exit with the reason, as the adapters report it. */
class UnstartableProcess extends EventEmitter implements TrainingProcess {
  readonly pid = undefined;
  constructor(message: string) {
    super();
    setImmediate(() => this.emit('exit', 1, `the training process could not start: ${message}`));
  }
  send(): void {}
  kill(): void {}
}

function runsIn(dataDir: string, spawn: () => TrainingProcess, options: { backend?: 'cpu'; threads?: number } = {}) {
  const runs = new TrainingRuns({ db: openDatabase(dataDir), dataDir, spawn, ...options });
  const events: StudioEvent[] = [];
  runs.onEvent((event) => events.push(event));
  return { runs, events };
}

function gatedRunsIn(dataDir: string) {
  const processes: GatedProcess[] = [];
  const { runs, events } = runsIn(dataDir, () => {
    const child = new GatedProcess();
    processes.push(child);
    return child;
  });
  return { runs, processes, events };
}

/** Waits until `check` passes: starting a run scans its dataset first, which takes longer on a loaded machine. */
const until = (check: () => void) => vi.waitFor(check, { timeout: 10_000, interval: 10 });
const hasStatus = (runs: TrainingRuns, runId: number, status: string) => until(() => expect(runs.detail(runId).run.status).toBe(status));
const runEvents = (events: StudioEvent[]) => events.flatMap((e) => (e.channel === 'run' ? [e.event.type] : []));

describe('TrainingRuns', () => {
  it('records the run, its epochs with class metrics, checkpoints and samples, and the final status', async () => {
    const dataDir = tempDir();
    const runDir = join(dataDir, 'runs', '1');
    const child = new ScriptedProcess([
      STARTED,
      { type: 'epoch', epoch: 1, metrics: METRICS, classes: CLASSES },
      { type: 'sample', epoch: 1, frameId: 'val/a', path: join(runDir, 'a.png') },
      { type: 'checkpoint', epoch: 1, kinds: ['last', 'best'], path: join(runDir, 'checkpoints', 'epoch-0001') },
      { ...DONE, epochsDone: 1, bestMiou: 0.5, bestEpoch: 1 },
      'exit',
    ]);
    const { runs, events } = runsIn(dataDir, () => child);
    const started = await runs.start(SETTINGS);
    const run = await runs.finished(started.id);

    expect(child.commands[0]).toMatchObject({ type: 'start', runDir, resume: false, datasetFingerprint: run.datasetFingerprint });
    expect(run).toMatchObject({ status: 'done', engine: 'wasm', arch: 'unet', preset: 'cpu-demo', epochsDone: 1, bestMiou: 0.5 });
    expect(runs.store.listClassMetrics(run.id, 1)).toHaveLength(19);
    expect(runs.store.listCheckpoints(run.id).map((c) => c.kind).sort()).toEqual(['best', 'last']);
    expect(runs.store.listSamples(run.id)).toHaveLength(1);
    expect(runEvents(events)).toEqual(['started', 'epoch', 'sample', 'checkpoint', 'finished']);
  });

  it('launches a new run as new: no rewind, and the fingerprint taken when it was recorded', async () => {
    const dataDir = tempDir();
    const child = new ScriptedProcess([STARTED, DONE, 'exit']);
    const { runs } = runsIn(dataDir, () => child);
    const rewind = vi.spyOn(runs.store, 'rewindToEpoch');
    const run = await runs.start(SETTINGS);
    await runs.finished(run.id);
    expect(rewind).not.toHaveBeenCalled();
    expect(child.commands[0]).toMatchObject({ resume: false, datasetFingerprint: run.datasetFingerprint });
  });

  it('records a versioned config with the label spec, engine and threads it was asked for', async () => {
    const dataDir = tempDir();
    const child = new ScriptedProcess([STARTED, DONE, 'exit']);
    const { runs } = runsIn(dataDir, () => child);
    const run = await runs.start({ ...SETTINGS, backend: 'cpu', threads: 1 });
    await runs.finished(run.id);
    expect(run.config).toMatchObject({ version: 2, kind: 'trained', backend: 'cpu', threads: 1, labels: { name: 'cityscapes' } });
    expect(child.commands[0]).toMatchObject({ type: 'start', backend: 'cpu', threads: 1 });
    expect(runs.detail(run.id).labels.name).toBe('cityscapes');
  });

  it('passes an engine and thread count forced on the service over the run\'s own', async () => {
    const dataDir = tempDir();
    const child = new ScriptedProcess([STARTED, DONE, 'exit']);
    const { runs } = runsIn(dataDir, () => child, { backend: 'cpu', threads: 1 });
    await runs.finished((await runs.start(SETTINGS)).id);
    expect(child.commands[0]).toMatchObject({ type: 'start', backend: 'cpu', threads: 1 });
  });

  it('marks a run whose process is killed as interrupted, and continues it with the recorded config', async () => {
    const dataDir = tempDir();
    const first = new ScriptedProcess([STARTED, { type: 'epoch', epoch: 1, metrics: METRICS, classes: CLASSES }, 'crash']);
    const { runs } = runsIn(dataDir, () => first);
    const run = await runs.finished((await runs.start(SETTINGS)).id);
    expect(run.status).toBe('interrupted');

    const second = new ScriptedProcess([{ ...STARTED, fromEpoch: 0 }, { ...DONE, epochsDone: 2, bestMiou: 0.5, bestEpoch: 1 }, 'exit']);
    const { runs: resumer } = runsIn(dataDir, () => second);
    await resumer.control(run.id, 'continue');
    const resumed = await resumer.finished(run.id);
    expect(second.commands[0]).toMatchObject({ type: 'start', resume: true, config: { datasetRoot: SAMPLE_DATASET, epochs: 2 } });
    // No checkpoint was written, so the resume starts over and the epoch recorded before is forgotten.
    expect(resumer.store.listEpochs(run.id)).toEqual([]);
    expect(resumed.status).toBe('done');
    await expect(resumer.control(run.id, 'continue')).rejects.toThrow(new UserError(`run ${run.id} is done: only an interrupted run can continue`));
  });

  it('continues a run recorded before label specs, reading its config as Cityscapes', async () => {
    const dataDir = tempDir();
    const store = new RunStore(openDatabase(dataDir));
    const { version, kind, labels, pillow, pretrained, backend, threads, ...v1 } = newTrainConfig(TRAIN_PRESETS['cpu-demo'], { datasetRoot: SAMPLE_DATASET });
    const old = store.createRun({ name: 'old', arch: 'unet', config: v1, datasetRoot: SAMPLE_DATASET });
    store.transition(old.id, 'running', { pid: 2 ** 22 + 12345 });
    const child = new ScriptedProcess([STARTED, DONE, 'exit']);
    const { runs } = runsIn(dataDir, () => child);
    expect(runs.detail(old.id).labels.name).toBe('cityscapes');
    await runs.control(old.id, 'continue');
    await runs.finished(old.id);
    expect(child.commands[0]).toMatchObject({ type: 'start', resume: true, config: { version: 2, labels: { name: 'cityscapes' }, backend: null } });
  });

  it('records the run as running with its pid as soon as the process spawns, and the engine once it reports', async () => {
    const dataDir = tempDir();
    const child = new ScriptedProcess([STARTED, DONE, 'exit'], 4321);
    const { runs } = runsIn(dataDir, () => child);
    const statuses: Array<{ status: string; pid: number | null; engine: string | null }> = [];
    const run = await runs.start(SETTINGS);
    child.on('spawn', () => {
      const { status, pid, engine } = runs.store.getRun(run.id)!;
      statuses.push({ status, pid, engine });
    });
    expect(run.status).toBe('queued');
    expect(await runs.finished(run.id)).toMatchObject({ status: 'done', engine: 'wasm', device: 'CPU', pid: null });
    expect(statuses).toEqual([{ status: 'running', pid: 4321, engine: null }]);
  });

  it('fails a run whose process exits before reporting anything, and interrupts one killed then', async () => {
    const dataDir = tempDir();
    const children = [new ScriptedProcess(['exit']), new ScriptedProcess(['crash'])];
    const { runs } = runsIn(dataDir, () => children.shift()!);
    const exited = await runs.finished((await runs.start(SETTINGS)).id);
    expect(exited).toMatchObject({ status: 'failed', error: 'the training process exited with code 0', engine: null });
    const killed = await runs.finished((await runs.start(SETTINGS)).id);
    expect(killed).toMatchObject({ status: 'interrupted', error: 'the training process was killed' });
    expect(killed.startedAt).not.toBeNull();
  });

  it('fails a run whose process never started, with the reason', async () => {
    const { runs } = runsIn(tempDir(), () => new UnstartableProcess('spawn EAGAIN'));
    const run = await runs.finished((await runs.start(SETTINGS)).id);
    expect(run).toMatchObject({ status: 'failed', error: 'the training process could not start: spawn EAGAIN', startedAt: null });
  });

  it('leaves a run whose parent died before the process reported to be marked interrupted by the next start', async () => {
    const dataDir = tempDir();
    // The process spawned and then went silent: its parent (a CLI) died, and so did it.
    const { runs } = runsIn(dataDir, () => new ScriptedProcess([], 2 ** 22 + 12345));
    const { id } = await runs.start(SETTINGS);
    await until(() => expect(runs.store.getRun(id)).toMatchObject({ status: 'running', pid: 2 ** 22 + 12345 }));

    const next = new TrainingRuns({ db: openDatabase(dataDir), dataDir });
    expect(next.store.getRun(id)).toMatchObject({ status: 'interrupted', error: `the training process (pid ${2 ** 22 + 12345}) is gone` });
  });

  it('trains one run at a time and starts the next queued run when the current one ends', async () => {
    const { runs, processes } = gatedRunsIn(tempDir());
    const first = await runs.start(SETTINGS);
    const second = await runs.start(SETTINGS);
    await hasStatus(runs, first.id, 'running');
    expect(runs.detail(second.id).run.status).toBe('queued');
    expect(processes).toHaveLength(1);
    processes[0].finish();
    await hasStatus(runs, second.id, 'running');
    expect(runs.detail(first.id).run.status).toBe('done');
    processes[1].finish();
    await hasStatus(runs, second.id, 'done');
  });

  it('keeps the newest step of a run in progress for windows that open later, and forgets it when the run ends', async () => {
    const { runs, processes, events } = gatedRunsIn(tempDir());
    const run = await runs.start(SETTINGS);
    await hasStatus(runs, run.id, 'running');
    processes[0].report(STEP);
    expect(runs.detail(run.id).progress).toMatchObject({ globalStep: 2, etaSeconds: 30 });
    expect(events).toContainEqual({ channel: 'run', runId: run.id, event: STEP });
    processes[0].finish();
    await hasStatus(runs, run.id, 'done');
    expect(runs.detail(run.id).progress).toBeNull();
  });

  it('cancels a queued run without ever starting it, and a running one through its process', async () => {
    const { runs, processes } = gatedRunsIn(tempDir());
    const running = await runs.start(SETTINGS);
    const queued = await runs.start(SETTINGS);
    await hasStatus(runs, running.id, 'running');
    expect((await runs.control(queued.id, 'cancel')).status).toBe('cancelled');
    expect(await runs.finished(queued.id)).toMatchObject({ status: 'cancelled' });
    await runs.control(running.id, 'cancel');
    await hasStatus(runs, running.id, 'cancelled');
    expect(processes).toHaveLength(1);
    await expect(runs.control(running.id, 'pause')).rejects.toThrow(`run ${running.id} is cancelled: it is not training`);
  });

  it('tells the windows why an interrupted run could not continue, and leaves it interrupted', async () => {
    const dataDir = tempDir();
    const { runs, processes, events } = gatedRunsIn(dataDir);
    const run = await runs.start(SETTINGS);
    await hasStatus(runs, run.id, 'running');
    processes[0].kill();
    await hasStatus(runs, run.id, 'interrupted');
    // Its dataset is gone: resuming scans it first, and fails.
    const db = openDatabase(dataDir);
    db.prepare("UPDATE runs SET config_json = json_set(config_json, '$.datasetRoot', '/no/such/dataset') WHERE id = ?").run(run.id);
    db.close();
    await runs.control(run.id, 'continue');
    await until(() => expect(events).toContainEqual({ channel: 'run', runId: run.id, event: { type: 'warning', message: expect.stringMatching(new RegExp(`^run ${run.id} could not continue: `)) } }));
    expect(runs.detail(run.id).run.status).toBe('interrupted');
  });

  it('names the setting at fault, checks the dataset, and records nothing', async () => {
    const dataDir = tempDir();
    const { runs } = gatedRunsIn(dataDir);
    await expect(runs.start({ ...SETTINGS, lr: -1 })).rejects.toThrow(new SettingError('lr', 'lr must be a number in 1e-7..10, got -1'));
    await expect(runs.start({ ...SETTINGS, arch: 'unet3' })).rejects.toThrow(/^unknown arch "unet3" \(choose from unet, r2unet, ddunet, deeplabv3plus\)$/);
    await expect(runs.start({ ...SETTINGS, datasetRoot: '/no/such/folder' })).rejects.toThrow(new UserError('/no/such/folder: no such folder'));
    const empty = join(dataDir, 'empty');
    mkdirSync(empty);
    await expect(runs.start({ ...SETTINGS, datasetRoot: empty })).rejects.toThrow(`${empty}: no *_polygons.json annotations found in this folder`);
    await expect(runs.start({ ...SETTINGS, labels: join(dataDir, 'missing.json') })).rejects.toThrow(/missing\.json: cannot read label spec \(ENOENT\)$/);
    expect(runs.list()).toEqual([]);
  });

  it('refuses a stored config it cannot read with the run and the field, and still shows the run', async () => {
    const dataDir = tempDir();
    const store = new RunStore(openDatabase(dataDir));
    const config = { ...newTrainConfig(TRAIN_PRESETS['cpu-demo'], { datasetRoot: SAMPLE_DATASET }), version: 9 };
    const future = store.createRun({ name: 'future', arch: 'unet', config, datasetRoot: SAMPLE_DATASET });
    store.transition(future.id, 'running', { pid: 2 ** 22 + 12345 });
    const { runs } = gatedRunsIn(dataDir);
    expect(runs.detail(future.id).labels.name).toBe('cityscapes');
    await runs.control(future.id, 'continue');
    expect(runs.detail(future.id).run.status).toBe('interrupted');
  });

  it('deletes a finished run with its folder, and refuses while it trains', async () => {
    const dataDir = tempDir();
    const { runs, processes } = gatedRunsIn(dataDir);
    const run = await runs.start(SETTINGS);
    await hasStatus(runs, run.id, 'running');
    await expect(runs.delete(run.id)).rejects.toThrow(`run ${run.id} is running: cancel it before deleting it`);
    processes[0].finish();
    await hasStatus(runs, run.id, 'done');
    const runDir = join(dataDir, 'runs', String(run.id));
    mkdirSync(runDir, { recursive: true });
    writeFileSync(join(runDir, 'stray.txt'), 'x');
    await runs.delete(run.id);
    expect(existsSync(runDir)).toBe(false);
    expect(() => runs.detail(run.id)).toThrow(new UserError(`run ${run.id} does not exist`));
  });

  it('renames, tags and notes a run, telling the windows each time', async () => {
    const { runs, processes, events } = gatedRunsIn(tempDir());
    const run = await runs.start(SETTINGS);
    await hasStatus(runs, run.id, 'running');
    processes[0].finish();
    await hasStatus(runs, run.id, 'done');
    events.length = 0;
    runs.rename(run.id, 'baseline');
    runs.setTags(run.id, ['cpu', ' demo ', '']);
    expect(runs.setNote(run.id, 'first try')).toMatchObject({ name: 'baseline', tags: ['cpu', 'demo'], note: 'first try' });
    expect(events.filter((e) => e.channel === 'runs-changed')).toHaveLength(3);
    expect(() => runs.rename(run.id, ' ')).toThrow(UserError);
  });

  it('marks runs left running by a dead process as interrupted when it starts', () => {
    const dataDir = tempDir();
    const store = new RunStore(openDatabase(dataDir));
    const orphan = store.createRun({ name: 'orphan', arch: 'unet', config: newTrainConfig(TRAIN_PRESETS['cpu-demo'], { datasetRoot: SAMPLE_DATASET }), datasetRoot: SAMPLE_DATASET });
    store.transition(orphan.id, 'running', { pid: 2 ** 22 + 12345 });
    const runs = new TrainingRuns({ db: openDatabase(dataDir), dataDir });
    expect(runs.store.getRun(orphan.id)?.status).toBe('interrupted');
  });
});
