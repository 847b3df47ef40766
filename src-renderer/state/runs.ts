import { create } from 'zustand';
import type { Run, RunAction, RunDetail, StudioEvent, TrainingEvent, TrainSettings, TrainOptions } from '../../src-shared/api';
import { api } from '../api';

interface RunsState {
  runs: Run[];
  options: TrainOptions | null;
  /** Details of the runs a view has asked for, refreshed as their events arrive. */
  details: Record<number, RunDetail>;
  /** The newest warning or failure each run reported. */
  messages: Record<number, string>;
  error: string | null;
  loadOptions(): Promise<void>;
  refresh(): Promise<void>;
  loadDetail(runId: number): Promise<RunDetail | null>;
  start(settings: TrainSettings): Promise<Run | null>;
  control(runId: number, action: RunAction): Promise<void>;
  update(runId: number, change: { name?: string; tags?: string[]; note?: string }): Promise<void>;
  remove(runId: number): Promise<void>;
}

export const useRuns = create<RunsState>()((set, get) => ({
  runs: [],
  options: null,
  details: {},
  messages: {},
  error: null,

  async loadOptions() {
    if (get().options) return;
    try {
      set({ options: await api.call('train.options', {}) });
    } catch (error) {
      set({ error: (error as Error).message });
    }
  },

  async refresh() {
    try {
      set({ runs: await api.call('runs.list', {}), error: null });
    } catch (error) {
      set({ error: (error as Error).message });
    }
  },

  async loadDetail(runId) {
    try {
      const detail = await api.call('runs.get', { runId });
      set({ details: { ...get().details, [runId]: detail } });
      return detail;
    } catch (error) {
      set({ error: (error as Error).message });
      return null;
    }
  },

  async start(settings) {
    try {
      const run = await api.call('runs.start', { settings });
      set({ error: null });
      await get().refresh();
      return run;
    } catch (error) {
      set({ error: (error as Error).message });
      return null;
    }
  },

  async control(runId, action) {
    await act(() => api.call('runs.control', { runId, action }));
    await Promise.all([get().refresh(), get().details[runId] ? get().loadDetail(runId) : null]);
  },

  async update(runId, change) {
    await act(() => api.call('runs.update', { runId, ...change }));
    await get().refresh();
  },

  async remove(runId) {
    await act(() => api.call('runs.delete', { runId }));
    const { [runId]: _, ...details } = get().details;
    set({ details });
    await get().refresh();
  },
}));

async function act(body: () => Promise<unknown>): Promise<void> {
  try {
    await body();
    useRuns.setState({ error: null });
  } catch (error) {
    useRuns.setState({ error: (error as Error).message });
  }
}

/** Keeps the store current from the main process's events: steps patch progress in place, the rest reload. */
export function followRunEvents(): () => void {
  return api.subscribe((event: StudioEvent) => {
    const state = useRuns.getState();
    if (event.channel === 'runs-changed') {
      void state.refresh();
      return;
    }
    if (event.channel === 'run') applyRunEvent(event.runId, event.event);
  });
}

function applyRunEvent(runId: number, event: TrainingEvent): void {
  const state = useRuns.getState();
  const detail = state.details[runId];
  switch (event.type) {
    case 'step':
      if (detail) useRuns.setState({ details: { ...state.details, [runId]: { ...detail, progress: event } } });
      return;
    case 'warning':
      useRuns.setState({ messages: { ...state.messages, [runId]: event.message } });
      return;
    case 'failed':
      useRuns.setState({ messages: { ...state.messages, [runId]: event.error } });
      break;
    default:
      break;
  }
  reloadSoon(runId);
}

// An epoch arrives with its samples and checkpoint in one burst: reload once for all of them.
const pendingReloads = new Set<number>();
let reloadTimer: ReturnType<typeof setTimeout> | null = null;

function reloadSoon(runId: number): void {
  pendingReloads.add(runId);
  reloadTimer ??= setTimeout(() => {
    const state = useRuns.getState();
    const runIds = [...pendingReloads];
    pendingReloads.clear();
    reloadTimer = null;
    void state.refresh();
    for (const id of runIds) if (state.details[id]) void state.loadDetail(id);
  }, 150);
}
