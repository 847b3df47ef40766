import { describe, expect, it, vi } from 'vitest';
import type { TrainSettings } from '../../src-shared/api';

const call = vi.fn();
vi.mock('../api', () => ({ api: { call: (...args: unknown[]) => call(...args), subscribe: () => () => {}, onEventsOpen: () => () => {} } }));
const { useRuns } = await import('./runs');

describe('starting a run', () => {
  it('hands a refusal back to the form that asked, as its message, and records no run', async () => {
    call.mockRejectedValueOnce(new Error('/data/empty: no *_polygons.json annotations found in this folder'));
    const result = await useRuns.getState().start({ datasetRoot: '/data/empty' } as TrainSettings);
    expect(result).toEqual({ run: null, error: '/data/empty: no *_polygons.json annotations found in this folder' });
    expect(useRuns.getState().error).toBeNull();
    expect(call).toHaveBeenCalledTimes(1);
  });
});
