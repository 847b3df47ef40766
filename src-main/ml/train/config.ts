import { CITYSCAPES, type LabelSpec } from '../../../src-shared/labels';
import { DEFAULT_PILLOW_VERSION, isSupportedPillow, SUPPORTED_PILLOW_RANGE } from '../../../src-shared/raster';
import type { AugmentConfig } from '../data/augment';
import type { EngineName } from '../engine/engine-names';
import { ARCHS, type ModelConfig } from '../models';
import { LOSS_NAMES, type LossConfig } from './losses';
import { OPTIMIZER_NAMES, type OptimizerConfig } from './optimizers';
import { SCHEDULE_NAMES, type ScheduleConfig } from './schedules';

/** The run's `seed` seeds the model too, so the model settings have none of their own. */
export type ModelSettings = Omit<ModelConfig, 'inputHeight' | 'inputWidth' | 'numClasses' | 'inChannels' | 'seed'>;

export interface EarlyStoppingConfig {
  /** Stop after this many validated epochs without improvement. */
  readonly patience: number;
  readonly monitor: 'val-miou' | 'val-loss';
  /** The smallest change that counts as an improvement; default 0. */
  readonly minDelta?: number;
}

/** The version of the stored config this code writes; older ones are migrated on read (`trainConfigOf`). */
export const TRAIN_CONFIG_VERSION = 2;

/** The Pillow release whose polygon fill the dataset's masks are drawn with (the official scripts' default here). */
export const DEFAULT_PILLOW = DEFAULT_PILLOW_VERSION;

/** Where a model's first weights come from; pretrained sources arrive with weight import. */
export type PretrainedWeights = { readonly source: 'none' };

/** Everything a run needs, recorded with it, so that a resume continues exactly the same recipe. */
export interface TrainConfig {
  readonly version: typeof TRAIN_CONFIG_VERSION;
  /** A run the studio trains; models trained elsewhere will be recorded as another kind, with no training config. */
  readonly kind: 'trained';
  readonly datasetRoot: string;
  /** The label spec the dataset was trained with, chosen once when the run was created. */
  readonly labels: LabelSpec;
  /** The Pillow generation masks drawn from polygons follow. */
  readonly pillow: string;
  readonly pretrained: PretrainedWeights;
  /** The engine the user asked for (null: the fastest available) and the data-parallel threads (null: the engine's default). */
  readonly backend: EngineName | null;
  readonly threads: number | null;
  readonly model: ModelSettings;
  readonly inputHeight: number;
  readonly inputWidth: number;
  readonly batchSize: number;
  readonly epochs: number;
  readonly optimizer: OptimizerConfig;
  /** Step counts (warmupSteps, stepSize) are given in epochs here and turned into steps by the trainer. */
  readonly schedule: Omit<ScheduleConfig, 'warmupSteps' | 'stepSize'> & { readonly warmupEpochs?: number; readonly stepEpochs?: number };
  readonly loss: LossConfig;
  readonly augment: AugmentConfig;
  /** 'dataset': per-dataset mean/std (cached); 'imagenet': the usual ImageNet values. */
  readonly normalization: 'dataset' | 'imagenet';
  /** Write a kept checkpoint every N epochs (the newest and the best are always kept). */
  readonly checkpointEvery: number;
  readonly earlyStopping?: EarlyStoppingConfig;
  /** How many val frames (a fixed subset spread over the split) get their predictions saved as colour PNGs each epoch. */
  readonly sampleCount: number;
  /** Seeds the initial weights, the shuffle and every augmentation draw. */
  readonly seed: number;
  /** Data-loading threads; 0 loads in the training thread. */
  readonly loaderWorkers: number;
}

/** The recipe fields a preset fixes; the rest (dataset, labels, engine…) come from the user at creation. */
export type RecipeFields = Omit<TrainConfig, 'version' | 'kind' | 'datasetRoot' | 'labels' | 'pillow' | 'pretrained' | 'backend' | 'threads'>;

/** A complete config of the current version from a recipe and the run's own choices. */
export function newTrainConfig(
  recipe: RecipeFields,
  choices: { readonly datasetRoot: string; readonly labels?: LabelSpec; readonly pillow?: string; readonly backend?: EngineName | null; readonly threads?: number | null },
): TrainConfig {
  return {
    version: TRAIN_CONFIG_VERSION, kind: 'trained', ...recipe,
    datasetRoot: choices.datasetRoot, labels: choices.labels ?? CITYSCAPES, pillow: choices.pillow ?? DEFAULT_PILLOW, pretrained: { source: 'none' },
    backend: choices.backend ?? null, threads: choices.threads ?? null,
  };
}

/** Throws a one-line error naming the first setting out of range. */
export function validateTrainConfig(config: TrainConfig): void {
  const fail = (message: string): never => { throw new Error(`training config: ${message}`); };
  const positiveInteger = (name: string, value: number) => { if (!Number.isInteger(value) || value < 1) fail(`${name} must be a positive integer, got ${value}`); };
  if (!isSupportedPillow(config.pillow)) fail(`pillow ${JSON.stringify(config.pillow)} is not a release segstudio draws like (supported: ${SUPPORTED_PILLOW_RANGE})`);
  if (!(ARCHS as readonly string[]).includes(config.model.arch)) fail(`unknown architecture ${JSON.stringify(config.model.arch)} (choose from ${ARCHS.join(', ')})`);
  positiveInteger('inputHeight', config.inputHeight);
  positiveInteger('inputWidth', config.inputWidth);
  positiveInteger('batchSize', config.batchSize);
  positiveInteger('epochs', config.epochs);
  positiveInteger('checkpointEvery', config.checkpointEvery);
  if (config.model.width !== undefined) positiveInteger('width', config.model.width);
  if (!(OPTIMIZER_NAMES as readonly string[]).includes(config.optimizer.name)) fail(`unknown optimizer ${JSON.stringify(config.optimizer.name)} (choose from ${OPTIMIZER_NAMES.join(', ')})`);
  if (!(config.optimizer.lr > 0 && Number.isFinite(config.optimizer.lr))) fail(`the learning rate must be a positive number, got ${config.optimizer.lr}`);
  if ((config.optimizer.weightDecay ?? 0) < 0) fail(`weightDecay must be >= 0, got ${config.optimizer.weightDecay}`);
  if (!(SCHEDULE_NAMES as readonly string[]).includes(config.schedule.name)) fail(`unknown schedule ${JSON.stringify(config.schedule.name)} (choose from ${SCHEDULE_NAMES.join(', ')})`);
  if (!(LOSS_NAMES as readonly string[]).includes(config.loss.name)) fail(`unknown loss ${JSON.stringify(config.loss.name)} (choose from ${LOSS_NAMES.join(', ')})`);
  if (!Number.isSafeInteger(config.seed)) fail(`seed must be an integer, got ${config.seed}`);
  if (!Number.isInteger(config.sampleCount) || config.sampleCount < 0) fail(`sampleCount must be an integer >= 0, got ${config.sampleCount}`);
  if (!Number.isInteger(config.loaderWorkers) || config.loaderWorkers < 0) fail(`loaderWorkers must be an integer >= 0, got ${config.loaderWorkers}`);
  if (config.earlyStopping) positiveInteger('earlyStopping.patience', config.earlyStopping.patience);
  if (config.threads !== null) positiveInteger('threads', config.threads);
  if (!config.labels.labels.some((label) => label.trainId >= 0 && label.trainId !== 255)) fail(`label spec "${config.labels.name}" has no class with a train id`);
}
