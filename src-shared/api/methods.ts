import { z } from 'zod';
import type { AppInfo, DatasetSummary, FrameBundle, FrameList, FrameSummary, QaMark, QaReport, RecentDataset } from './types';
import { QA_STATUSES } from './types';

const datasetId = z.number().int().positive();
const frameId = z.string().min(1).max(4096);
const region = z.object({
  x: z.number().finite(), y: z.number().finite(), width: z.number().finite().positive(), height: z.number().finite().positive(),
}).strict();

/**
 * Every request the renderer can make, with the schema its params are checked against on the main
 * side and the type of its result. Both transports (Electron IPC, the web host) carry exactly these.
 */
export const METHODS = {
  'app.info': { params: z.object({}).strict(), result: {} as AppInfo },
  'datasets.open': { params: z.object({ path: z.string().min(1).max(4096) }).strict(), result: {} as DatasetSummary },
  'datasets.recent': { params: z.object({}).strict(), result: [] as RecentDataset[] },
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
} as const;

export type MethodName = keyof typeof METHODS;
export type MethodParams<M extends MethodName> = z.input<(typeof METHODS)[M]['params']>;
/** Params as the main side sees them after validation. */
export type ValidatedParams<M extends MethodName> = z.output<(typeof METHODS)[M]['params']>;
export type MethodResult<M extends MethodName> = (typeof METHODS)[M]['result'];

/** Binary resources, fetched separately so that pixels never travel as JSON arrays. */
export const BINARY = {
  /** The frame's photo as its encoded file (PNG or JPEG): browsers decode it natively. */
  photo: z.object({ datasetId, frameId }).strict(),
  /** The stored official mask PNG (`gtFine_color` if present, else `gtFine_labelIds`; the bundle says which). */
  official: z.object({ datasetId, frameId }).strict(),
} as const;
export type BinaryName = keyof typeof BINARY;
export type BinaryParams<B extends BinaryName> = z.input<(typeof BINARY)[B]>;

export interface BinaryPayload {
  readonly mime: string;
  readonly bytes: ArrayBuffer;
  /** For raw pixel payloads. */
  readonly width?: number;
  readonly height?: number;
  readonly channels?: number;
}

/** The error shape both transports return; `message` is meant for the user. */
export interface ApiErrorBody { readonly error: string }
