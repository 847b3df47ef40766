import type { LabelSpec } from '../labels';
import type { CheckpointKind, ClassMetricsRecord, EpochRecord, Run, TrainingEvent } from './runs';

/**
 * The settings a user edits to start a run: a preset's recipe with single values overridden. The
 * CLI's flags and the train view's form both become this, and one function turns it into a config.
 */
export interface TrainSettings {
  readonly datasetRoot: string;
  /** A label spec file (the `--labels` format) to use instead of the dataset's own `segstudio.labels.json` or Cityscapes. */
  readonly labels?: string;
  readonly preset: string;
  readonly name?: string;
  readonly arch?: string;
  /** Base filters (U-Net family) or width multiplier base. */
  readonly width?: number;
  readonly backbone?: string;
  readonly inputWidth?: number;
  readonly inputHeight?: number;
  readonly batchSize?: number;
  readonly epochs?: number;
  readonly optimizer?: string;
  readonly lr?: number;
  readonly weightDecay?: number;
  readonly momentum?: number;
  readonly schedule?: string;
  readonly loss?: string;
  /** Probability of a horizontal flip; 0 turns it off. */
  readonly hflip?: number;
  readonly seed?: number;
  /** Forces an engine (`wasm`, `cpu`…) instead of the fastest available; recorded with the run. */
  readonly backend?: string;
  /** Threads each batch is split over (data-parallel); the engine's default unless given. */
  readonly threads?: number;
  /** The Pillow release whose polygon fill labels drawn from polygons follow (`9.4` unless given; see `pillowGeneration`). */
  readonly pillow?: string;
}

/** A preset flattened to the fields the form edits. */
export type PresetSettings = Required<Omit<TrainSettings, 'datasetRoot' | 'labels' | 'preset' | 'name' | 'backbone' | 'backend' | 'threads' | 'pillow'>> & { readonly backbone: string | null };

/** Inclusive bounds the form and the main side both check. */
export const TRAIN_BOUNDS = {
  width: { min: 1, max: 256 },
  inputWidth: { min: 16, max: 4096 },
  inputHeight: { min: 16, max: 4096 },
  batchSize: { min: 1, max: 256 },
  epochs: { min: 1, max: 10_000 },
  lr: { min: 1e-7, max: 10 },
  weightDecay: { min: 0, max: 1 },
  momentum: { min: 0, max: 0.999 },
  hflip: { min: 0, max: 1 },
  seed: { min: 0, max: 2 ** 31 - 1 },
} as const satisfies Partial<Record<keyof TrainSettings, { min: number; max: number }>>;

/** Data-parallel threads a run may ask for (not a preset field: the engine decides unless the user does). */
export const THREAD_BOUNDS = { min: 1, max: 64 } as const;

export interface TrainOptions {
  readonly presets: ReadonlyArray<{ readonly name: string; readonly settings: PresetSettings }>;
  readonly archs: readonly string[];
  readonly backbones: readonly string[];
  readonly optimizers: readonly string[];
  readonly schedules: readonly string[];
  readonly losses: readonly string[];
  /** Engines a run may be forced onto (`backend`). */
  readonly engines: readonly string[];
  /** The engine a run would start on now, as far as the installed packages tell. */
  readonly engine: { readonly name: string; readonly device: string };
  readonly sampleDataset: string | null;
}

/** The newest step of a run in progress, kept by the main process so a reopened window sees it at once. */
export type StepProgress = Extract<TrainingEvent, { type: 'step' }>;

/** Everything the train and runs views show of one run. */
export interface RunDetail {
  readonly run: Run;
  readonly config: Readonly<Record<string, unknown>>;
  readonly epochs: readonly EpochRecord[];
  /** The label spec the run trains with: its predictions and sample strips use these names and colours. */
  readonly labels: LabelSpec;
  /** Class metrics of the newest epoch and of the best one (by val mIoU). */
  readonly latestClasses: readonly ClassMetricsRecord[];
  readonly bestClasses: readonly ClassMetricsRecord[];
  readonly bestEpoch: number | null;
  readonly samples: ReadonlyArray<{ readonly epoch: number; readonly frameId: string }>;
  readonly checkpoints: ReadonlyArray<{ readonly epoch: number; readonly kind: CheckpointKind }>;
  readonly progress: StepProgress | null;
  readonly runDir: string;
}

export const RUN_ACTIONS = ['pause', 'resume', 'cancel', 'continue'] as const;
export type RunAction = (typeof RUN_ACTIONS)[number];
