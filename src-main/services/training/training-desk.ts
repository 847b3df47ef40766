import { rm } from 'node:fs/promises';
import { buildLabelIndex, CITYSCAPES } from '../../../src-shared/labels';
import type { Run, StepProgress, TrainSettings, RunAction, RunDetail, StudioEvent } from '../../../src-shared/api';
import { SettingError, trainConfigFromSettings } from '../../ml/train/recipe';
import { TrainingService, type TrainingServiceOptions } from '../../ml/train/service';

const LABELS = buildLabelIndex(CITYSCAPES);

/** A request about runs the user can fix (unknown run, wrong state, bad setting). */
export class RunRequestError extends Error {}

/**
 * The studio's side of training: one run trains at a time (a CPU has no cores to spare for two), the
 * rest wait in a queue in start order. It keeps each active run's newest step so a window opened
 * mid-run shows progress at once, and tells listeners about every run event and change.
 */
export class TrainingDesk {
  readonly service: TrainingService;
  private readonly queue: number[] = [];
  private readonly progress = new Map<number, StepProgress>();
  private readonly listeners = new Set<(event: StudioEvent) => void>();
  private current: number | null = null;

  constructor(options: TrainingServiceOptions) {
    this.service = new TrainingService(options);
    this.service.onEvent((runId, event) => {
      if (event.type === 'step') this.progress.set(runId, event);
      if (event.type === 'finished' || event.type === 'failed') this.progress.delete(runId);
      this.emit({ channel: 'run', runId, event });
    });
  }

  onEvent(listener: (event: StudioEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Records the run and starts it now, or queues it behind the run in progress. */
  async start(settings: TrainSettings): Promise<Run> {
    let recipe: ReturnType<typeof trainConfigFromSettings>;
    try {
      recipe = trainConfigFromSettings(settings);
    } catch (error) {
      if (error instanceof SettingError) throw new RunRequestError(`${error.field}: ${error.message}`);
      throw error;
    }
    const run = await this.service.create({ config: recipe.config, preset: recipe.preset, name: settings.name }).catch((error: Error) => {
      throw new RunRequestError(error.message);
    });
    this.queue.push(run.id);
    this.emit({ channel: 'runs-changed' });
    await this.startNext();
    return this.service.store.getRun(run.id)!;
  }

  list(): Run[] {
    return this.service.store.listRuns();
  }

  detail(runId: number): RunDetail {
    const { store } = this.service;
    const run = this.run(runId);
    const epochs = store.listEpochs(runId);
    const latest = epochs.at(-1)?.epoch ?? null;
    const best = epochs.reduce<{ epoch: number; miou: number } | null>(
      (top, e) => (e.miou !== null && (top === null || e.miou > top.miou) ? { epoch: e.epoch, miou: e.miou } : top), null);
    return {
      run,
      config: run.config as Record<string, unknown>,
      epochs,
      classNames: LABELS.trainClasses.map((label) => label.name),
      latestClasses: latest === null ? [] : store.listClassMetrics(runId, latest),
      bestClasses: best === null ? [] : store.listClassMetrics(runId, best.epoch),
      bestEpoch: best?.epoch ?? null,
      samples: store.listSamples(runId).map(({ epoch, frameId }) => ({ epoch, frameId })),
      checkpoints: store.listCheckpoints(runId).map(({ epoch, kind }) => ({ epoch, kind })),
      progress: this.progress.get(runId) ?? null,
      runDir: this.service.runDir(runId),
    };
  }

  async control(runId: number, action: RunAction): Promise<Run> {
    const run = this.run(runId);
    const active = this.service.activeRun(runId);
    if (action === 'continue') {
      if (run.status !== 'interrupted') throw new RunRequestError(`run ${runId} is ${run.status}: only an interrupted run can continue`);
      if (!this.queue.includes(runId)) this.queue.push(runId);
      await this.startNext();
    } else if (action === 'cancel' && this.queue.includes(runId) && !active) {
      this.queue.splice(this.queue.indexOf(runId), 1);
      this.service.store.transition(runId, 'cancelled');
      this.emit({ channel: 'runs-changed' });
    } else {
      if (!active) throw new RunRequestError(`run ${runId} is ${run.status}: it is not training`);
      active[action]();
    }
    return this.run(runId);
  }

  rename(runId: number, name: string): Run {
    this.run(runId);
    return this.changed(this.service.store.rename(runId, name));
  }

  setTags(runId: number, tags: readonly string[]): Run {
    this.run(runId);
    return this.changed(this.service.store.setTags(runId, tags));
  }

  setNote(runId: number, note: string): Run {
    this.run(runId);
    return this.changed(this.service.store.setNote(runId, note));
  }

  /** Forgets the run and removes its folder (checkpoints, samples); a run still training must be cancelled first. */
  async delete(runId: number): Promise<void> {
    const run = this.run(runId);
    // Running or paused anywhere, in this process or another (a CLI, another window's studio).
    if (this.service.activeRun(runId) || run.status === 'running' || run.status === 'paused') {
      throw new RunRequestError(`run ${runId} is ${run.status}: cancel it before deleting it`);
    }
    this.queue.splice(0, this.queue.length, ...this.queue.filter((id) => id !== runId));
    const { artifactPaths } = this.service.store.deleteRun(runId);
    await Promise.all([...artifactPaths, this.service.runDir(runId)].map((path) => rm(path, { recursive: true, force: true })));
    this.emit({ channel: 'runs-changed' });
  }

  /** Where a run's saved prediction for a frame at an epoch is, if it was saved. */
  samplePath(runId: number, epoch: number, frameId: string): string | null {
    return this.service.store.listSamples(runId, epoch).find((s) => s.frameId === frameId)?.path ?? null;
  }

  /** Stops every run this desk started (the app is quitting): each becomes `interrupted` and can continue later. */
  stopAll(): void {
    this.queue.length = 0;
    if (this.current !== null) this.service.activeRun(this.current)?.kill();
  }

  private async startNext(): Promise<void> {
    if (this.current !== null) return;
    const next = this.queue.shift();
    if (next === undefined) return;
    this.current = next;
    try {
      const active = await this.service.resumeRun(next);
      void active.finished.then(() => this.finishCurrent());
    } catch (error) {
      // A queued run that cannot start has failed; an interrupted one keeps its checkpoints and can be tried again.
      const message = (error as Error).message;
      if (this.service.store.getRun(next)?.status === 'queued') this.service.store.transition(next, 'failed', { error: message });
      else this.emit({ channel: 'run', runId: next, event: { type: 'warning', message: `run ${next} could not continue: ${message}` } });
      this.emit({ channel: 'runs-changed' });
      await this.finishCurrent();
    }
  }

  private async finishCurrent(): Promise<void> {
    this.current = null;
    this.emit({ channel: 'runs-changed' });
    await this.startNext();
  }

  private run(runId: number): Run {
    const run = this.service.store.getRun(runId);
    if (!run) throw new RunRequestError(`run ${runId} does not exist`);
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
