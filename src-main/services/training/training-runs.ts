import { rm, stat } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import type { Run, RunAction, RunDetail, StepProgress, StudioEvent, TrainingEvent, TrainSettings } from '../../../src-shared/api';
import { UserError } from '../../../src-shared/errors';
import { CITYSCAPES, type LabelSpec } from '../../../src-shared/labels';
import { scanFrames, type FrameEntry } from '../../dataset/frames';
import { datasetLabels } from '../../dataset/label-spec';
import { datasetFingerprint } from '../../ml/data/fingerprint';
import type { EngineName } from '../../ml/engine/engine-names';
import { checkpointEpochs } from '../../ml/train/checkpoint-files';
import { trainConfigFromSettings } from '../../ml/train/recipe';
import { trainConfigOf } from '../../ml/train/stored-config';
import type { Db } from '../../store/db';
import { DatasetStore } from '../dataset-store';
import { RunStore } from '../runs/run-store';
import { ACTIVE_STATUSES, LIVE_STATUSES } from '../runs/status';
import type { StartTrainingCommand } from './protocol';
import { spawnTrainingProcess, type TrainingProcess } from './training-process';

export interface TrainingRunsOptions {
  readonly db: Db;
  /** Run folders (checkpoints, sample predictions) go under `<dataDir>/runs/<id>`, caches under `<dataDir>/cache`. */
  readonly dataDir: string;
  /** Forces an engine for every process started here, over the run's own choice (`train --resume --backend`). */
  readonly backend?: EngineName;
  /** Likewise for the data-parallel thread count. */
  readonly threads?: number;
  /** How training processes start; a Node child process unless given (Electron passes its utilityProcess adapter). */
  readonly spawn?: () => TrainingProcess;
}

/** How a queued run is to be launched: from scratch with what its creation measured, or from its last checkpoint. */
type Launch = { readonly runId: number; readonly mode: 'fresh'; readonly fingerprint: string } | { readonly runId: number; readonly mode: 'resume' };

/** The process behind a run that is training. */
interface ActiveRun {
  readonly process: TrainingProcess;
  /** The run has reported its own end (finished or failed); an exit after that is expected. */
  hasEnded: boolean;
}

/** Statuses a run leaves only by being started again. */
const SETTLED: readonly Run['status'][] = ['done', 'failed', 'cancelled', 'interrupted'];

/**
 * The one home of a training run's lifecycle, shared by the studio and the CLI: create (settings to
 * a checked config, the dataset scanned and fingerprinted once), queue (one run trains at a time: a
 * CPU has no cores to spare for two), start its training process, pause, resume, cancel, continue an
 * interrupted run from its last checkpoint, and recover runs orphaned by a crash (marked `interrupted`
 * when this starts). What the process reports goes to the run store and to listeners.
 */
export class TrainingRuns {
  readonly store: RunStore;
  private readonly queue: Launch[] = [];
  private readonly active = new Map<number, ActiveRun>();
  private readonly progress = new Map<number, StepProgress>();
  private readonly waiters = new Map<number, Array<(run: Run) => void>>();
  private readonly listeners = new Set<(event: StudioEvent) => void>();
  private current: number | null = null;

  constructor(private readonly options: TrainingRunsOptions) {
    this.store = new RunStore(options.db);
    this.store.markInterruptedOnStart();
  }

  onEvent(listener: (event: StudioEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  runDir(runId: number): string {
    return join(this.options.dataDir, 'runs', String(runId));
  }

  /** Records a run from the user's settings and starts it now, or queues it behind the run in progress. */
  async start(settings: TrainSettings): Promise<Run> {
    const datasetRoot = resolve(settings.datasetRoot);
    const info = await stat(datasetRoot).catch(() => null);
    if (!info?.isDirectory()) throw new UserError(`${settings.datasetRoot}: no such folder`);
    const { spec } = await datasetLabels(datasetRoot, settings.labels);
    // The Pillow generation is a per-dataset setting: a run follows the dataset's unless told otherwise.
    const pillow = settings.pillow ?? new DatasetStore(this.options.db).pillowOf(datasetRoot) ?? undefined;
    const { config, preset } = trainConfigFromSettings({ ...settings, datasetRoot, pillow }, spec);
    const frames = await scanFrames(datasetRoot);
    checkSplits(datasetRoot, frames);
    const fingerprint = await datasetFingerprint(frames);
    const run = this.store.createRun({
      name: settings.name ?? `${config.model.arch} on ${basename(datasetRoot)}`,
      arch: config.model.arch, preset, config, datasetRoot, datasetFingerprint: fingerprint,
    });
    this.queue.push({ runId: run.id, mode: 'fresh', fingerprint });
    this.emit({ channel: 'runs-changed' });
    await this.startNext();
    return this.run(run.id);
  }

  /** Resolves with the run once it has stopped training, however it stopped (at once if it is not training or queued). */
  finished(runId: number): Promise<Run> {
    const run = this.run(runId);
    if (SETTLED.includes(run.status) && !this.isInFlight(runId)) return Promise.resolve(run);
    return new Promise((resolveFinished) => {
      this.waiters.set(runId, [...(this.waiters.get(runId) ?? []), resolveFinished]);
    });
  }

  list(): Run[] {
    return this.store.listRuns();
  }

  detail(runId: number): RunDetail {
    const run = this.run(runId);
    const epochs = this.store.listEpochs(runId);
    const latest = epochs.at(-1)?.epoch ?? null;
    const best = epochs.reduce<{ epoch: number; miou: number } | null>(
      (top, e) => (e.miou !== null && (top === null || e.miou > top.miou) ? { epoch: e.epoch, miou: e.miou } : top), null);
    const labels = labelsOfRun(run);
    return {
      run,
      config: run.config as Record<string, unknown>,
      epochs,
      labels,
      latestClasses: latest === null ? [] : this.store.listClassMetrics(runId, latest),
      bestClasses: best === null ? [] : this.store.listClassMetrics(runId, best.epoch),
      bestEpoch: best?.epoch ?? null,
      samples: this.store.listSamples(runId).map(({ epoch, frameId }) => ({ epoch, frameId })),
      checkpoints: this.store.listCheckpoints(runId).map(({ epoch, kind }) => ({ epoch, kind })),
      progress: this.progress.get(runId) ?? null,
      runDir: this.runDir(runId),
    };
  }

  async control(runId: number, action: RunAction): Promise<Run> {
    const run = this.run(runId);
    const active = this.active.get(runId);
    if (action === 'continue') {
      if (run.status !== 'interrupted') throw new UserError(`run ${runId} is ${run.status}: only an interrupted run can continue`);
      if (!this.isInFlight(runId)) this.queue.push({ runId, mode: 'resume' });
      await this.startNext();
    } else if (action === 'cancel' && !active && this.isWaiting(runId)) {
      this.dequeue(runId);
      if (run.status === 'queued') this.store.transition(runId, 'cancelled');
      this.emit({ channel: 'runs-changed' });
      this.settleWaiters(runId);
    } else {
      if (!active) throw new UserError(`run ${runId} is ${run.status}: it is not training`);
      active.process.send({ type: action });
    }
    return this.run(runId);
  }

  rename(runId: number, name: string): Run {
    this.run(runId);
    return this.changed(this.store.rename(runId, name));
  }

  setTags(runId: number, tags: readonly string[]): Run {
    this.run(runId);
    return this.changed(this.store.setTags(runId, tags));
  }

  setNote(runId: number, note: string): Run {
    this.run(runId);
    return this.changed(this.store.setNote(runId, note));
  }

  /** Forgets the run and removes its folder (checkpoints, samples); a run still training must be cancelled first. */
  async delete(runId: number): Promise<void> {
    const run = this.run(runId);
    // Running or paused anywhere, in this process or another (a CLI, another window's studio).
    if (this.active.has(runId) || ACTIVE_STATUSES.includes(run.status)) {
      throw new UserError(`run ${runId} is ${run.status}: cancel it before deleting it`);
    }
    this.dequeue(runId);
    const { artifactPaths } = this.store.deleteRun(runId);
    await Promise.all([...artifactPaths, this.runDir(runId)].map((path) => rm(path, { recursive: true, force: true })));
    this.emit({ channel: 'runs-changed' });
  }

  /** Where a run's saved prediction for a frame at an epoch is, if it was saved. */
  samplePath(runId: number, epoch: number, frameId: string): string | null {
    return this.store.listSamples(runId, epoch).find((s) => s.frameId === frameId)?.path ?? null;
  }

  /** Stops every run started here (the app is quitting): each becomes `interrupted` and can continue later. */
  stopAll(): void {
    this.queue.length = 0;
    for (const { process } of this.active.values()) process.kill();
  }

  private async startNext(): Promise<void> {
    if (this.current !== null) return;
    const next = this.queue.shift();
    if (next === undefined) return;
    this.current = next.runId;
    try {
      this.launch(next.runId, await this.startCommand(next));
    } catch (error) {
      // A new run that cannot start has failed; an interrupted one keeps its checkpoints and can be tried again.
      const message = (error as Error).message;
      if (this.store.getRun(next.runId)?.status === 'queued') this.store.transition(next.runId, 'failed', { error: message });
      else this.emit({ channel: 'run', runId: next.runId, event: { type: 'warning', message: `run ${next.runId} could not continue: ${message}` } });
      this.settleWaiters(next.runId);
      await this.finishCurrent();
    }
  }

  /** What the training process is told: a fresh run as recorded; a resumed one rewound to its last checkpoint. */
  private async startCommand(launch: Launch): Promise<StartTrainingCommand> {
    const run = this.run(launch.runId);
    const config = trainConfigOf(run);
    const common = {
      type: 'start', config, runDir: this.runDir(run.id), cacheDir: join(this.options.dataDir, 'cache'),
      backend: this.options.backend ?? config.backend ?? undefined, threads: this.options.threads ?? config.threads ?? undefined,
    } as const;
    if (launch.mode === 'fresh') return { ...common, datasetFingerprint: launch.fingerprint, resume: false };

    const epochs = await checkpointEpochs(common.runDir);
    const { removedPaths } = this.store.rewindToEpoch(run.id, epochs.at(-1) ?? 0);
    await Promise.all(removedPaths.map((path) => rm(path, { recursive: true, force: true })));
    const fingerprint = await datasetFingerprint(await scanFrames(config.datasetRoot));
    if (run.datasetFingerprint !== null && fingerprint !== run.datasetFingerprint) {
      this.emit({ channel: 'run', runId: run.id, event: { type: 'warning', message: `${config.datasetRoot}: the dataset changed since the run started (fingerprint ${run.datasetFingerprint} → ${fingerprint})` } });
    }
    return { ...common, datasetFingerprint: fingerprint, resume: true };
  }

  private launch(runId: number, command: StartTrainingCommand): void {
    const child = (this.options.spawn ?? spawnTrainingProcess)();
    const active: ActiveRun = { process: child, hasEnded: false };
    this.active.set(runId, active);
    // Running from the moment the process exists: if it (or this process) dies before it reports, the pid tells.
    child.on('spawn', (pid) => {
      try {
        this.store.transition(runId, 'running', { pid });
        this.emit({ channel: 'runs-changed' });
      } catch (error) {
        this.settle(runId, 'failed', `recording the run's start failed: ${(error as Error).message}`);
        child.kill();
      }
    });
    child.on('message', (event) => {
      try {
        this.record(runId, event);
      } catch (error) {
        // A store write that fails (a NaN metric, a full disk) fails the run rather than leaving it half-recorded.
        this.settle(runId, 'failed', `recording the run failed: ${(error as Error).message}`);
        child.kill();
      }
      if (event.type === 'finished' || event.type === 'failed') active.hasEnded = true;
      if (event.type === 'step') this.progress.set(runId, event);
      this.emit({ channel: 'run', runId, event });
    });
    child.on('exit', (code, why) => {
      if (!active.hasEnded) {
        const reason = why ?? (code === null ? 'the training process was killed' : `the training process exited with code ${code}`);
        this.settle(runId, code === null ? 'interrupted' : 'failed', reason);
      }
      this.active.delete(runId);
      this.progress.delete(runId);
      this.settleWaiters(runId);
      void this.finishCurrent();
    });
    child.send(command);
  }

  private record(runId: number, event: TrainingEvent): void {
    switch (event.type) {
      case 'started':
        this.store.setEngine(runId, event.engine, event.device);
        return;
      case 'epoch':
        this.store.recordEpoch(runId, event.epoch, event.metrics, event.classes);
        return;
      case 'sample':
        this.store.addSample(runId, event.epoch, event.frameId, event.path);
        return;
      case 'checkpoint':
        for (const kind of event.kinds) this.store.addCheckpoint(runId, event.epoch, kind, event.path);
        return;
      case 'paused':
        this.store.transition(runId, 'paused');
        return;
      case 'resumed':
        this.store.transition(runId, 'running');
        return;
      case 'finished':
        this.store.transition(runId, event.status);
        return;
      case 'failed':
        this.settle(runId, 'failed', event.error);
        return;
    }
  }

  /** Moves the run to a final (or interrupted) status unless it already has one. */
  private settle(runId: number, status: 'failed' | 'interrupted', error: string): void {
    const run = this.store.getRun(runId);
    if (!run || !LIVE_STATUSES.includes(run.status)) return;
    this.store.transition(runId, run.status === 'queued' && status === 'interrupted' ? 'failed' : status, { error });
  }

  private async finishCurrent(): Promise<void> {
    if (this.current === null || this.active.has(this.current)) return;
    this.current = null;
    this.emit({ channel: 'runs-changed' });
    await this.startNext();
  }

  private isWaiting(runId: number): boolean {
    return this.queue.some((launch) => launch.runId === runId);
  }

  /** Queued, being launched, or training: not yet at rest, whatever its recorded status says. */
  private isInFlight(runId: number): boolean {
    return this.isWaiting(runId) || this.current === runId || this.active.has(runId);
  }

  private dequeue(runId: number): void {
    this.queue.splice(0, this.queue.length, ...this.queue.filter((launch) => launch.runId !== runId));
  }

  private settleWaiters(runId: number): void {
    const waiters = this.waiters.get(runId);
    if (!waiters || this.active.has(runId) || this.isWaiting(runId)) return;
    this.waiters.delete(runId);
    const run = this.run(runId);
    for (const resolveFinished of waiters) resolveFinished(run);
  }

  private run(runId: number): Run {
    const run = this.store.getRun(runId);
    if (!run) throw new UserError(`run ${runId} does not exist`);
    return run;
  }

  private changed(run: Run): Run {
    this.emit({ channel: 'runs-changed' });
    return run;
  }

  private emit(event: StudioEvent): void {
    for (const listener of this.listeners) listener(event);
  }
}

/** A run's label spec for display; a run whose stored config cannot be read still opens, in Cityscapes' names. */
function labelsOfRun(run: Run): LabelSpec {
  try {
    return trainConfigOf(run).labels;
  } catch {
    return CITYSCAPES;
  }
}

/** A dataset a run can train on has frames in both the train and the val split. */
function checkSplits(root: string, frames: readonly FrameEntry[]): void {
  if (frames.length === 0) throw new UserError(`${root}: no *_polygons.json annotations found in this folder`);
  for (const split of ['train', 'val']) {
    if (!frames.some((frame) => frame.split === split)) {
      const found = [...new Set(frames.map((frame) => frame.split))].join(', ');
      throw new UserError(`${root}: no frames in the ${split} split (found: ${found}); training needs train and val`);
    }
  }
}
