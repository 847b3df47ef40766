import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { useTempDir } from '../../../test/helpers';
import { openDatabase, type Db } from '../../store/db';
import { RunStore } from './run-store';
import { ALLOWED_TRANSITIONS } from './status';
import { RUN_STATUSES, type ClassMetricsRecord, type EpochMetrics, type NewRun, type RunStatus } from './types';

const NEW_RUN: NewRun = {
  name: 'unet w8', arch: 'unet', preset: 'seed001', config: { arch: 'unet', width: 8, epochs: 3 },
  datasetRoot: '/data/cityscapes', datasetFingerprint: '0123456789abcdef',
};
const METRICS: EpochMetrics = { trainLoss: 0.9, valLoss: 1.1, miou: 0.4, pixelAccuracy: 0.8, meanDice: 0.5, imagesPerSecond: 12, seconds: 30 };

function classMetrics(count: number, score = 0.5): ClassMetricsRecord[] {
  return Array.from({ length: count }, (_, classTrainId) => ({
    classTrainId, iou: score, dice: score, accuracy: score, sensitivity: score, specificity: classTrainId === 0 ? null : score,
  }));
}

describe('RunStore', () => {
  const tempDir = useTempDir();
  let db: Db;
  let store: RunStore;
  let tick = 0;

  beforeEach(() => {
    db = openDatabase(tempDir());
    tick = 0;
    store = new RunStore(db, { now: () => new Date(Date.UTC(2025, 0, 1, 0, 0, tick++)) });
  });
  afterEach(() => db.close());

  /** A run walked to `status` through allowed transitions. */
  function runIn(status: RunStatus): number {
    const { id } = store.createRun(NEW_RUN);
    const path: Record<RunStatus, RunStatus[]> = {
      queued: [], running: ['running'], paused: ['running', 'paused'], done: ['running', 'done'], failed: ['failed'],
      cancelled: ['cancelled'], interrupted: ['running', 'interrupted'],
    };
    for (const step of path[status]) store.transition(id, step, { pid: 4242 });
    return id;
  }

  it('creates queued runs and lists them newest first, by status and tag', () => {
    const first = store.createRun({ ...NEW_RUN, tags: ['baseline', ' baseline ', ''] });
    expect(first).toMatchObject({
      name: 'unet w8', arch: 'unet', preset: 'seed001', config: NEW_RUN.config, status: 'queued', epochsDone: 0,
      bestMiou: null, tags: ['baseline'], note: '', pid: null, createdAt: '2025-01-01T00:00:00.000Z', startedAt: null,
    });
    const second = store.createRun({ ...NEW_RUN, name: 'deeplab' });
    store.transition(second.id, 'running', { pid: 99, engine: 'wasm', device: 'CPU, 2 cores' });
    expect(store.listRuns().map((r) => r.id)).toEqual([second.id, first.id]);
    expect(store.listRuns({ status: 'running' }).map((r) => r.name)).toEqual(['deeplab']);
    expect(store.listRuns({ status: ['queued', 'done'] }).map((r) => r.id)).toEqual([first.id]);
    expect(store.listRuns({ tag: 'baseline' }).map((r) => r.id)).toEqual([first.id]);
    expect(store.getRun(12345)).toBeUndefined();
  });

  it('allows exactly the transitions of the status machine', () => {
    for (const from of RUN_STATUSES) {
      for (const to of RUN_STATUSES) {
        const id = runIn(from);
        const attempt = () => store.transition(id, to, to === 'running' ? { pid: 4243 } : {});
        if (ALLOWED_TRANSITIONS[from].includes(to)) expect(attempt().status).toBe(to);
        else expect(attempt).toThrow(`run ${id}: cannot go from ${from} to ${to}`);
        expect(store.getRun(id)!.status).toBe(ALLOWED_TRANSITIONS[from].includes(to) ? to : from);
      }
    }
  });

  it('records start and finish times, pid, engine and error along the way', () => {
    const { id } = store.createRun(NEW_RUN);
    const running = store.transition(id, 'running', { pid: 77, engine: 'wasm', device: 'CPU' });
    expect(running).toMatchObject({ status: 'running', pid: 77, engine: 'wasm', device: 'CPU', finishedAt: null });
    expect(running.startedAt).not.toBeNull();
    expect(store.transition(id, 'paused').pid).toBe(77);
    expect(store.transition(id, 'running')).toMatchObject({ pid: 77, startedAt: running.startedAt });
    const failed = store.transition(id, 'failed', { error: 'out of memory' });
    expect(failed).toMatchObject({ status: 'failed', pid: null, error: 'out of memory' });
    expect(failed.finishedAt).not.toBeNull();
    expect(() => store.transition(id, 'running')).toThrow(`run ${id}: cannot go from failed to running (failed is final)`);
    expect(() => store.transition(999, 'running')).toThrow('run 999 does not exist');
  });

  it('starts a run with the pid of its process, and records the engine it reports while it is active', () => {
    const { id } = store.createRun(NEW_RUN);
    expect(() => store.transition(id, 'running')).toThrow(`run ${id}: going from queued to running needs the training process's pid`);
    expect(() => store.transition(id, 'running', { pid: 0 })).toThrow(`run ${id}: pid must be a positive integer, got 0`);
    expect(() => store.setEngine(id, 'wasm', 'CPU')).toThrow(`run ${id} is queued: only a running or paused run has a process to report its engine`);
    expect(store.getRun(id)).toMatchObject({ status: 'queued', pid: null, engine: null, startedAt: null });

    const running = store.transition(id, 'running', { pid: 77 });
    expect(running).toMatchObject({ status: 'running', pid: 77, engine: null, device: null });
    expect(store.setEngine(id, 'wasm', 'CPU, 2 cores')).toMatchObject({ status: 'running', pid: 77, engine: 'wasm', device: 'CPU, 2 cores', startedAt: running.startedAt });
    expect(() => store.setEngine(id, ' ', 'CPU')).toThrow('engine must not be empty');
    store.transition(id, 'paused');
    expect(store.setEngine(id, 'cpu', 'CPU').engine).toBe('cpu');
    expect(store.transition(id, 'running')).toMatchObject({ pid: 77, engine: 'cpu' });
    store.transition(id, 'done');
    expect(() => store.setEngine(id, 'wasm', 'CPU')).toThrow(`run ${id} is done: only a running or paused run`);
    expect(() => store.setEngine(999, 'wasm', 'CPU')).toThrow('run 999 does not exist');

    // A run that died before its process reported is found by its pid and can resume.
    const early = store.createRun(NEW_RUN).id;
    store.transition(early, 'running', { pid: 2 ** 22 + 4242 });
    expect(store.markInterruptedOnStart().map((r) => r.id)).toEqual([early]);
    expect(store.transition(early, 'running', { pid: 78 })).toMatchObject({ status: 'running', pid: 78 });
  });

  it('records an epoch and its class metrics together and keeps the run summary current', () => {
    const id = runIn('running');
    store.recordEpoch(id, 1, { ...METRICS, extra: { learningRate: 0.001 } }, classMetrics(19, 0.3));
    store.recordEpoch(id, 2, { ...METRICS, miou: 0.6, valLoss: null }, classMetrics(19, 0.6));
    store.recordEpoch(id, 3, { ...METRICS, miou: 0.5 }, classMetrics(19, 0.5));
    expect(store.getRun(id)).toMatchObject({ epochsDone: 3, bestMiou: 0.6 });
    expect(store.listEpochs(id).map((e) => e.epoch)).toEqual([1, 2, 3]);
    expect(store.listEpochs(id)[0]).toEqual({ epoch: 1, ...METRICS, extra: { learningRate: 0.001 } });
    expect(store.listEpochs(id)[1].valLoss).toBeNull();
    const classes = store.listClassMetrics(id, 2);
    expect(classes).toHaveLength(19);
    expect(classes[0]).toEqual({ classTrainId: 0, iou: 0.6, dice: 0.6, accuracy: 0.6, sensitivity: 0.6, specificity: null });
  });

  it('writes nothing of an epoch when the transaction fails midway', () => {
    const id = runIn('running');
    store.recordEpoch(id, 1, METRICS, classMetrics(19, 0.3));

    const duplicateClass = [...classMetrics(5), { ...classMetrics(5)[2] }];
    expect(() => store.recordEpoch(id, 2, METRICS, duplicateClass)).toThrow(/UNIQUE constraint failed/);
    db.exec(`CREATE TEMP TRIGGER fail_midway BEFORE INSERT ON main.run_class_metrics WHEN NEW.class_train_id = 10
             BEGIN SELECT RAISE(ABORT, 'simulated disk failure'); END`);
    expect(() => store.recordEpoch(id, 2, METRICS, classMetrics(19))).toThrow('simulated disk failure');
    expect(() => store.recordEpoch(id, 1, { ...METRICS, miou: 0.9 }, classMetrics(19, 0.9))).toThrow('simulated disk failure');

    expect(store.listEpochs(id).map((e) => [e.epoch, e.miou])).toEqual([[1, 0.4]]);
    expect(store.listClassMetrics(id, 1).map((c) => c.iou)).toEqual(Array(19).fill(0.3));
    expect(store.listClassMetrics(id, 2)).toEqual([]);
    expect(store.getRun(id)).toMatchObject({ epochsDone: 1, bestMiou: 0.4 });
  });

  it('refuses non-finite metrics instead of storing them as missing', () => {
    const id = runIn('running');
    expect(() => store.recordEpoch(id, 1, { ...METRICS, trainLoss: Number.NaN }, [])).toThrow(`run ${id} epoch 1: trainLoss is NaN, not a finite number`);
    expect(() => store.recordEpoch(id, 0, METRICS, [])).toThrow('epochs count from 1');
    expect(store.listEpochs(id)).toEqual([]);
  });

  it('marks runs whose process is gone as interrupted, or all of them on app start', () => {
    const live = runIn('running');
    const dead = runIn('paused');
    const done = runIn('done');
    store.transition(live, 'paused');
    store.transition(live, 'running', { pid: process.pid });

    const marked = store.markInterruptedOnStart({ isAlive: (pid) => pid === process.pid });
    expect(marked.map((r) => r.id)).toEqual([dead]);
    expect(store.getRun(dead)).toMatchObject({ status: 'interrupted', pid: null, error: 'the training process (pid 4242) is gone' });
    expect(store.getRun(live)!.status).toBe('running');
    expect(store.markInterruptedOnStart().map((r) => r.id)).toEqual([]);

    expect(store.markInterruptedOnStart({ all: true }).map((r) => r.id)).toEqual([live]);
    expect(store.getRun(done)!.status).toBe('done');
    expect(store.transition(dead, 'running', { pid: 5 }).status).toBe('running');
  });

  it('finds the latest checkpoint to resume from and rewinds what came after it', () => {
    const id = runIn('running');
    for (let epoch = 1; epoch <= 4; epoch++) {
      store.recordEpoch(id, epoch, { ...METRICS, miou: epoch / 10 }, classMetrics(3));
      store.addSample(id, epoch, 'val/lakeside_000000', `/runs/${id}/samples/${epoch}.png`);
      if (epoch % 2 === 0) store.addCheckpoint(id, epoch, 'periodic', `/runs/${id}/epoch-${epoch}`);
      store.addCheckpoint(id, epoch, 'last', `/runs/${id}/last`);
    }
    store.addCheckpoint(id, 3, 'best', `/runs/${id}/best`);
    expect(store.latestCheckpoint(id)).toMatchObject({ epoch: 4, kind: 'last' });
    expect(store.latestCheckpoint(id, ['periodic'])).toMatchObject({ epoch: 4, path: `/runs/${id}/epoch-4` });
    expect(store.latestCheckpoint(id, ['best'])).toMatchObject({ epoch: 3 });

    expect(store.listCheckpoints(id).map((c) => `${c.kind} ${c.epoch}`)).toEqual(['periodic 2', 'best 3', 'periodic 4', 'last 4']);

    const { removedPaths } = store.rewindToEpoch(id, 2);
    expect(removedPaths.sort()).toEqual([
      `/runs/${id}/best`, `/runs/${id}/epoch-4`, `/runs/${id}/last`, `/runs/${id}/samples/3.png`, `/runs/${id}/samples/4.png`,
    ]);
    expect(store.getRun(id)).toMatchObject({ epochsDone: 2, bestMiou: 0.2 });
    expect(store.latestCheckpoint(id)).toMatchObject({ epoch: 2, kind: 'periodic' });
    expect(store.listSamples(id).map((s) => s.epoch)).toEqual([1, 2]);
  });

  it('renames, tags, notes and deletes runs, handing back their artifact paths', () => {
    const id = runIn('done');
    store.recordEpoch(id, 1, METRICS, classMetrics(2));
    store.addCheckpoint(id, 1, 'best', '/runs/a/best');
    store.addSample(id, 1, 'val/x', '/runs/a/x.png');
    expect(store.rename(id, '  better name ').name).toBe('better name');
    expect(() => store.rename(id, ' ')).toThrow('run name must not be empty');
    expect(store.setTags(id, ['a', 'b', 'a']).tags).toEqual(['a', 'b']);
    expect(store.setNote(id, 'lr too high').note).toBe('lr too high');
    expect(() => store.setNote(999, 'x')).toThrow('run 999 does not exist');

    const active = runIn('running');
    expect(() => store.deleteRun(active)).toThrow(`run ${active} ("unet w8") is running: cancel it before deleting it`);
    expect(store.deleteRun(id).artifactPaths.sort()).toEqual(['/runs/a/best', '/runs/a/x.png']);
    expect(store.getRun(id)).toBeUndefined();
    for (const table of ['run_epochs', 'run_class_metrics', 'run_checkpoints', 'run_samples']) {
      expect(db.prepare(`SELECT COUNT(*) FROM ${table} WHERE run_id = ?`).pluck().get(id)).toBe(0);
    }
  });
});
