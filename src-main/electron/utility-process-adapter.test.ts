import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { useTempDir } from '../../test/helpers';
import { SAMPLE_DATASET } from '../app-paths';
import type { TrainingEvent } from '../ml/train/events';
import { newTrainConfig } from '../ml/train/config';
import { TRAIN_PRESETS } from '../ml/train/presets';
import { TrainingRuns } from '../services/training/training-runs';
import { openDatabase } from '../store/db';
import type { TrainingCommand } from '../services/training/protocol';
import { utilityProcessAdapter, type UtilityChild } from './utility-process-adapter';

/** Shaped like Electron's UtilityProcess: pid only once spawned, postMessage, kill (SIGTERM) and its events. */
class FakeUtilityProcess extends EventEmitter implements UtilityChild {
  pid: number | undefined = undefined;
  readonly posted: unknown[] = [];
  kills = 0;

  spawn(pid = 4242): void {
    this.pid = pid;
    this.emit('spawn');
  }
  exit(code: number): void {
    this.pid = undefined;
    this.emit('exit', code);
  }
  postMessage(message: unknown): void {
    if (this.pid === undefined) throw new Error('posted to a process that is not running');
    this.posted.push(message);
  }
  kill(): boolean {
    this.kills++;
    return this.pid !== undefined;
  }
}

const START: TrainingCommand = { type: 'start', config: newTrainConfig(TRAIN_PRESETS['cpu-demo'], { datasetRoot: '/data' }), runDir: '/runs/1', cacheDir: '/cache', resume: false };
const STARTED: TrainingEvent = { type: 'started', engine: 'wasm', device: 'CPU', engineDescription: 'test', trainSamples: 23, valSamples: 8, stepsPerEpoch: 6, fromEpoch: 0 };

function adapted() {
  const child = new FakeUtilityProcess();
  const process = utilityProcessAdapter(child);
  const seen: unknown[][] = [];
  process.on('spawn', (pid) => seen.push(['spawn', pid]));
  process.on('message', (message) => seen.push(['message', message.type]));
  process.on('exit', (code, reason) => seen.push(['exit', code, reason]));
  return { child, process, seen };
}

describe('utilityProcessAdapter', () => {
  it('reports the spawn with the pid and every message, and holds commands until the process exists', () => {
    const { child, process, seen } = adapted();
    process.send(START);
    process.send({ type: 'pause' });
    expect(child.posted).toEqual([]);
    expect(process.pid).toBeUndefined();

    child.spawn(4242);
    expect(process.pid).toBe(4242);
    expect(child.posted).toEqual([START, { type: 'pause' }]);
    process.send({ type: 'resume' });
    expect(child.posted.at(-1)).toEqual({ type: 'resume' });

    child.emit('message', STARTED);
    child.exit(0);
    expect(seen).toEqual([['spawn', 4242], ['message', 'started'], ['exit', 0, undefined]]);
  });

  it('reports a kill of ours as null, like a signal, so the run is interrupted rather than failed', () => {
    const { child, process, seen } = adapted();
    child.spawn();
    process.kill();
    expect(child.kills).toBe(1);
    child.exit(15);
    expect(seen.at(-1)).toEqual(['exit', null, undefined]);
  });

  it('passes on an exit it did not cause with its code', () => {
    const { child, seen } = adapted();
    child.spawn();
    child.exit(1);
    expect(seen.at(-1)).toEqual(['exit', 1, undefined]);
  });

  it('kills a process asked to stop before it spawned as soon as it does, sending it nothing', () => {
    const { child, process } = adapted();
    process.send(START);
    process.kill();
    expect(child.kills).toBe(0);
    child.spawn();
    expect(child.kills).toBe(1);
    expect(child.posted).toEqual([]);
  });

  it('says where a fatal error happened, and that a process that never spawned could not start', () => {
    const crashed = adapted();
    crashed.child.spawn();
    crashed.child.emit('error', 'FatalError', 'v8::ToLocalChecked Empty MaybeLocal', 'report');
    crashed.child.exit(134);
    expect(crashed.seen.at(-1)).toEqual(['exit', 134, 'the training process crashed: FatalError at v8::ToLocalChecked Empty MaybeLocal']);

    const unborn = adapted();
    unborn.process.send(START);
    unborn.child.exit(1);
    expect(unborn.seen).toEqual([['exit', 1, 'the training process could not start (exit code 1)']]);
  });

  it('reports one exit and posts nothing after it', () => {
    const { child, process, seen } = adapted();
    child.spawn();
    child.exit(0);
    child.emit('exit', 0);
    process.send({ type: 'cancel' });
    process.kill();
    expect(seen.filter(([kind]) => kind === 'exit')).toHaveLength(1);
    expect(child.posted).toEqual([]);
    expect(child.kills).toBe(0);
  });
});

describe('TrainingRuns over a utility process', () => {
  const tempDir = useTempDir('segstudio-utility-');
  const settings = { datasetRoot: SAMPLE_DATASET, preset: 'cpu-demo', epochs: 1 };

  it('records a run from spawn to done, and one killed from the app as interrupted', async () => {
    const dataDir = tempDir();
    const children = [new FakeUtilityProcess(), new FakeUtilityProcess()];
    const [first, second] = children;
    const runs = new TrainingRuns({ db: openDatabase(dataDir), dataDir, spawn: () => utilityProcessAdapter(children.shift()!) });

    const done = await runs.start(settings);
    first.spawn(5001);
    expect(runs.store.getRun(done.id)).toMatchObject({ status: 'running', pid: 5001, engine: null });
    expect(first.posted).toEqual([expect.objectContaining({ type: 'start', resume: false })]);
    first.emit('message', STARTED);
    first.emit('message', { type: 'finished', status: 'done', reason: null, epochsDone: 1, bestMiou: 0.5, bestEpoch: 1 });
    first.exit(0);
    expect(await runs.finished(done.id)).toMatchObject({ status: 'done', engine: 'wasm', pid: null });

    const killed = await runs.start(settings);
    second.spawn(5002);
    second.emit('message', STARTED);
    runs.stopAll();
    second.exit(15);
    expect(await runs.finished(killed.id)).toMatchObject({ status: 'interrupted', error: 'the training process was killed' });
  });
});
