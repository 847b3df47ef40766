import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { JobState } from '../../src-shared/api';

const call = vi.fn();
vi.mock('../api', () => ({ api: { call: (...args: unknown[]) => call(...args), subscribe: () => () => {} } }));
const { useJobs } = await import('./jobs');

const job = (id: number) => ({ id, kind: 'export', status: 'running', startedAt: '', progress: null, failures: [], error: null, request: {}, summary: null }) as unknown as JobState;

describe('export cards', () => {
  beforeEach(() => {
    useJobs.setState({ jobs: [], error: null, exportCards: {} });
    call.mockReset();
  });

  it('keeps each card\'s failure on its own card: a second failure does not overwrite the first', async () => {
    call.mockRejectedValueOnce(new Error('/out/a: not writable')).mockRejectedValueOnce(new Error('run 3 has no best checkpoint'));
    await useJobs.getState().startExport({ kind: 'masks', datasetRoot: '/d', outputDir: '/out/a' });
    await useJobs.getState().startExport({ kind: 'model', runId: 3, outputDir: '/out/b' });
    expect(useJobs.getState().exportCards).toEqual({
      masks: { jobId: null, error: '/out/a: not writable' },
      model: { jobId: null, error: 'run 3 has no best checkpoint' },
    });
    expect(useJobs.getState().error).toBeNull();
  });

  it('clears a card\'s error when its next start succeeds, leaving the other cards alone', async () => {
    call.mockRejectedValueOnce(new Error('bad')).mockRejectedValueOnce(new Error('also bad')).mockResolvedValueOnce(job(7));
    await useJobs.getState().startExport({ kind: 'report', runId: 1, outputDir: '/r' });
    await useJobs.getState().startExport({ kind: 'masks', datasetRoot: '/d', outputDir: '/m' });
    await useJobs.getState().startExport({ kind: 'report', runId: 1, outputDir: '/r' });
    expect(useJobs.getState().exportCards).toEqual({ report: { jobId: 7, error: null }, masks: { jobId: null, error: 'also bad' } });
    expect(useJobs.getState().jobs.map((j) => j.id)).toEqual([7]);
  });
});
