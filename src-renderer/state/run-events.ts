import { FINAL_STATUSES, type CheckpointKind, type Run, type RunDetail, type RunStatus, type TrainingEvent } from '../../src-shared/api';

/*
 * What a training event does to the runs the renderer holds, as pure functions: the main process records
 * each event before it sends it, so applying it here gives what a reload would, without the round trip.
 * Every function is idempotent (applying an event twice changes nothing more), so events that arrive
 * while a load is in flight can be replayed onto its answer whether or not the answer already has them.
 */


type RunStatusEvent = Extract<TrainingEvent, { type: 'started' | 'paused' | 'resumed' | 'finished' | 'failed' }>;

/** The status a run goes to on an event, as the run store moves it; a final status stays. */
function statusAfter(status: RunStatus, event: RunStatusEvent): RunStatus {
  if (FINAL_STATUSES.includes(status)) return status;
  switch (event.type) {
    case 'started': return 'running';
    case 'paused': return status === 'running' ? 'paused' : status;
    case 'resumed': return status === 'paused' ? 'running' : status;
    case 'finished': return event.status;
    case 'failed': return 'failed';
  }
}

/** A run (a row of the runs list, or a detail's run) after one of its events; `at` is when it arrived, for timestamps. */
export function applyRunEventToRun(run: Run, event: TrainingEvent, at: string): Run {
  switch (event.type) {
    case 'started': {
      if (FINAL_STATUSES.includes(run.status)) return run;
      return { ...run, status: 'running', engine: event.engine, device: event.device, error: null, startedAt: run.startedAt ?? at, finishedAt: null };
    }
    case 'paused':
    case 'resumed': {
      const status = statusAfter(run.status, event);
      return status === run.status ? run : { ...run, status };
    }
    case 'epoch': {
      const epochsDone = Math.max(run.epochsDone, event.epoch);
      const bestMiou = higher(run.bestMiou, event.metrics.miou);
      return epochsDone === run.epochsDone && bestMiou === run.bestMiou ? run : { ...run, epochsDone, bestMiou };
    }
    case 'finished': {
      if (FINAL_STATUSES.includes(run.status)) return run;
      return { ...run, status: event.status, epochsDone: event.epochsDone, bestMiou: event.bestMiou, pid: null, finishedAt: at };
    }
    case 'failed': {
      if (FINAL_STATUSES.includes(run.status)) return run;
      return { ...run, status: 'failed', error: event.error, pid: null, finishedAt: at };
    }
    default:
      return run;
  }
}

/** The runs list with the one run an event is about brought up to date (the same array when nothing changed). */
export function applyRunEventToList(runs: readonly Run[], runId: number, event: TrainingEvent, at: string): readonly Run[] {
  const index = runs.findIndex((run) => run.id === runId);
  if (index < 0) return runs;
  const run = applyRunEventToRun(runs[index], event, at);
  return run === runs[index] ? runs : runs.with(index, run);
}

/** A run's detail after one of its events: curves, per-class scores, samples, checkpoints, progress and status. */
export function applyRunEvent(detail: RunDetail, event: TrainingEvent, at: string): RunDetail {
  const run = applyRunEventToRun(detail.run, event, at);
  const updated = run === detail.run ? detail : { ...detail, run };
  switch (event.type) {
    case 'step':
      return { ...updated, progress: event };
    case 'epoch':
      return applyEpoch(updated, event);
    case 'sample': {
      if (updated.samples.some((s) => s.epoch === event.epoch && s.frameId === event.frameId)) return updated;
      const samples = [...updated.samples, { epoch: event.epoch, frameId: event.frameId }]
        .sort((a, b) => a.epoch - b.epoch || (a.frameId < b.frameId ? -1 : a.frameId > b.frameId ? 1 : 0));
      return { ...updated, samples };
    }
    case 'checkpoint':
      return { ...updated, checkpoints: event.kinds.reduce(withCheckpoint(event.epoch), updated.checkpoints) };
    case 'finished':
    case 'failed':
      // The main process forgets a run's step progress when it ends.
      return updated.progress === null ? updated : { ...updated, progress: null };
    default:
      return updated;
  }
}

function applyEpoch(detail: RunDetail, event: Extract<TrainingEvent, { type: 'epoch' }>): RunDetail {
  const record = { ...event.metrics, epoch: event.epoch };
  const epochs = [...detail.epochs.filter((e) => e.epoch !== event.epoch), record].sort((a, b) => a.epoch - b.epoch);
  const isNewest = epochs.at(-1)!.epoch === event.epoch;
  const best = detail.bestEpoch === null ? null : detail.epochs.find((e) => e.epoch === detail.bestEpoch) ?? null;
  // As the main process picks it: the highest val mIoU, the earliest epoch on a tie.
  const isBest = event.metrics.miou !== null && (
    best === null || best.epoch === event.epoch || best.miou === null
    || event.metrics.miou > best.miou || (event.metrics.miou === best.miou && event.epoch < best.epoch));
  return {
    ...detail,
    epochs,
    latestClasses: isNewest ? event.classes : detail.latestClasses,
    ...(isBest ? { bestClasses: event.classes, bestEpoch: event.epoch } : {}),
  };
}

/** Adds a checkpoint as the run store records it: a `best` or `last` checkpoint replaces the previous one of its kind. */
function withCheckpoint(epoch: number) {
  return (checkpoints: RunDetail['checkpoints'], kind: CheckpointKind): RunDetail['checkpoints'] => {
    if (checkpoints.some((c) => c.epoch === epoch && c.kind === kind)) return checkpoints;
    const kept = kind === 'periodic' ? checkpoints : checkpoints.filter((c) => c.kind !== kind);
    return [...kept, { epoch, kind }].sort((a, b) => a.epoch - b.epoch);
  };
}

function higher(a: number | null, b: number | null): number | null {
  if (a === null) return b;
  if (b === null) return a;
  return Math.max(a, b);
}

/**
 * Run events received while loads were in flight. A load's answer may predate events that arrived
 * before it: the events since the load began are replayed onto it, in order.
 */
export class RunEventJournal {
  private readonly entries: Array<{ readonly seq: number; readonly runId: number; readonly event: TrainingEvent; readonly at: string }> = [];
  private seq = 0;
  /** The marks of the loads in flight (two loads opened together share one). */
  private readonly openMarks: number[] = [];

  /** Call as a load starts; pass the mark to `replay` and `close`. */
  open(): number {
    this.openMarks.push(this.seq);
    return this.seq;
  }

  record(runId: number, event: TrainingEvent, at: string): void {
    this.seq++;
    if (this.openMarks.length > 0) this.entries.push({ seq: this.seq, runId, event, at });
  }

  /** `value` with every event for the runs `matches` accepts, received since `mark`, applied by `apply`. */
  replay<T>(mark: number, value: T, matches: (runId: number) => boolean, apply: (value: T, runId: number, event: TrainingEvent, at: string) => T): T {
    let result = value;
    for (const entry of this.entries) {
      if (entry.seq > mark && matches(entry.runId)) result = apply(result, entry.runId, entry.event, entry.at);
    }
    return result;
  }

  /** Call when a load ends, answered or not; events no open load needs are dropped. */
  close(mark: number): void {
    const index = this.openMarks.indexOf(mark);
    if (index >= 0) this.openMarks.splice(index, 1);
    const oldest = Math.min(...this.openMarks);
    const needed = this.entries.findIndex((entry) => entry.seq > oldest);
    this.entries.splice(0, needed < 0 ? this.entries.length : needed);
  }

  /** Events kept for loads in flight (for tests). */
  get size(): number {
    return this.entries.length;
  }
}
