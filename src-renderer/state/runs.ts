import { create } from 'zustand';
import type { Run, RunAction, RunDetail, StudioEvent, TrainingEvent, TrainSettings, TrainOptions } from '../../src-shared/api';
import { api } from '../api';
import { withStepLoss, type StepLoss } from '../charts/curves';
import { applyRunEvent, applyRunEventToList, RunEventJournal } from './run-events';

interface RunsState {
  runs: readonly Run[];
  /** Whether the list has been loaded once: before that, an empty list says nothing about which runs exist. */
  hasLoaded: boolean;
  options: TrainOptions | null;
  /** Details of the runs a view has asked for, kept current by their events. */
  details: Record<number, RunDetail>;
  /** The newest warning or failure each run reported. */
  messages: Record<number, string>;
  /** Each run's loss per training step, as far as this window has seen its step events (steps are not stored). */
  stepLosses: Record<number, readonly StepLoss[]>;
  error: string | null;
  loadOptions(): Promise<void>;
  /** Reloads the runs list; calls made while one is loading share a single reload after it. */
  refresh(): Promise<void>;
  loadDetail(runId: number): Promise<RunDetail | null>;
  /** Records and starts (or queues) a run; a refusal (no such folder, no frames) comes back as its message, for the form to show. */
  start(settings: TrainSettings): Promise<{ run: Run; error: null } | { run: null; error: string }>;
  control(runId: number, action: RunAction): Promise<void>;
  update(runId: number, change: { name?: string; tags?: string[]; note?: string }): Promise<void>;
  remove(runId: number): Promise<void>;
}

const journal = new RunEventJournal();
let listLoad: Promise<void> | null = null;
let nextListLoad: Promise<void> | null = null;

export const useRuns = create<RunsState>()((set, get) => ({
  runs: [],
  hasLoaded: false,
  options: null,
  details: {},
  messages: {},
  stepLosses: {},
  error: null,

  async loadOptions() {
    if (get().options) return;
    try {
      set({ options: await api.call('train.options', {}) });
    } catch (error) {
      set({ error: (error as Error).message });
    }
  },

  refresh() {
    // A load in flight may have read the runs before the change that asked for this one.
    if (listLoad) {
      nextListLoad ??= listLoad.then(() => {
        nextListLoad = null;
        return get().refresh();
      });
      return nextListLoad;
    }
    listLoad = loadList().finally(() => {
      listLoad = null;
    });
    return listLoad;
  },

  async loadDetail(runId) {
    const mark = journal.open();
    try {
      const loaded = await api.call('runs.get', { runId });
      const detail = journal.replay(mark, loaded, (id) => id === runId, (d, _, event, at) => applyRunEvent(d, event, at));
      set({ details: { ...get().details, [runId]: detail } });
      return detail;
    } catch (error) {
      set({ error: (error as Error).message });
      return null;
    } finally {
      journal.close(mark);
    }
  },

  async start(settings) {
    try {
      const run = await api.call('runs.start', { settings });
      await get().refresh();
      return { run, error: null };
    } catch (error) {
      return { run: null, error: (error as Error).message };
    }
  },

  async control(runId, action) {
    await act(() => api.call('runs.control', { runId, action }));
    // Pause, resume and cancel come back as the run's own events; a continued run was rewound to its last checkpoint.
    if (action === 'continue') await Promise.all([get().refresh(), get().details[runId] ? get().loadDetail(runId) : null]);
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

async function loadList(): Promise<void> {
  const mark = journal.open();
  try {
    const loaded = await api.call('runs.list', {});
    const runs = journal.replay<readonly Run[]>(mark, loaded, () => true, applyRunEventToList);
    // A detail's run is the same record as its row: keep them equal, and forget details of runs deleted elsewhere.
    const byId = new Map(runs.map((run) => [run.id, run]));
    const details = Object.fromEntries(Object.values(useRuns.getState().details)
      .filter((detail) => byId.has(detail.run.id))
      .map((detail) => [detail.run.id, { ...detail, run: byId.get(detail.run.id)! }]));
    useRuns.setState({ runs, details, hasLoaded: true, error: null });
  } catch (error) {
    useRuns.setState({ error: (error as Error).message });
  } finally {
    journal.close(mark);
  }
}

async function act(body: () => Promise<unknown>): Promise<void> {
  try {
    await body();
    useRuns.setState({ error: null });
  } catch (error) {
    useRuns.setState({ error: (error as Error).message });
  }
}

/**
 * Keeps the store current from the main process's events. Each run event is applied to the list and to
 * the run's detail where one is held, with no request; only `runs-changed` (a run created, edited,
 * deleted or queued) reloads the list. Whenever the event stream (re)opens, events may have been missed
 * while it was closed, so the list and every held detail are loaded again.
 */
export function followRunEvents(): () => void {
  const offEvents = api.subscribe((event: StudioEvent) => {
    if (event.channel === 'runs-changed') void useRuns.getState().refresh();
    else if (event.channel === 'run') receiveRunEvent(event.runId, event.event, new Date().toISOString());
  });
  const offOpen = api.onEventsOpen(() => {
    const { refresh, loadDetail, details } = useRuns.getState();
    void refresh();
    for (const runId of Object.keys(details)) void loadDetail(Number(runId));
  });
  return () => {
    offEvents();
    offOpen();
  };
}

function receiveRunEvent(runId: number, event: TrainingEvent, at: string): void {
  journal.record(runId, event, at);
  const state = useRuns.getState();
  const detail = state.details[runId];
  const message = event.type === 'warning' ? event.message : event.type === 'failed' ? event.error : null;
  useRuns.setState({
    runs: applyRunEventToList(state.runs, runId, event, at),
    ...(detail ? { details: { ...state.details, [runId]: applyRunEvent(detail, event, at) } } : {}),
    ...(message !== null ? { messages: { ...state.messages, [runId]: message } } : {}),
    ...(event.type === 'step'
      ? { stepLosses: { ...state.stepLosses, [runId]: withStepLoss(state.stepLosses[runId] ?? [], { globalStep: event.globalStep, loss: event.loss }) } }
      : {}),
  });
}
