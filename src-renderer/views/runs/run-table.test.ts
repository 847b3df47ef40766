import { describe, expect, it } from 'vitest';
import type { Run } from '../../../src-shared/api';
import { formatDuration } from '../format';
import { filterRuns, plannedEpochs, runDurationMs, sortRuns } from './run-table';

function run(id: number, change: Partial<Run> = {}): Run {
  return {
    id, name: `run ${id}`, arch: 'unet', preset: 'cpu-demo', config: { epochs: 5 }, engine: 'wasm', device: 'CPU', datasetRoot: '/d',
    datasetFingerprint: null, status: 'done', error: null, createdAt: `2026-01-0${id}T00:00:00.000Z`, startedAt: null, finishedAt: null,
    epochsDone: 5, bestMiou: null, tags: [], note: '', pid: null, ...change,
  };
}

describe('the runs table model', () => {
  it('reads the planned epochs from the config', () => {
    expect(plannedEpochs(run(1))).toBe(5);
    expect(plannedEpochs(run(1, { config: null }))).toBeNull();
  });

  it('measures a run from start to finish, or to now while it trains', () => {
    const started = run(1, { startedAt: '2026-01-01T00:00:00.000Z' });
    expect(runDurationMs({ ...started, finishedAt: '2026-01-01T00:01:05.000Z' }, 0)).toBe(65_000);
    expect(runDurationMs({ ...started, status: 'running' }, Date.parse('2026-01-01T00:00:30.000Z'))).toBe(30_000);
    expect(runDurationMs({ ...started, status: 'interrupted' }, Date.parse('2026-01-01T00:00:30.000Z'))).toBeNull();
    expect(formatDuration(65)).toBe('1m 05s');
    expect(formatDuration(3_725)).toBe('1h 02m');
    expect(formatDuration(null)).toBe('—');
  });

  it('filters by status and by text in names, tags and notes', () => {
    const runs = [run(1, { tags: ['baseline'] }), run(2, { status: 'failed', note: 'lr too high' }), run(3, { name: 'wide net' })];
    expect(filterRuns(runs, { text: 'BASE', status: 'all' }).map((r) => r.id)).toEqual([1]);
    expect(filterRuns(runs, { text: 'lr', status: 'all' }).map((r) => r.id)).toEqual([2]);
    expect(filterRuns(runs, { text: '', status: 'failed' }).map((r) => r.id)).toEqual([2]);
    expect(filterRuns(runs, { text: 'wide', status: 'done' }).map((r) => r.id)).toEqual([3]);
  });

  it('sorts either way with missing values last', () => {
    const runs = [run(1, { bestMiou: 0.2 }), run(2), run(3, { bestMiou: 0.5 })];
    expect(sortRuns(runs, { column: 'bestMiou', descending: true }, 0).map((r) => r.id)).toEqual([3, 1, 2]);
    expect(sortRuns(runs, { column: 'bestMiou', descending: false }, 0).map((r) => r.id)).toEqual([1, 3, 2]);
    expect(sortRuns(runs, { column: 'date', descending: true }, 0).map((r) => r.id)).toEqual([3, 2, 1]);
  });
});
