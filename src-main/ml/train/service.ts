import { rm } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { scanFrames } from '../../services/datasets';
import { RunStore } from '../../services/runs/run-store';
import type { Run, RunStatus } from '../../services/runs/types';
import type { Db } from '../../store/db';
import { spawnTrainingProcess, type TrainingProcess } from '../../worker/spawn-training-process';
import type { TrainingCommand } from '../../worker/protocol';
import { datasetFingerprint } from '../data/fingerprint';
import type { EngineName } from '../engine/engine-candidates';
import { checkpointEpochs } from './checkpoint-files';
import { validateTrainConfig, type TrainConfig } from './config';
import type { TrainingEvent } from './events';

export interface TrainingServiceOptions {
  readonly db: Db;
  /** Run folders (checkpoints, sample predictions) go under `<dataDir>/runs/<id>`. */
  readonly dataDir: string;
  /** Forces a tfjs engine in the training process. */
  readonly backend?: EngineName;
  /** Threads each batch is split over in the training process (default: one per core on wasm). */
  readonly threads?: number;
  /** How training processes start; a Node child process unless given (Electron passes its utilityProcess adapter). */
  readonly spawn?: () => TrainingProcess;
}

export interface StartRunInput {
  readonly config: TrainConfig;
  readonly name?: string;
  readonly preset?: string | null;
}

export type RunEventListener = (runId: number, event: TrainingEvent) => void;

/** A run whose training process this service started. */
export interface ActiveRun {
  readonly runId: number;
  /** Resolves with the run as recorded once its process has ended, however it ended. */
  readonly finished: Promise<Run>;
  pause(): void;
  resume(): void;
  cancel(): void;
  /** Ends the process at once; the run becomes `interrupted` and can resume from its last checkpoint. */
  kill(): void;
}

const RESUMABLE: readonly RunStatus[] = ['interrupted', 'queued'];

/**
 * Starts and resumes training runs for the CLI and the app alike: records each run in the run store,
 * starts its training process and writes what the process reports (epochs with their class metrics,
 * checkpoints, samples, status) to the store and to listeners. Runs orphaned by a crash are marked
 * `interrupted` when the service starts.
 */
export class TrainingService {
  readonly store: RunStore;
  private readonly listeners = new Set<RunEventListener>();
  private readonly active = new Map<number, ActiveRun>();

  constructor(private readonly options: TrainingServiceOptions) {
    this.store = new RunStore(options.db);
    this.store.markInterruptedOnStart();
  }

  onEvent(listener: RunEventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  runDir(runId: number): string {
    return join(this.options.dataDir, 'runs', String(runId));
  }

  activeRun(runId: number): ActiveRun | undefined {
    return this.active.get(runId);
  }

  async start(input: StartRunInput): Promise<ActiveRun> {
    const run = await this.create(input);
    const config = run.config as TrainConfig;
    return this.launch(run.id, { type: 'start', config, runDir: this.runDir(run.id), cacheDir: this.cacheDir(), datasetFingerprint: run.datasetFingerprint ?? undefined, backend: this.options.backend, threads: this.options.threads, resume: false });
  }

  /** Records a run as `queued` without starting it; `resumeRun` starts it later (from scratch, as it has no checkpoint). */
  async create(input: StartRunInput): Promise<Run> {
    const config = { ...input.config, datasetRoot: resolve(input.config.datasetRoot) };
    validateTrainConfig(config);
    const fingerprint = await datasetFingerprint(await scanFrames(config.datasetRoot));
    return this.store.createRun({
      name: input.name ?? `${config.model.arch} on ${basename(config.datasetRoot)}`,
      arch: config.model.arch,
      preset: input.preset ?? null,
      config,
      datasetRoot: config.datasetRoot,
      datasetFingerprint: fingerprint,
    });
  }

  /** Continues an interrupted run from its newest checkpoint, forgetting anything recorded after it. */
  async resumeRun(runId: number): Promise<ActiveRun> {
    const run = this.store.getRun(runId);
    if (!run) throw new Error(`run ${runId} does not exist`);
    if (!RESUMABLE.includes(run.status)) {
      throw new Error(`run ${runId} is ${run.status}: only an interrupted run can resume${run.status === 'running' || run.status === 'paused' ? ' (it is still training)' : ''}`);
    }
    const runDir = this.runDir(runId);
    const epochs = await checkpointEpochs(runDir);
    const fromEpoch = epochs.length > 0 ? epochs[epochs.length - 1] : 0;
    const { removedPaths } = this.store.rewindToEpoch(runId, fromEpoch);
    await Promise.all(removedPaths.map((path) => rm(path, { recursive: true, force: true })));
    const config = run.config as TrainConfig;
    const fingerprint = await datasetFingerprint(await scanFrames(config.datasetRoot));
    const active = this.launch(runId, { type: 'start', config, runDir, cacheDir: this.cacheDir(), datasetFingerprint: fingerprint, backend: this.options.backend, threads: this.options.threads, resume: true });
    if (run.datasetFingerprint !== null && fingerprint !== run.datasetFingerprint) {
      this.emit(runId, { type: 'warning', message: `${config.datasetRoot}: the dataset changed since the run started (fingerprint ${run.datasetFingerprint} → ${fingerprint})` });
    }
    return active;
  }

  private cacheDir(): string {
    return join(this.options.dataDir, 'cache');
  }

  private launch(runId: number, start: TrainingCommand): ActiveRun {
    const child = (this.options.spawn ?? spawnTrainingProcess)();
    let hasEnded = false;
    const finished = new Promise<Run>((resolveFinished) => {
      // Running from the moment the process exists: if it (or this process) dies before it reports, the pid tells.
      child.on('spawn', (pid) => {
        try {
          this.store.transition(runId, 'running', { pid });
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
        if (event.type === 'finished' || event.type === 'failed') hasEnded = true;
        this.emit(runId, event);
      });
      child.on('exit', (code, why) => {
        if (!hasEnded) {
          const reason = why ?? (code === null ? 'the training process was killed' : `the training process exited with code ${code}`);
          this.settle(runId, code === null ? 'interrupted' : 'failed', reason);
        }
        this.active.delete(runId);
        resolveFinished(this.store.getRun(runId)!);
      });
    });
    const active: ActiveRun = {
      runId,
      finished,
      pause: () => child.send({ type: 'pause' }),
      resume: () => child.send({ type: 'resume' }),
      cancel: () => child.send({ type: 'cancel' }),
      kill: () => child.kill(),
    };
    this.active.set(runId, active);
    child.send(start);
    return active;
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
    if (!run || !['queued', 'running', 'paused'].includes(run.status)) return;
    this.store.transition(runId, run.status === 'queued' && status === 'interrupted' ? 'failed' : status, { error });
  }

  private emit(runId: number, event: TrainingEvent): void {
    for (const listener of this.listeners) listener(runId, event);
  }
}
