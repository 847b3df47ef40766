import { describe, expect, it } from 'vitest';
import type { ClassMetricsRecord, EpochMetrics, Run, RunDetail, TrainingEvent } from '../../src-shared/api';
import { CITYSCAPES } from '../../src-shared/labels';
import { applyRunEvent, applyRunEventToList, applyRunEventToRun, RunEventJournal } from './run-events';

const AT = '2026-12-06T10:00:00.000Z';

function run(change: Partial<Run> = {}): Run {
  return {
    id: 7, name: 'demo', arch: 'unet', preset: 'cpu-demo', config: { epochs: 3 }, engine: null, device: null, datasetRoot: '/d',
    datasetFingerprint: null, status: 'running', error: null, createdAt: '2026-12-06T09:00:00.000Z', startedAt: '2026-12-06T09:00:01.000Z',
    finishedAt: null, epochsDone: 0, bestMiou: null, tags: [], note: '', pid: 42, ...change,
  };
}

function detail(change: Partial<RunDetail> = {}): RunDetail {
  return {
    run: run(), config: { epochs: 3 }, epochs: [], labels: CITYSCAPES, latestClasses: [], bestClasses: [],
    bestEpoch: null, samples: [], checkpoints: [], progress: null, runDir: '/runs/7', ...change,
  };
}

function metrics(miou: number | null): EpochMetrics {
  return { trainLoss: 1, valLoss: 0.9, miou, pixelAccuracy: 0.8, meanDice: null, imagesPerSecond: 12, seconds: 30 };
}

const classes = (iou: number): ClassMetricsRecord[] => [{ classTrainId: 0, iou, dice: null, accuracy: null, sensitivity: null, specificity: null }];

function epoch(n: number, miou: number | null): TrainingEvent {
  return { type: 'epoch', epoch: n, metrics: metrics(miou), classes: classes(miou ?? 0) };
}

const step = (n: number): TrainingEvent => ({
  type: 'step', epoch: 1, step: n, stepsPerEpoch: 10, globalStep: n, totalSteps: 30, loss: 1.5, lr: 1e-3, imagesPerSecond: 10, etaSeconds: 60,
});

function applyAll(start: RunDetail, events: readonly TrainingEvent[]): RunDetail {
  return events.reduce((d, e) => applyRunEvent(d, e, AT), start);
}

describe('applyRunEvent on a run detail', () => {
  it('keeps the newest step as progress', () => {
    expect(applyAll(detail(), [step(1), step(2)]).progress).toEqual(step(2));
  });

  it('appends each epoch to the curves and takes its classes as the latest', () => {
    const after = applyAll(detail(), [epoch(1, 0.2), epoch(2, 0.3)]);
    expect(after.epochs.map((e) => [e.epoch, e.miou])).toEqual([[1, 0.2], [2, 0.3]]);
    expect(after.epochs[0]).toMatchObject({ trainLoss: 1, valLoss: 0.9, pixelAccuracy: 0.8, seconds: 30 });
    expect(after.latestClasses).toEqual(classes(0.3));
    expect(after.run.epochsDone).toBe(2);
  });

  it('replaces an epoch recorded again instead of adding a second point', () => {
    const after = applyAll(detail(), [epoch(1, 0.2), epoch(2, 0.3), epoch(2, 0.35)]);
    expect(after.epochs.map((e) => [e.epoch, e.miou])).toEqual([[1, 0.2], [2, 0.35]]);
  });

  it('moves the best epoch only when its val mIoU beats the best so far', () => {
    const after = applyAll(detail(), [epoch(1, 0.2), epoch(2, 0.4), epoch(3, 0.3)]);
    expect(after.bestEpoch).toBe(2);
    expect(after.bestClasses).toEqual(classes(0.4));
    expect(after.latestClasses).toEqual(classes(0.3));
    expect(after.run.bestMiou).toBe(0.4);
  });

  it('keeps the earlier epoch as best on a tie, as the run store does', () => {
    expect(applyAll(detail(), [epoch(1, 0.4), epoch(2, 0.4)]).bestEpoch).toBe(1);
  });

  it('never makes an epoch without validation the best', () => {
    const after = applyAll(detail(), [epoch(1, null)]);
    expect(after.bestEpoch).toBeNull();
    expect(after.bestClasses).toEqual([]);
    expect(after.run.bestMiou).toBeNull();
    expect(after.latestClasses).toEqual(classes(0));
  });

  it('adds sample predictions once each, in epoch and frame order', () => {
    const sample = (n: number, frameId: string): TrainingEvent => ({ type: 'sample', epoch: n, frameId, path: `/s/${n}/${frameId}.png` });
    const after = applyAll(detail(), [sample(1, 'b'), sample(1, 'a'), sample(2, 'a'), sample(1, 'a')]);
    expect(after.samples).toEqual([{ epoch: 1, frameId: 'a' }, { epoch: 1, frameId: 'b' }, { epoch: 2, frameId: 'a' }]);
  });

  it('keeps every periodic checkpoint but only the newest best and last', () => {
    const after = applyAll(detail(), [
      { type: 'checkpoint', epoch: 1, kinds: ['periodic', 'best', 'last'], path: '/c/1' },
      { type: 'checkpoint', epoch: 2, kinds: ['periodic', 'last'], path: '/c/2' },
    ]);
    expect(after.checkpoints).toEqual([
      { epoch: 1, kind: 'periodic' }, { epoch: 1, kind: 'best' }, { epoch: 2, kind: 'periodic' }, { epoch: 2, kind: 'last' },
    ]);
  });

  it('follows pause, resume and the finish, and drops the step progress when the run ends', () => {
    const paused = applyAll(detail(), [step(3), { type: 'paused' }]);
    expect(paused.run.status).toBe('paused');
    expect(paused.progress).toEqual(step(3));
    expect(applyRunEvent(paused, { type: 'resumed' }, AT).run.status).toBe('running');
    const done = applyAll(paused, [
      { type: 'resumed' }, { type: 'finished', status: 'done', reason: null, epochsDone: 3, bestMiou: 0.5, bestEpoch: 2 },
    ]);
    expect(done.run).toMatchObject({ status: 'done', epochsDone: 3, bestMiou: 0.5, pid: null, finishedAt: AT });
    expect(done.progress).toBeNull();
  });

  it('records a failure with its error', () => {
    const failed = applyAll(detail(), [step(1), { type: 'failed', error: 'out of memory' }]);
    expect(failed.run).toMatchObject({ status: 'failed', error: 'out of memory', finishedAt: AT });
    expect(failed.progress).toBeNull();
  });

  it('leaves a finished run finished whatever arrives late', () => {
    const done = applyRunEvent(detail(), { type: 'finished', status: 'cancelled', reason: 'cancelled', epochsDone: 1, bestMiou: null, bestEpoch: null }, AT);
    expect(applyAll(done, [{ type: 'paused' }, { type: 'resumed' }, { type: 'failed', error: 'late' }]).run).toEqual(done.run);
  });

  it('marks a started run running on its engine', () => {
    const queued = detail({ run: run({ status: 'queued', startedAt: null, pid: null }) });
    const started = applyRunEvent(queued, {
      type: 'started', engine: 'wasm', device: 'CPU', engineDescription: 'wasm (SIMD)', trainSamples: 8, valSamples: 4, stepsPerEpoch: 2, fromEpoch: 0,
    }, AT);
    expect(started.run).toMatchObject({ status: 'running', engine: 'wasm', device: 'CPU', startedAt: AT });
  });

  it('gives the same detail when every event is applied twice', () => {
    const events: TrainingEvent[] = [
      step(1), epoch(1, 0.2), { type: 'sample', epoch: 1, frameId: 'a', path: '/a' }, { type: 'checkpoint', epoch: 1, kinds: ['best', 'last'], path: '/c' },
      epoch(2, 0.3), { type: 'paused' }, { type: 'resumed' },
    ];
    expect(applyAll(applyAll(detail(), events), events)).toEqual(applyAll(detail(), events));
  });
});

describe('applyRunEventToList', () => {
  it('updates only the run the event is about', () => {
    const runs = [run({ id: 8 }), run({ id: 7 })];
    const after = applyRunEventToList(runs, 7, epoch(1, 0.25), AT);
    expect(after[0]).toBe(runs[0]);
    expect(after[1]).toMatchObject({ epochsDone: 1, bestMiou: 0.25 });
  });

  it('returns the same list for an event that changes no row', () => {
    const runs = [run()];
    expect(applyRunEventToList(runs, 7, step(1), AT)).toBe(runs);
    expect(applyRunEventToList(runs, 99, epoch(1, 0.5), AT)).toBe(runs);
  });

  it('keeps the best mIoU when a later epoch scores lower', () => {
    expect(applyRunEventToRun(run({ epochsDone: 1, bestMiou: 0.5 }), epoch(2, 0.3), AT)).toMatchObject({ epochsDone: 2, bestMiou: 0.5 });
  });
});

describe('RunEventJournal', () => {
  it('replays onto a load the events that arrived while it was in flight', () => {
    const journal = new RunEventJournal();
    journal.record(7, epoch(1, 0.1), AT);
    const mark = journal.open();
    journal.record(7, epoch(2, 0.2), AT);
    journal.record(8, epoch(1, 0.9), AT);
    const replayed = journal.replay(mark, detail(), (id) => id === 7, (d, _, event, at) => applyRunEvent(d, event, at));
    expect(replayed.epochs.map((e) => e.epoch)).toEqual([2]);
    journal.close(mark);
    expect(journal.size).toBe(0);
  });

  it('keeps events while any load that needs them is open', () => {
    const journal = new RunEventJournal();
    const first = journal.open();
    journal.record(7, step(1), AT);
    const second = journal.open();
    journal.record(7, step(2), AT);
    journal.close(first);
    expect(journal.size).toBe(1);
    const seen: TrainingEvent[] = [];
    journal.replay(second, null, () => true, (_, __, event) => { seen.push(event); return null; });
    expect(seen).toEqual([step(2)]);
    journal.close(second);
    expect(journal.size).toBe(0);
  });

  it('keeps nothing while no load is open', () => {
    const journal = new RunEventJournal();
    journal.record(7, step(1), AT);
    expect(journal.size).toBe(0);
  });
});
