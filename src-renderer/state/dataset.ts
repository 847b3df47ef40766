import { create } from 'zustand';
import type { DatasetSummary, FrameSummary, QaStatus, RecentDataset } from '../../src-shared/api';
import { buildLabelIndex, type LabelIndex } from '../../src-shared/labels';
import { api } from '../api';

const PAGE = 200;

export interface FrameFilters {
  readonly split?: string;
  readonly city?: string;
  readonly search: string;
  readonly status?: QaStatus | 'unmarked';
}

interface DatasetState {
  dataset: DatasetSummary | null;
  labels: LabelIndex | null;
  recent: RecentDataset[];
  error: string | null;
  filters: FrameFilters;
  total: number;
  /** Sparse: only the pages the list has scrolled to are loaded. */
  frames: Array<FrameSummary | undefined>;
  selectedId: string | null;
  /** Opens the dataset at `path`, at `place` (a link's filters and frame) or else at its first frame. */
  openDataset(path: string, place?: { filters?: FrameFilters; frameId?: string | null }): Promise<void>;
  loadRecent(): Promise<void>;
  setFilters(change: Partial<FrameFilters>): Promise<void>;
  ensureLoaded(start: number, end: number): Promise<void>;
  select(frameId: string): void;
  step(delta: 1 | -1): void;
  setStatus(frameId: string, status: QaStatus | null): void;
  /** Records the Pillow release the dataset's masks follow, then redraws the frame with its fill. */
  setPillow(pillow: string): Promise<void>;
}

const loadingPages = new Set<number>();
const statsRequested = new Set<string>();

export const useDataset = create<DatasetState>()((set, get) => ({
  dataset: null,
  labels: null,
  recent: [],
  error: null,
  filters: { search: '' },
  total: 0,
  frames: [],
  selectedId: null,

  async openDataset(path, place) {
    try {
      const dataset = await api.call('datasets.open', { path });
      loadingPages.clear();
      statsRequested.clear();
      set({ dataset, labels: buildLabelIndex(dataset.labels), error: null, filters: { search: '' }, frames: [], total: 0, selectedId: null });
      await get().setFilters(place?.filters ?? {});
      const first = place?.frameId ?? get().frames[0]?.id;
      if (first) get().select(first);
      void get().loadRecent();
    } catch (error) {
      set({ error: (error as Error).message });
    }
  },

  async loadRecent() {
    set({ recent: await api.call('datasets.recent', {}) });
  },

  async setFilters(change) {
    const filters = { ...get().filters, ...change };
    loadingPages.clear();
    set({ filters, frames: [], total: 0 });
    await loadPage(0);
  },

  async ensureLoaded(start, end) {
    const pages = new Set<number>();
    for (let i = Math.max(0, start); i < Math.min(end, get().total); i++) if (!get().frames[i]) pages.add(Math.floor(i / PAGE));
    await Promise.all([...pages].map(loadPage));
    const frames = get().frames;
    const missing = frames.slice(Math.max(0, start), end).filter((f): f is FrameSummary => f !== undefined && f.objectCount === null && !statsRequested.has(f.id));
    if (missing.length === 0 || !get().dataset) return;
    missing.forEach((f) => statsRequested.add(f.id));
    const stats = await api.call('frames.stats', { datasetId: get().dataset!.id, frameIds: missing.map((f) => f.id) });
    const byId = new Map(stats.map((s) => [s.id, s]));
    set({ frames: get().frames.map((f) => (f && byId.get(f.id)) || f) });
  },

  select(frameId) {
    set({ selectedId: frameId });
  },

  step(delta) {
    const { frames, selectedId, total } = get();
    const index = frames.findIndex((f) => f?.id === selectedId);
    const target = index + delta;
    if (index < 0 || target < 0 || target >= total) return;
    const next = frames[target];
    if (next) get().select(next.id);
    else void get().ensureLoaded(target, target + 1).then(() => {
      const loaded = get().frames[target];
      if (loaded) get().select(loaded.id);
    });
  },

  setStatus(frameId, status) {
    set({ frames: get().frames.map((f) => (f && f.id === frameId ? { ...f, qaStatus: status } : f)) });
  },

  async setPillow(pillow) {
    const dataset = get().dataset;
    if (!dataset) return;
    try {
      const stored = await api.call('datasets.setPillow', { datasetId: dataset.id, pillow });
      // A new summary object: the app reloads the frame, drawn with the new fill.
      set({ dataset: { ...dataset, pillow: stored.pillow }, error: null });
    } catch (error) {
      set({ error: (error as Error).message });
    }
  },
}));

async function loadPage(page: number): Promise<void> {
  const { dataset, filters } = useDataset.getState();
  if (!dataset || loadingPages.has(page)) return;
  loadingPages.add(page);
  const list = await api.call('frames.list', { datasetId: dataset.id, ...filters, offset: page * PAGE, limit: PAGE });
  if (useDataset.getState().filters !== filters) return;
  const frames = [...useDataset.getState().frames];
  frames.length = list.total;
  list.frames.forEach((f, i) => (frames[list.offset + i] = f));
  useDataset.setState({ frames, total: list.total });
}
