import type { ExportEvent, ExportRequest, ExportSummary, InferEvent, InferFailure, InferRequest, InferSummary } from './inference';

export const JOB_STATUSES = ['running', 'done', 'failed', 'cancelled'] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];

interface JobCommon {
  readonly id: number;
  readonly status: JobStatus;
  readonly startedAt: string;
  readonly progress: { readonly done: number; readonly total: number; readonly failed: number; readonly imagesPerSecond?: number; readonly etaSeconds?: number } | null;
  readonly failures: readonly InferFailure[];
  /** Why the job could not run at all (failed). */
  readonly error: string | null;
}

/** A folder inference or an export, as the main process tracks it for the windows. */
export type JobState =
  | (JobCommon & { readonly kind: 'infer'; readonly request: InferRequest; readonly summary: InferSummary | null })
  | (JobCommon & { readonly kind: 'export'; readonly request: ExportRequest; readonly summary: ExportSummary | null });

export type JobEvent =
  | { readonly kind: 'infer'; readonly event: InferEvent }
  | { readonly kind: 'export'; readonly event: ExportEvent };

/** One input image of an inference job with the outputs it has on disk, paths relative to the job's folders. */
export interface InferResultItem {
  readonly input: string;
  readonly outputs: Readonly<Partial<Record<'color' | 'labelIds' | 'trainIds' | 'overlay', string>>>;
}
