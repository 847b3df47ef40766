import { z } from 'zod';
import type { AppInfo, DatasetLabels, DatasetSummary, FrameBundle, FrameList, FrameSummary, QaMark, QaReport, RecentDataset } from './types';
import { QA_STATUSES } from './types';
import { CHECKPOINT_CHOICES, INFER_OUTPUT_TYPES } from './inference';
import type { InferResultItem, JobState } from './jobs';
import type { Run } from './runs';
import { RUN_ACTIONS, THREAD_BOUNDS, TRAIN_BOUNDS, type RunDetail, type TrainOptions } from './training';

const datasetId = z.number().int().positive();
const frameId = z.string().min(1).max(4096);
const runId = z.number().int().positive();
const folder = z.string().min(1).max(4096);
const bounded = (name: keyof typeof TRAIN_BOUNDS, integer = false) => {
  const number = integer ? z.number().int() : z.number().finite();
  return number.min(TRAIN_BOUNDS[name].min).max(TRAIN_BOUNDS[name].max).optional();
};
const choice = z.string().min(1).max(100).optional();
const labelsFile = z.string().min(1).max(4096);
const pillow = z.string().trim().min(1).max(20);
const trainSettings = z.object({
  datasetRoot: folder,
  labels: labelsFile.optional(),
  preset: z.string().min(1).max(100),
  name: z.string().trim().min(1).max(200).optional(),
  arch: choice,
  width: bounded('width', true),
  backbone: choice,
  inputWidth: bounded('inputWidth', true),
  inputHeight: bounded('inputHeight', true),
  batchSize: bounded('batchSize', true),
  epochs: bounded('epochs', true),
  optimizer: choice,
  lr: bounded('lr'),
  weightDecay: bounded('weightDecay'),
  momentum: bounded('momentum'),
  schedule: choice,
  loss: choice,
  hflip: bounded('hflip'),
  seed: bounded('seed', true),
  backend: choice,
  threads: z.number().int().min(THREAD_BOUNDS.min).max(THREAD_BOUNDS.max).optional(),
  pillow: pillow.optional(),
}).strict();
const checkpoint = z.enum(CHECKPOINT_CHOICES).optional();
const inferRequest = z.object({
  runId: runId.optional(),
  checkpoint,
  modelDir: folder.optional(),
  inputDir: folder,
  outputDir: folder,
  types: z.array(z.enum(INFER_OUTPUT_TYPES)).min(1).max(INFER_OUTPUT_TYPES.length).readonly(),
  overwrite: z.boolean(),
  workers: z.number().int().min(1).max(64).optional(),
}).strict().refine((r) => (r.runId === undefined) !== (r.modelDir === undefined), { message: 'give either runId or modelDir' });
const split = z.string().min(1).max(100).optional();
const exportRequest = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('masks'), datasetRoot: folder, outputDir: folder, split, pillow: pillow.optional() }).strict(),
  z.object({ kind: z.literal('predictions'), runId, outputDir: folder, split, checkpoint }).strict(),
  z.object({ kind: z.literal('report'), runId, outputDir: folder }).strict(),
  z.object({ kind: z.literal('model'), runId, outputDir: folder, checkpoint }).strict(),
]);
const jobId = z.number().int().positive();
const region = z.object({
  x: z.number().finite(), y: z.number().finite(), width: z.number().finite().positive(), height: z.number().finite().positive(),
}).strict();

/**
 * Every request the renderer can make, with the schema its params are checked against on the main
 * side and the type of its result. Both transports (Electron IPC, the web host) carry exactly these.
 */
export const METHODS = {
  'app.info': { params: z.object({}).strict(), result: {} as AppInfo },
  /** Opens a folder; `labels` names a spec file to use instead of the dataset's own `segstudio.labels.json` or Cityscapes. */
  'datasets.open': { params: z.object({ path: z.string().min(1).max(4096), labels: labelsFile.optional() }).strict(), result: {} as DatasetSummary },
  /** The label spec a run on this folder would use, and where it comes from, without opening the dataset. */
  'datasets.labels': { params: z.object({ path: folder, labels: labelsFile.optional() }).strict(), result: {} as DatasetLabels },
  'datasets.recent': { params: z.object({}).strict(), result: [] as RecentDataset[] },
  /** Sets the Pillow release (9.2 to 12.3) the dataset's masks follow in QA, training and export; returns it as stored. */
  'datasets.setPillow': { params: z.object({ datasetId, pillow }).strict(), result: {} as { pillow: string } },
  'frames.list': {
    params: z.object({
      datasetId,
      split: z.string().optional(),
      city: z.string().optional(),
      search: z.string().max(200).optional(),
      status: z.enum([...QA_STATUSES, 'unmarked']).optional(),
      offset: z.number().int().min(0).optional(),
      limit: z.number().int().min(1).max(1000).optional(),
    }).strict(),
    result: {} as FrameList,
  },
  'frames.stats': { params: z.object({ datasetId, frameIds: z.array(frameId).max(500) }).strict(), result: [] as FrameSummary[] },
  'frames.bundle': { params: z.object({ datasetId, frameId }).strict(), result: {} as FrameBundle },
  'qa.mark': {
    params: z.object({ datasetId, frameId, status: z.enum(QA_STATUSES), note: z.string().max(10_000), region: region.nullable().optional() }).strict(),
    result: {} as QaMark,
  },
  'qa.clear': { params: z.object({ datasetId, frameId }).strict(), result: null as null },
  'qa.report': { params: z.object({ datasetId, format: z.enum(['csv', 'json']) }).strict(), result: {} as QaReport },
  'train.options': { params: z.object({}).strict(), result: {} as TrainOptions },
  'runs.start': { params: z.object({ settings: trainSettings }).strict(), result: {} as Run },
  'runs.list': { params: z.object({}).strict(), result: [] as Run[] },
  'runs.get': { params: z.object({ runId }).strict(), result: {} as RunDetail },
  'runs.control': { params: z.object({ runId, action: z.enum(RUN_ACTIONS) }).strict(), result: {} as Run },
  'runs.update': {
    params: z.object({
      runId,
      name: z.string().trim().min(1).max(200).optional(),
      tags: z.array(z.string().trim().min(1).max(50)).max(20).optional(),
      note: z.string().max(10_000).optional(),
    }).strict(),
    result: {} as Run,
  },
  'runs.delete': { params: z.object({ runId }).strict(), result: null as null },
  'infer.start': { params: z.object({ request: inferRequest }).strict(), result: {} as JobState },
  'infer.results': {
    params: z.object({ jobId, offset: z.number().int().min(0).optional(), limit: z.number().int().min(1).max(500).optional() }).strict(),
    result: {} as { total: number; items: InferResultItem[] },
  },
  'export.start': { params: z.object({ request: exportRequest }).strict(), result: {} as JobState },
  'jobs.list': { params: z.object({}).strict(), result: [] as JobState[] },
  'jobs.cancel': { params: z.object({ jobId }).strict(), result: {} as JobState },
  /** The desktop app's native folder picker; null when cancelled, or where there is none (a browser). */
  'dialog.pickFolder': { params: z.object({ title: z.string().max(200).optional() }).strict(), result: null as string | null },
} as const;

export type MethodName = keyof typeof METHODS;
export type MethodParams<M extends MethodName> = z.input<(typeof METHODS)[M]['params']>;
/** Params as the main side sees them after validation. */
export type ValidatedParams<M extends MethodName> = z.output<(typeof METHODS)[M]['params']>;
export type MethodResult<M extends MethodName> = (typeof METHODS)[M]['result'];

/** Binary resources, fetched separately so that pixels never travel as JSON arrays. */
export const BINARY = {
  /** The frame's photo as its encoded file (PNG or JPEG): browsers decode it natively. */
  photo: z.object({ datasetId: z.coerce.number().int().positive(), frameId }).strict(),
  /** The stored official mask PNG (`gtFine_color` if present, else `gtFine_labelIds`; the bundle says which). */
  official: z.object({ datasetId: z.coerce.number().int().positive(), frameId }).strict(),
  /** A run's saved prediction for a val frame at an epoch: a colour PNG at the training size. */
  runSample: z.object({ runId: z.coerce.number().int().positive(), epoch: z.coerce.number().int().positive(), frameId }).strict(),
  /** A file of a job's input or output folder (a photo, a predicted mask), by its path relative to that folder. */
  jobFile: z.object({ jobId: z.coerce.number().int().positive(), side: z.enum(['input', 'output']), path: z.string().min(1).max(4096) }).strict(),
  /** A finished job's whole output folder as a zip (entries stored), for the browser studio's download. */
  jobZip: z.object({ jobId: z.coerce.number().int().positive() }).strict(),
} as const;
export type BinaryName = keyof typeof BINARY;
export type BinaryParams<B extends BinaryName> = z.input<(typeof BINARY)[B]>;

export interface BinaryPayload {
  readonly mime: string;
  readonly bytes: ArrayBuffer;
}

/** The error shape both transports return; `message` is meant for the user. */
export interface ApiErrorBody { readonly error: string }
