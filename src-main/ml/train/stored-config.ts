import { z } from 'zod';
import type { Run } from '../../../src-shared/api/runs';
import { UserError } from '../../../src-shared/errors';
import { CITYSCAPES, parseLabelSpec, type LabelSpec } from '../../../src-shared/labels';
import { engineNames } from '../engine/engine-names';
import { ARCHS, BACKBONES } from '../models/types';
import { DEFAULT_PILLOW, TRAIN_CONFIG_VERSION, validateTrainConfig, type TrainConfig } from './config';
import { LOSS_NAMES } from './losses';
import { OPTIMIZER_NAMES } from './optimizers';
import { SCHEDULE_NAMES } from './schedules';

const number = z.number().finite();
const probability = z.object({ p: number }).strict();

/** The shape of a stored config of the current version; ranges are checked by `validateTrainConfig`. */
const TRAIN_CONFIG_SCHEMA = z.object({
  version: z.literal(TRAIN_CONFIG_VERSION),
  kind: z.literal('trained'),
  datasetRoot: z.string().min(1),
  labels: z.unknown(),
  pillow: z.string().min(1),
  pretrained: z.object({ source: z.literal('none') }).strict(),
  backend: z.enum(engineNames).nullable(),
  threads: z.number().int().nullable(),
  model: z.object({
    arch: z.enum(ARCHS),
    width: number.optional(),
    backbone: z.enum(BACKBONES).optional(),
    decoderConvs: z.union([z.literal(1), z.literal(2)]).optional(),
    outputStride: z.union([z.literal(8), z.literal(16)]).optional(),
    dropout: number.optional(),
  }).strict(),
  inputHeight: number,
  inputWidth: number,
  batchSize: number,
  epochs: number,
  optimizer: z.object({
    name: z.enum(OPTIMIZER_NAMES), lr: number, weightDecay: number.optional(), momentum: number.optional(),
    nesterov: z.boolean().optional(), beta1: number.optional(), beta2: number.optional(),
  }).strict(),
  schedule: z.object({
    name: z.enum(SCHEDULE_NAMES), warmupEpochs: number.optional(), warmupStartFactor: number.optional(), power: number.optional(),
    stepEpochs: number.optional(), gamma: number.optional(), minLr: number.optional(),
  }).strict(),
  loss: z.object({
    name: z.enum(LOSS_NAMES), ignoreIndex: number.optional(), classWeights: z.array(number).optional(),
    classWeighting: z.literal('enet').optional(), gamma: number.optional(), alpha: number.optional(),
  }).strict(),
  augment: z.object({
    scaleCrop: z.object({ minScale: number, maxScale: number }).strict().optional(),
    hflip: probability.optional(),
    rot90: probability.optional(),
    jitter: z.object({ p: number, brightness: number, contrast: number, saturation: number }).strict().optional(),
    blur: z.object({ p: number, minSigma: number, maxSigma: number }).strict().optional(),
  }).strict(),
  normalization: z.enum(['dataset', 'imagenet']),
  checkpointEvery: number,
  earlyStopping: z.object({ patience: number, monitor: z.enum(['val-miou', 'val-loss']), minDelta: number.optional() }).strict().optional(),
  sampleCount: number,
  seed: number,
  loaderWorkers: number,
}).strict();

/**
 * Each step takes a stored config of version N to N + 1. Version 1 (no `version` field) predates label
 * specs: its runs trained on Cityscapes with Pillow 9.4's masks, from scratch, on the engine the process chose.
 */
const MIGRATIONS: ReadonlyArray<(config: Record<string, unknown>) => Record<string, unknown>> = [
  (v1) => ({
    ...v1, version: 2, kind: 'trained', labels: CITYSCAPES, pillow: DEFAULT_PILLOW, pretrained: { source: 'none' }, backend: null, threads: null,
  }),
];

/** A stored config brought up to the current version; throws naming what is wrong. */
export function migrateTrainConfig(stored: unknown): Record<string, unknown> {
  if (typeof stored !== 'object' || stored === null || Array.isArray(stored)) throw new Error('it is not a JSON object');
  let config = stored as Record<string, unknown>;
  const version = config.version ?? 1;
  if (!Number.isInteger(version) || (version as number) < 1) throw new Error(`unknown version ${JSON.stringify(version)}`);
  if ((version as number) > TRAIN_CONFIG_VERSION) {
    throw new Error(`version ${version} was written by a newer segstudio (this one reads up to ${TRAIN_CONFIG_VERSION})`);
  }
  for (let v = version as number; v < TRAIN_CONFIG_VERSION; v++) config = MIGRATIONS[v - 1](config);
  return config;
}

/**
 * The one way to read a run's training config: migrated from older versions, checked in shape and range.
 * A run whose config cannot be read (edited by hand, written by a newer version) gets a UserError naming
 * the run and the field, never a crash later on.
 */
export function trainConfigOf(run: Pick<Run, 'id' | 'config'>): TrainConfig {
  try {
    const parsed = TRAIN_CONFIG_SCHEMA.safeParse(migrateTrainConfig(run.config));
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new Error(`${issue.path.join('.') || 'config'}: ${issue.message}`);
    }
    const config = { ...parsed.data, labels: storedLabelSpec(parsed.data.labels) } as TrainConfig;
    validateTrainConfig(config);
    return config;
  } catch (error) {
    throw new UserError(`run ${run.id}: its stored training config cannot be read (${(error as Error).message.replace(/^training config: /, '')})`);
  }
}

function storedLabelSpec(value: unknown): LabelSpec {
  return parseLabelSpec(JSON.stringify(value), 'labels');
}
