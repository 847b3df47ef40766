import type { Run, RunStatus } from '../../../src-shared/api/runs';

export {
  CHECKPOINT_KINDS, RUN_STATUSES,
  type CheckpointKind, type CheckpointRecord, type ClassMetricsRecord, type EpochMetrics, type EpochRecord, type Run, type RunStatus, type SamplePredictionRecord,
} from '../../../src-shared/api/runs';

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






export interface RunFilter {
  readonly status?: RunStatus | readonly RunStatus[];
  readonly tag?: string;
}
