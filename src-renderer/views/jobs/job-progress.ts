import type { JobState } from '../../../src-shared/api';

export interface ProgressLine {
  /** The bar's fill in [0, 1]; null where there is no work to show a bar for. */
  readonly share: number | null;
  /** The count beside the bar (`3/10`), or what happened instead (`nothing to do: all 4 outputs existed`). */
  readonly count: string | null;
}

/** What a job's progress bar and count show. A job with nothing to do (every output existed) has no bar and says so. */
export function progressLine(job: JobState): ProgressLine {
  const progress = job.progress;
  if (progress && progress.total === 0) {
    if (job.status === 'running') return { share: null, count: 'nothing to do' };
    const skipped = job.kind === 'infer' ? job.summary?.skipped ?? 0 : 0;
    return { share: null, count: skipped > 0 ? `nothing to do: all ${skipped} image${skipped === 1 ? '' : 's'} already had their outputs` : 'nothing to do' };
  }
  if (progress) return { share: progress.done / progress.total, count: `${progress.done}/${progress.total}` };
  return { share: job.status === 'running' ? 0 : 1, count: null };
}

/**
 * The job a job panel shows: the one picked, else the newest. After a start that failed, the panel shows
 * none, so an older job's "done" does not sit under the new error as if it were its outcome.
 */
export function shownJob(jobs: readonly JobState[], picked: number | null, didStartFail: boolean): JobState | null {
  if (didStartFail) return null;
  return jobs.find((j) => j.id === picked) ?? jobs[0] ?? null;
}
