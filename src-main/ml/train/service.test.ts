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

/** A training process that replays scripted events once it is told to start. */
class ScriptedProcess extends EventEmitter implements TrainingProcess {
  readonly pid = process.pid;
  readonly commands: TrainingCommand[] = [];
  constructor(private readonly script: Array<TrainingEvent | 'exit' | 'crash'>) {
    super();
  }
  send(command: TrainingCommand): void {
    this.commands.push(command);
    if (command.type !== 'start') return;
    setImmediate(() => {
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

  it('marks runs left running by a dead process as interrupted when it starts', () => {
    const dataDir = tempDir();
    const store = new RunStore(openDatabase(dataDir));
    const orphan = store.createRun({ name: 'orphan', arch: 'unet', config: CONFIG, datasetRoot: SAMPLE_DATASET });
    store.transition(orphan.id, 'running', { pid: 2 ** 22 + 12345 });
    const service = new TrainingService({ db: openDatabase(dataDir), dataDir });
    expect(service.store.getRun(orphan.id)?.status).toBe('interrupted');
  });
});
