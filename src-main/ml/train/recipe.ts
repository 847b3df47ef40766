import { THREAD_BOUNDS, TRAIN_BOUNDS, type PresetSettings, type TrainSettings } from '../../../src-shared/api/training';
import { SettingError } from '../../../src-shared/errors';
import type { LabelSpec } from '../../../src-shared/labels';
import { pillowGeneration } from '../../../src-shared/raster';
import { engineNames } from '../engine/engine-names';
import { ARCHS, BACKBONES, type Arch, type Backbone } from '../models/types';
import { newTrainConfig, type TrainConfig } from './config';
import { LOSS_NAMES, type LossName } from './losses';
import { OPTIMIZER_NAMES, type OptimizerName } from './optimizers';
import { PRESET_NAMES, trainPreset, type PresetName, type TrainPreset } from './presets';
import { SCHEDULE_NAMES, type ScheduleName } from './schedules';

/** The seed recipe each architecture starts from when no preset is named. */
export const DEFAULT_PRESET: Record<Arch, PresetName> = {
  unet: 'seed001-unet',
  r2unet: 'seed001-r2unet',
  ddunet: 'seed001-ddunet',
  deeplabv3plus: 'seed004-deeplabv3plus',
};

export { SettingError };

/**
 * The preset named in `settings` with every given setting applied on top: the one place the CLI's
 * flags and the train view's form become a training config. `labels` is the spec the dataset was
 * resolved to (the settings name only its file).
 */
export function trainConfigFromSettings(settings: TrainSettings, labels: LabelSpec): { config: TrainConfig; preset: PresetName } {
  const preset = presetOrThrow(settings.preset);
  const arch = settings.arch === undefined ? preset.model.arch : oneOf('arch', settings.arch, ARCHS);
  const backbone = settings.backbone === undefined ? undefined : oneOf('backbone', settings.backbone, BACKBONES) as Backbone;
  if (backbone && arch !== 'deeplabv3plus') throw new SettingError('backbone', `a backbone applies to deeplabv3plus only, not ${arch}`);
  const model = arch === preset.model.arch ? { ...preset.model } : { arch, width: preset.model.width };
  if (backbone) Object.assign(model, { backbone });
  const width = bounded('width', settings.width, true);
  if (width !== undefined) Object.assign(model, { width });

  const hflip = bounded('hflip', settings.hflip);
  const augment = hflip === undefined ? preset.augment : { ...preset.augment, hflip: hflip > 0 ? { p: hflip } : undefined };
  const optimizerName = settings.optimizer === undefined ? undefined : oneOf('optimizer', settings.optimizer, OPTIMIZER_NAMES) as OptimizerName;
  const weightDecay = bounded('weightDecay', settings.weightDecay);
  const momentum = bounded('momentum', settings.momentum);
  const lr = bounded('lr', settings.lr);
  const scheduleName = settings.schedule === undefined ? undefined : oneOf('schedule', settings.schedule, SCHEDULE_NAMES) as ScheduleName;
  const lossName = settings.loss === undefined ? undefined : oneOf('loss', settings.loss, LOSS_NAMES) as LossName;

  const config: TrainConfig = {
    ...newTrainConfig(preset, {
      datasetRoot: settings.datasetRoot, labels,
      pillow: settings.pillow === undefined ? undefined : pillowRelease(settings.pillow),
      backend: settings.backend === undefined ? null : oneOf('backend', settings.backend, engineNames),
      threads: settings.threads === undefined ? null : inBounds('threads', settings.threads, THREAD_BOUNDS, true),
    }),
    model,
    inputWidth: bounded('inputWidth', settings.inputWidth, true) ?? preset.inputWidth,
    inputHeight: bounded('inputHeight', settings.inputHeight, true) ?? preset.inputHeight,
    batchSize: bounded('batchSize', settings.batchSize, true) ?? preset.batchSize,
    epochs: bounded('epochs', settings.epochs, true) ?? preset.epochs,
    seed: bounded('seed', settings.seed, true) ?? preset.seed,
    optimizer: {
      ...preset.optimizer,
      ...(optimizerName === undefined ? {} : { name: optimizerName }),
      ...(lr === undefined ? {} : { lr }),
      ...(weightDecay === undefined ? {} : { weightDecay }),
      ...(momentum === undefined ? {} : { momentum }),
    },
    // Another schedule keeps the preset's warmup; its own parameters (power, step) take their defaults.
    schedule: scheduleName === undefined || scheduleName === preset.schedule.name
      ? preset.schedule
      : { name: scheduleName, ...(preset.schedule.warmupEpochs === undefined ? {} : { warmupEpochs: preset.schedule.warmupEpochs }) },
    loss: lossName === undefined || lossName === preset.loss.name ? preset.loss : { ...preset.loss, name: lossName },
    augment,
  };
  return { config, preset: settings.preset as PresetName };
}

/** A preset as the form shows it: one value per editable field. */
export function presetSettings(preset: TrainPreset): PresetSettings {
  return {
    arch: preset.model.arch,
    width: preset.model.width ?? 64,
    backbone: preset.model.backbone ?? null,
    inputWidth: preset.inputWidth,
    inputHeight: preset.inputHeight,
    batchSize: preset.batchSize,
    epochs: preset.epochs,
    optimizer: preset.optimizer.name,
    lr: preset.optimizer.lr,
    weightDecay: preset.optimizer.weightDecay ?? 0,
    momentum: preset.optimizer.momentum ?? (preset.optimizer.name === 'sgd' ? 0.9 : 0),
    schedule: preset.schedule.name,
    loss: preset.loss.name,
    hflip: preset.augment.hflip?.p ?? 0,
    seed: preset.seed,
  };
}

/** The release as given, once it is known to map to a generation (pillowGeneration throws a SettingError otherwise). */
function pillowRelease(version: string): string {
  pillowGeneration(version);
  return version.trim();
}

function presetOrThrow(name: string): TrainPreset {
  try {
    return trainPreset(name);
  } catch (error) {
    throw new SettingError('preset', (error as Error).message);
  }
}

function oneOf<T extends string>(field: keyof TrainSettings, value: string, choices: readonly T[]): T {
  if (!(choices as readonly string[]).includes(value)) throw new SettingError(field, `unknown ${field} ${JSON.stringify(value)} (choose from ${choices.join(', ')})`);
  return value as T;
}

function bounded(field: keyof typeof TRAIN_BOUNDS, value: number | undefined, integer = false): number | undefined {
  return value === undefined ? undefined : inBounds(field, value, TRAIN_BOUNDS[field], integer);
}

function inBounds(field: keyof TrainSettings, value: number, { min, max }: { min: number; max: number }, integer: boolean): number {
  if (!Number.isFinite(value) || (integer && !Number.isInteger(value)) || value < min || value > max) {
    throw new SettingError(field, `${field} must be ${integer ? 'an integer' : 'a number'} in ${min}..${max}, got ${value}`);
  }
  return value;
}

