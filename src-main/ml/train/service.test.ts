import { EventEmitter } from 'node:events';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDir } from '../../../test/helpers';
import { SAMPLE_DATASET } from '../../app-paths';
import { RunStore } from '../../services/runs/run-store';
import { openDatabase } from '../../store/db';
import type { TrainingCommand, TrainingProcessMessage } from '../../worker/protocol';
import type { TrainingProcess } from '../../worker/spawn-training-process';
import type { TrainingEvent } from './events';
import { TRAIN_PRESETS } from './presets';
import { TrainingService } from './service';

const tempDir = useTempDir('segstudio-service-');
const CONFIG = { ...TRAIN_PRESETS['cpu-demo'], datasetRoot: SAMPLE_DATASET, epochs: 2 };

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

const CLASSES = Array.from({ length: 19 }, (_, classTrainId) => ({ classTrainId, iou: classTrainId < 3 ? 0.5 : null, dice: null, accuracy: null, sensitivity: null, specificity: null }));
const METRICS = { trainLoss: 1, valLoss: 1.2, miou: 0.5, pixelAccuracy: 0.8, meanDice: 0.6, imagesPerSecond: 3, seconds: 10 };
const STARTED: TrainingEvent = { type: 'started', engine: 'wasm', device: 'CPU', engineDescription: 'test', trainSamples: 23, valSamples: 8, stepsPerEpoch: 6, fromEpoch: 0 };

describe('TrainingService', () => {
  it('records the run, its epochs with class metrics, checkpoints and samples, and the final status', async () => {
    const dataDir = tempDir();
    const runDir = join(dataDir, 'runs', '1');
    const child = new ScriptedProcess([
      STARTED,
      { type: 'epoch', epoch: 1, metrics: METRICS, classes: CLASSES },
      { type: 'sample', epoch: 1, frameId: 'val/a', path: join(runDir, 'a.png') },
      { type: 'checkpoint', epoch: 1, kinds: ['last', 'best'], path: join(runDir, 'checkpoints', 'epoch-0001') },
      { type: 'finished', status: 'done', reason: null, epochsDone: 1, bestMiou: 0.5, bestEpoch: 1 },
      'exit',
    ]);
    const service = new TrainingService({ db: openDatabase(dataDir), dataDir, spawn: () => child });
    const seen: string[] = [];
    service.onEvent((_, event) => seen.push(event.type));
    const active = await service.start({ config: CONFIG, preset: 'cpu-demo' });
    const run = await active.finished;

    expect(child.commands[0]).toMatchObject({ type: 'start', runDir, resume: false, datasetFingerprint: expect.any(String) });
    expect(run).toMatchObject({ status: 'done', engine: 'wasm', arch: 'unet', preset: 'cpu-demo', epochsDone: 1, bestMiou: 0.5 });
    expect(service.store.listClassMetrics(run.id, 1)).toHaveLength(19);
    expect(service.store.listCheckpoints(run.id).map((c) => c.kind).sort()).toEqual(['best', 'last']);
    expect(service.store.listSamples(run.id)).toHaveLength(1);
    expect(seen).toEqual(['started', 'epoch', 'sample', 'checkpoint', 'finished']);
  });

  it('passes the engine and thread count it was given to every training process it starts', async () => {
    const dataDir = tempDir();
    const child = new ScriptedProcess([STARTED, { type: 'finished', status: 'done', reason: null, epochsDone: 0, bestMiou: null, bestEpoch: null }, 'exit']);
    const service = new TrainingService({ db: openDatabase(dataDir), dataDir, backend: 'cpu', threads: 1, spawn: () => child });
    await (await service.start({ config: CONFIG })).finished;
    expect(child.commands[0]).toMatchObject({ type: 'start', backend: 'cpu', threads: 1 });
  });

  it('marks a run whose process is killed as interrupted, and resumes it with the recorded config', async () => {
    const dataDir = tempDir();
    const first = new ScriptedProcess([STARTED, { type: 'epoch', epoch: 1, metrics: METRICS, classes: CLASSES }, 'crash']);
    const service = new TrainingService({ db: openDatabase(dataDir), dataDir, spawn: () => first });
    const run = await (await service.start({ config: CONFIG })).finished;
    expect(run.status).toBe('interrupted');

    const second = new ScriptedProcess([{ ...STARTED, fromEpoch: 0 }, { type: 'finished', status: 'done', reason: null, epochsDone: 2, bestMiou: 0.5, bestEpoch: 1 }, 'exit']);
    const resumer = new TrainingService({ db: openDatabase(dataDir), dataDir, spawn: () => second });
    const resumed = await (await resumer.resumeRun(run.id)).finished;
    expect(second.commands[0]).toMatchObject({ type: 'start', resume: true, config: { datasetRoot: SAMPLE_DATASET, epochs: 2 } });
    // No checkpoint was written, so the resume starts over and the epoch recorded before is forgotten.
    expect(resumer.store.listEpochs(run.id)).toEqual([]);
    expect(resumed.status).toBe('done');
    await expect(resumer.resumeRun(run.id)).rejects.toThrow(`run ${run.id} is done: only an interrupted run can resume`);
  });

  it('records the run as running with its pid as soon as the process spawns, and the engine once it reports', async () => {
    const dataDir = tempDir();
    const child = new ScriptedProcess([STARTED, { type: 'finished', status: 'done', reason: null, epochsDone: 0, bestMiou: null, bestEpoch: null }, 'exit'], 4321);
    const service = new TrainingService({ db: openDatabase(dataDir), dataDir, spawn: () => child });
    const statuses: Array<{ status: string; pid: number | null; engine: string | null }> = [];
    const active = await service.start({ config: CONFIG });
    child.on('spawn', () => {
      const { status, pid, engine } = service.store.getRun(active.runId)!;
      statuses.push({ status, pid, engine });
    });
    expect(service.store.getRun(active.runId)!.status).toBe('queued');
    const run = await active.finished;
    expect(statuses).toEqual([{ status: 'running', pid: 4321, engine: null }]);
    expect(run).toMatchObject({ status: 'done', engine: 'wasm', device: 'CPU', pid: null });
  });

  it('fails a run whose process exits before reporting anything, and interrupts one killed then', async () => {
    const dataDir = tempDir();
    const children = [new ScriptedProcess(['exit']), new ScriptedProcess(['crash'])];
    const service = new TrainingService({ db: openDatabase(dataDir), dataDir, spawn: () => children.shift()! });
    const exited = await (await service.start({ config: CONFIG })).finished;
    expect(exited).toMatchObject({ status: 'failed', error: 'the training process exited with code 0', engine: null });
    const killed = await (await service.start({ config: CONFIG })).finished;
    expect(killed).toMatchObject({ status: 'interrupted', error: 'the training process was killed' });
    expect(killed.startedAt).not.toBeNull();
  });

  it('fails a run whose process never started, with the reason', async () => {
    const dataDir = tempDir();
    const service = new TrainingService({ db: openDatabase(dataDir), dataDir, spawn: () => new UnstartableProcess('spawn EAGAIN') });
    const run = await (await service.start({ config: CONFIG })).finished;
    expect(run).toMatchObject({ status: 'failed', error: 'the training process could not start: spawn EAGAIN', startedAt: null });
  });

  it('leaves a run whose parent died before the process reported to be marked interrupted by the next start', async () => {
    const dataDir = tempDir();
    // The process spawned and then went silent: its parent (a CLI) died, and so did it.
    const silent = new ScriptedProcess([], 2 ** 22 + 12345);
    const service = new TrainingService({ db: openDatabase(dataDir), dataDir, spawn: () => silent });
    const { runId } = await service.start({ config: CONFIG });
    await new Promise((resolve) => setImmediate(resolve));
    expect(service.store.getRun(runId)).toMatchObject({ status: 'running', pid: 2 ** 22 + 12345 });

    const next = new TrainingService({ db: openDatabase(dataDir), dataDir });
    expect(next.store.getRun(runId)).toMatchObject({ status: 'interrupted', error: `the training process (pid ${2 ** 22 + 12345}) is gone` });
  });

  it('marks runs left running by a dead process as interrupted when it starts', () => {
    const dataDir = tempDir();
    const store = new RunStore(openDatabase(dataDir));
    const orphan = store.createRun({ name: 'orphan', arch: 'unet', config: CONFIG, datasetRoot: SAMPLE_DATASET });
    store.transition(orphan.id, 'running', { pid: 2 ** 22 + 12345 });
    const service = new TrainingService({ db: openDatabase(dataDir), dataDir });
    expect(service.store.getRun(orphan.id)?.status).toBe('interrupted');
  });
});
