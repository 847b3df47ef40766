import { describe, expect, it } from 'vitest';
import type { InferSummary, JobState } from '../../../src-shared/api';
import { progressLine, shownJob } from './job-progress';

function inferJob(id: number, change: Partial<JobState>, summary: Partial<InferSummary> | null = null): JobState {
  return {
    id, kind: 'infer', status: 'done', startedAt: '', progress: null, failures: [], error: null, request: {} as never,
    summary: summary && ({ total: 0, written: 0, skipped: 0, failed: 0, failures: [], files: 0, outputDir: '/out', seconds: 1, ...summary } as InferSummary),
    ...change,
  } as JobState;
}

describe('progressLine', () => {
  it('shows no full bar and no 0/0 for a re-run that skipped every image', () => {
    const line = progressLine(inferJob(1, { progress: { done: 0, total: 0, failed: 0 } }, { total: 4, skipped: 4 }));
    expect(line.share).toBeNull();
    expect(line.count).toBe('nothing to do: all 4 images already had their outputs');
  });

  it('counts done of total while work remains', () => {
    expect(progressLine(inferJob(1, { status: 'running', progress: { done: 3, total: 12, failed: 0 } }))).toEqual({ share: 0.25, count: '3/12' });
  });

  it('fills the bar for a finished job that reported no progress', () => {
    expect(progressLine(inferJob(1, { progress: null }))).toEqual({ share: 1, count: null });
  });
});

describe('shownJob', () => {
  const jobs = [inferJob(3, {}), inferJob(2, {})];
  it('shows the picked job, else the newest', () => {
    expect(shownJob(jobs, 2, false)?.id).toBe(2);
    expect(shownJob(jobs, null, false)?.id).toBe(3);
  });

  it('shows no old job under the error of a start that failed', () => {
    expect(shownJob(jobs, null, true)).toBeNull();
  });
});
