/** Training runs as every process sees them: the run store's records and the events a run reports. */

export const RUN_STATUSES = ['queued', 'running', 'paused', 'done', 'failed', 'cancelled', 'interrupted'] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];

/** Statuses with a training process behind them. */
export const ACTIVE_STATUSES: readonly RunStatus[] = ['running', 'paused'];
/** Statuses a run never leaves. */
export const FINAL_STATUSES: readonly RunStatus[] = ['done', 'failed', 'cancelled'];
/** Statuses of a run that is training or waiting its turn to: it can still be cancelled. */
export const LIVE_STATUSES: readonly RunStatus[] = ['queued', ...ACTIVE_STATUSES];

export const CHECKPOINT_KINDS = ['periodic', 'best', 'last'] as const;
export type CheckpointKind = (typeof CHECKPOINT_KINDS)[number];

export interface Run {
  readonly id: number;
  readonly name: string;
  readonly arch: string;
  readonly preset: string | null;
  /** The full training config as recorded at creation (JSON). */
  readonly config: unknown;
  /** The tfjs engine that ran it, e.g. `wasm`; known once it starts. */
  readonly engine: string | null;
  readonly device: string | null;
  readonly datasetRoot: string;
  readonly datasetFingerprint: string | null;
  readonly status: RunStatus;
  readonly error: string | null;
  /** ISO 8601 timestamps. */
  readonly createdAt: string;
  readonly startedAt: string | null;
  readonly finishedAt: string | null;
  /** The last recorded epoch (epochs count from 1); 0 before the first. */
  readonly epochsDone: number;
  readonly bestMiou: number | null;
  readonly tags: readonly string[];
  readonly note: string;
  /** The training process while running or paused. */
  readonly pid: number | null;
}

/** One epoch's summary; null where a value was not measured (no validation this epoch). */
export interface EpochMetrics {
  readonly trainLoss: number;
  readonly valLoss: number | null;
  readonly miou: number | null;
  readonly pixelAccuracy: number | null;
  readonly meanDice: number | null;
  readonly imagesPerSecond: number | null;
  readonly seconds: number;
  /** Anything else worth keeping (learning rate, means of other scores), stored as JSON. */
  readonly extra?: Readonly<Record<string, unknown>>;
}

export interface EpochRecord extends EpochMetrics {
  readonly epoch: number;
}

/** One class's validation scores for an epoch; null where not evaluated (n/a, not 0). */
export interface ClassMetricsRecord {
  readonly classTrainId: number;
  readonly iou: number | null;
  readonly dice: number | null;
  readonly accuracy: number | null;
  readonly sensitivity: number | null;
  readonly specificity: number | null;
}

export interface CheckpointRecord {
  readonly runId: number;
  readonly epoch: number;
  readonly kind: CheckpointKind;
  readonly path: string;
  readonly createdAt: string;
}

export interface SamplePredictionRecord {
  readonly runId: number;
  readonly epoch: number;
  readonly frameId: string;
  readonly path: string;
}

/** What a training run reports, in order: started, then steps, epochs, samples and checkpoints, then one finish. */
export type TrainingEvent =
  | {
    readonly type: 'started';
    readonly engine: string;
    readonly device: string;
    readonly engineDescription: string;
    readonly trainSamples: number;
    readonly valSamples: number;
    readonly stepsPerEpoch: number;
    /** Epochs already done when this process took over (a resume), 0 for a fresh run. */
    readonly fromEpoch: number;
  }
  | { readonly type: 'warning'; readonly message: string }
  | {
    readonly type: 'step';
    readonly epoch: number;
    /** Steps done in this epoch, from 1. */
    readonly step: number;
    readonly stepsPerEpoch: number;
    readonly globalStep: number;
    readonly totalSteps: number;
    readonly loss: number;
    readonly lr: number;
    readonly imagesPerSecond: number;
    readonly etaSeconds: number;
  }
  | { readonly type: 'epoch'; readonly epoch: number; readonly metrics: EpochMetrics; readonly classes: readonly ClassMetricsRecord[] }
  | { readonly type: 'sample'; readonly epoch: number; readonly frameId: string; readonly path: string }
  | { readonly type: 'checkpoint'; readonly epoch: number; readonly kinds: readonly CheckpointKind[]; readonly path: string }
  | { readonly type: 'paused' }
  | { readonly type: 'resumed' }
  | {
    readonly type: 'finished';
    readonly status: 'done' | 'cancelled';
    /** Why training ended before its last epoch, if it did. */
    readonly reason: 'early-stopping' | 'cancelled' | null;
    readonly epochsDone: number;
    readonly bestMiou: number | null;
    readonly bestEpoch: number | null;
  }
  | { readonly type: 'failed'; readonly error: string };

