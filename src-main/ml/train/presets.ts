import type { Arch } from '../models';
import type { RecipeFields } from './config';

/** A preset is a whole recipe but the dataset and the run's own choices; the CLI and UI override single settings on top. */
export type TrainPreset = RecipeFields;

const COMMON = {
  normalization: 'dataset',
  checkpointEvery: 5,
  sampleCount: 4,
  seed: 1,
  loaderWorkers: 1,
} as const;

const SEED_001_AUGMENT = { hflip: { p: 0.3 }, rot90: { p: 0.3 } } as const;

function seed001(arch: Arch, batchSize: number): TrainPreset {
  return {
    ...COMMON,
    model: { arch },
    inputHeight: 256,
    inputWidth: 256,
    batchSize,
    epochs: 100,
    optimizer: { name: 'adam', lr: 1e-3 },
    schedule: { name: 'constant' },
    loss: { name: 'cross-entropy' },
    augment: SEED_001_AUGMENT,
    earlyStopping: { monitor: 'val-loss', patience: 10 },
  };
}

/** The recipes of the seeds (design.md §6), and a CPU demo that trains on the sample dataset in minutes. */
export const TRAIN_PRESETS = {
  'seed001-unet': seed001('unet', 8),
  'seed001-r2unet': seed001('r2unet', 8),
  'seed001-ddunet': seed001('ddunet', 16),
  'seed000-deeplabv3plus': {
    ...COMMON,
    model: { arch: 'deeplabv3plus', backbone: 'resnet50' },
    inputHeight: 1024,
    inputWidth: 1024,
    batchSize: 4,
    epochs: 100,
    optimizer: { name: 'sgd', lr: 0.01, momentum: 0.9, weightDecay: 1e-3 },
    schedule: { name: 'cosine' },
    loss: { name: 'focal', alpha: 0.25, gamma: 2 },
    augment: {
      scaleCrop: { minScale: 1, maxScale: 2 },
      hflip: { p: 0.5 },
      jitter: { p: 0.5, brightness: 0.3, contrast: 0.3, saturation: 0.3 },
    },
  },
  'seed003-deeplabv3plus': {
    ...COMMON,
    model: { arch: 'deeplabv3plus', backbone: 'resnet50' },
    inputHeight: 512,
    inputWidth: 1024,
    batchSize: 8,
    epochs: 100,
    optimizer: { name: 'sgd', lr: 0.01, momentum: 0.9, weightDecay: 1e-4 },
    schedule: { name: 'poly', power: 0.9, warmupEpochs: 1 },
    loss: { name: 'cross-entropy' },
    augment: { scaleCrop: { minScale: 0.5, maxScale: 2 }, hflip: { p: 0.5 }, blur: { p: 0.2, minSigma: 0.1, maxSigma: 2 } },
  },
  'seed004-deeplabv3plus': {
    ...COMMON,
    model: { arch: 'deeplabv3plus', backbone: 'resnet50' },
    inputHeight: 512,
    inputWidth: 1024,
    batchSize: 8,
    epochs: 100,
    optimizer: { name: 'sgd', lr: 0.01, momentum: 0.9, weightDecay: 5e-4 },
    schedule: { name: 'poly', power: 0.9 },
    loss: { name: 'cross-entropy' },
    augment: { scaleCrop: { minScale: 0.5, maxScale: 2 }, hflip: { p: 0.5 } },
  },
  // `segstudio train --preset cpu-demo --seed N` on the sample dataset (wasm with the SIMD module, 2 data-parallel threads,
  // 2 cores, load ~2): best val mIoU 0.519 (seed 1, the preset's), 0.493 (seed 2), 0.507 (seed 3), 3.3–3.8 min wall each.
  // At 30 epochs: 0.510, 0.469, 0.484 in 2.5–2.8 min (before the SIMD module 0.523, 0.493, 0.500 in 3.2 min): seeds and
  // thread counts (BatchNorm sees each thread's shard) move it by ±0.03. Width 32 at 30 epochs gave 0.483 and 0.531
  // (seeds 2, 3) in 5.4 min; width 8 tops out at 0.35–0.43, width 16 at 0.47–0.52; 96×192 input, batch 2, scale-crop,
  // Dice and focal losses did no better. Traffic lights (a pixel or two at this size) and riders stay at IoU 0, poles,
  // people and bicycles at 0.1–0.2: they hold down the mean over the 13 classes present.
  'cpu-demo': {
    ...COMMON,
    model: { arch: 'unet', width: 24 },
    inputHeight: 64,
    inputWidth: 128,
    batchSize: 4,
    epochs: 40,
    optimizer: { name: 'adam', lr: 3e-3 },
    schedule: { name: 'cosine', warmupEpochs: 1, minLr: 1e-4 },
    // Poles, signs and people cover a few pixels at this size: without weights the net never predicts them.
    loss: { name: 'cross-entropy', classWeighting: 'enet' },
    augment: { hflip: { p: 0.5 } },
    checkpointEvery: 10,
  },
} satisfies Record<string, TrainPreset>;

export type PresetName = keyof typeof TRAIN_PRESETS;
export const PRESET_NAMES = Object.keys(TRAIN_PRESETS) as PresetName[];

export function trainPreset(name: string): TrainPreset {
  if (!Object.hasOwn(TRAIN_PRESETS, name)) throw new Error(`unknown preset ${JSON.stringify(name)} (choose from ${PRESET_NAMES.join(', ')})`);
  return TRAIN_PRESETS[name as PresetName];
}
