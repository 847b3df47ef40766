import type { EngineName } from '../../ml/engine/init-engine';
import type { TrainConfig } from '../../ml/train/config';
import type { TrainingEvent } from '../../ml/train/events';

/** Sent once, first: what to train and where. */
export interface StartTrainingCommand {
  readonly type: 'start';
  readonly config: TrainConfig;
  readonly runDir: string;
  readonly cacheDir: string;
  readonly datasetFingerprint?: string;
  readonly backend?: EngineName;
  /** Threads each batch is split over (data-parallel); the trainer's default (one per core on wasm) unless given. */
  readonly threads?: number;
  /** Continue from the newest checkpoint in runDir. */
  readonly resume: boolean;
}

/** Parent → training process. */
export type TrainingCommand = StartTrainingCommand | { readonly type: 'pause' } | { readonly type: 'resume' } | { readonly type: 'cancel' };

/** Training process → parent: the trainer's events, as they happen. */
export type TrainingProcessMessage = TrainingEvent;

const COMMAND_TYPES = new Set(['start', 'pause', 'resume', 'cancel']);

export function isTrainingCommand(message: unknown): message is TrainingCommand {
  return typeof message === 'object' && message !== null && COMMAND_TYPES.has((message as { type?: unknown }).type as string);
}
