import { access, readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { CheckpointChoice, ModelSource } from '../../../src-shared/api/inference';
import { buildLabelIndex, parseLabelSpec, type LabelSpec } from '../../../src-shared/labels';
import { datasetFingerprint } from '../../ml/data/fingerprint';
import { datasetChannelStats, IMAGENET_STATS, type ChannelStats } from '../../ml/data/normalize';
import { listSamples } from '../../ml/data/samples';
import type { TrainConfig } from '../../ml/train/config';
import { trainConfigOf } from '../../ml/train/stored-config';
import { scanFrames } from '../../dataset/frames';
import type { RunStore } from '../runs/run-store';
import type { Run } from '../runs/types';
import { UserError } from '../../../src-shared/errors';

/** The metadata file `export model` writes beside model.json and weights.bin. */
export const MODEL_METADATA_FILE = 'segstudio-model.json';
export const MODEL_METADATA_FORMAT = 'segstudio-model';

/** Everything a worker needs to run a model, as plain data (it crosses to worker threads). */
export interface ResolvedModel {
  /** Holds model.json and weights.bin (tfjs layers format). */
  readonly weightsDir: string;
  readonly arch: string;
  /** The model settings the run trained with (width, backbone, …). */
  readonly settings: Readonly<Record<string, unknown>>;
  readonly inputHeight: number;
  readonly inputWidth: number;
  /** The normalization the model was trained with. */
  readonly stats: ChannelStats;
  readonly labelSpec: LabelSpec;
  /** Where it came from, for messages and metadata. */
  readonly origin: { readonly runId: number; readonly checkpoint: CheckpointChoice; readonly epoch: number } | { readonly modelDir: string };
}

/** What `export model` writes to segstudio-model.json. */
export interface ModelMetadata {
  readonly format: typeof MODEL_METADATA_FORMAT;
  readonly version: 1;
  readonly arch: string;
  readonly settings: Readonly<Record<string, unknown>>;
  readonly inputHeight: number;
  readonly inputWidth: number;
  readonly normalization: ChannelStats;
  readonly labels: LabelSpec;
  readonly source?: { readonly runId: number; readonly runName: string; readonly checkpoint: CheckpointChoice; readonly epoch: number };
}

export interface ModelSourceDeps {
  readonly store: RunStore;
  /** The studio data dir: dataset statistics are cached under `<dataDir>/cache`. */
  readonly dataDir: string;
}

export async function resolveModelSource(source: ModelSource, deps: ModelSourceDeps): Promise<ResolvedModel> {
  return 'modelDir' in source ? resolveModelFolder(source.modelDir) : resolveRunModel(source.runId, source.checkpoint ?? 'best', deps);
}

/** A run's checkpoint with the run's training size, normalization and label spec (its outputs' names, ids and colours). */
export async function resolveRunModel(runId: number, checkpoint: CheckpointChoice, deps: ModelSourceDeps): Promise<ResolvedModel> {
  const run = deps.store.getRun(runId);
  if (!run) throw new UserError(`run ${runId} does not exist (list runs with "segstudio runs")`);
  const record = deps.store.latestCheckpoint(runId, [checkpoint]);
  if (!record) {
    const why = checkpoint === 'best' ? 'no validated epoch yet; try --checkpoint last' : 'it has not finished an epoch yet';
    throw new UserError(`run ${runId} has no ${checkpoint} checkpoint (${why})`);
  }
  if (!(await exists(join(record.path, 'model.json')))) throw new UserError(`run ${runId}: the ${checkpoint} checkpoint ${record.path} is missing on disk`);
  const config = trainConfigOf(run);
  const { arch, ...settings } = config.model;
  return {
    weightsDir: record.path,
    arch,
    settings,
    inputHeight: config.inputHeight,
    inputWidth: config.inputWidth,
    stats: await runChannelStats(run, config, join(deps.dataDir, 'cache')),
    labelSpec: config.labels,
    origin: { runId, checkpoint, epoch: record.epoch },
  };
}

/** A folder written by `export model`. */
export async function resolveModelFolder(dir: string): Promise<ResolvedModel> {
  const modelDir = resolve(dir);
  const metadataPath = join(modelDir, MODEL_METADATA_FILE);
  const text = await readFile(metadataPath, 'utf8').catch(() => null);
  if (text === null) throw new UserError(`${dir}: not a segstudio model folder (no ${MODEL_METADATA_FILE}; write one with "segstudio export model")`);
  const metadata = parseModelMetadata(text, metadataPath);
  for (const file of ['model.json', 'weights.bin']) {
    if (!(await exists(join(modelDir, file)))) throw new UserError(`${dir}: ${file} is missing`);
  }
  return {
    weightsDir: modelDir,
    arch: metadata.arch,
    settings: metadata.settings,
    inputHeight: metadata.inputHeight,
    inputWidth: metadata.inputWidth,
    stats: metadata.normalization,
    labelSpec: metadata.labels,
    origin: { modelDir },
  };
}

export function modelMetadata(model: ResolvedModel, run?: Run): ModelMetadata {
  const origin = model.origin;
  return {
    format: MODEL_METADATA_FORMAT,
    version: 1,
    arch: model.arch,
    settings: model.settings,
    inputHeight: model.inputHeight,
    inputWidth: model.inputWidth,
    normalization: model.stats,
    labels: model.labelSpec,
    ...('runId' in origin && run ? { source: { runId: origin.runId, runName: run.name, checkpoint: origin.checkpoint, epoch: origin.epoch } } : {}),
  };
}

function parseModelMetadata(text: string, path: string): ModelMetadata {
  const fail = (why: string): never => { throw new UserError(`${path}: ${why}`); };
  let value: Partial<ModelMetadata>;
  try {
    value = JSON.parse(text) as Partial<ModelMetadata>;
  } catch (error) {
    return fail(`not valid JSON (${(error as Error).message})`);
  }
  if (value.format !== MODEL_METADATA_FORMAT || value.version !== 1) fail(`not a version 1 ${MODEL_METADATA_FORMAT} file`);
  const isSize = (n: unknown) => Number.isInteger(n) && (n as number) > 0;
  if (!isSize(value.inputHeight) || !isSize(value.inputWidth)) fail('inputHeight and inputWidth must be positive integers');
  const isRgb = (v: unknown) => Array.isArray(v) && v.length === 3 && v.every((x) => typeof x === 'number' && Number.isFinite(x));
  if (!isRgb(value.normalization?.mean) || !isRgb(value.normalization?.std) || value.normalization!.std.some((s) => s <= 0)) {
    fail('normalization needs mean and std, three numbers each (std > 0)');
  }
  let labels: LabelSpec;
  try {
    labels = parseLabelSpec(JSON.stringify(value.labels), `${path} labels`);
  } catch (error) {
    throw new UserError((error as Error).message);
  }
  return { ...(value as ModelMetadata), labels, settings: value.settings ?? {} };
}

/**
 * The mean/std the run normalized with: ImageNet's, or its dataset's, cached when training started.
 * Without the cache they are recomputed from the dataset's train split, as the trainer did.
 */
async function runChannelStats(run: Run, config: TrainConfig, cacheDir: string): Promise<ChannelStats> {
  if (config.normalization === 'imagenet') return IMAGENET_STATS;
  const size = { height: config.inputHeight, width: config.inputWidth };
  const fingerprint = run.datasetFingerprint ?? await datasetFingerprint(await scanFrames(config.datasetRoot));
  const options = { size, fingerprint, cacheDir };
  const cached = await datasetChannelStats([], options).catch(() => null);
  if (cached) return cached.stats;
  const { samples } = await listSamples(config.datasetRoot, 'train', buildLabelIndex(config.labels)).catch(() => ({ samples: [] }));
  if (samples.length === 0) {
    throw new UserError(`run ${run.id}: its dataset statistics are not cached and ${config.datasetRoot} has no train frames to recompute them from`);
  }
  return (await datasetChannelStats(samples, options)).stats;
}

function exists(path: string): Promise<boolean> {
  return access(path).then(() => true, () => false);
}
