export const RUN_STATUSES = ['queued', 'running', 'paused', 'done', 'failed', 'cancelled', 'interrupted'] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];

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

export interface NewRun {
  readonly name: string;
  readonly arch: string;
  readonly preset?: string | null;
  readonly config: unknown;
  readonly datasetRoot: string;
  readonly datasetFingerprint?: string | null;
  readonly engine?: string | null;
  readonly device?: string | null;
  readonly tags?: readonly string[];
  readonly note?: string;
}

/** What a transition may record alongside the new status. */
export interface TransitionDetails {
  /** The training process, when going to `running`. */
  readonly pid?: number;
  readonly engine?: string;
  readonly device?: string;
  /** Why, when going to `failed` (or `interrupted`). */
  readonly error?: string;
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

export interface RunFilter {
  readonly status?: RunStatus | readonly RunStatus[];
  readonly tag?: string;
}
