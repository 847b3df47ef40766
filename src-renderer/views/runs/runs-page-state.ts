import { create } from 'zustand';
import type { RunFilter, RunSort } from './run-table';

export const MAX_COMPARED = 6;

interface RunsPageState {
  filter: RunFilter;
  sort: RunSort;
  /** Ticked runs in the order they were ticked: the first is the comparison's baseline. */
  selected: number[];
  compared: number[];
  setFilter(change: Partial<RunFilter>): void;
  setSort(sort: RunSort): void;
  toggle(runId: number): void;
  compareSelected(): void;
  closeComparison(): void;
  /** Drops deleted runs from the selection and the comparison. */
  keepOnly(existing: ReadonlySet<number>): void;
}

/** What the runs view shows, kept outside it so a jump to the QA viewer and back finds the comparison still open. */
export const useRunsPage = create<RunsPageState>()((set, get) => ({
  filter: { text: '', status: 'all' },
  sort: { column: 'date', descending: true },
  selected: [],
  compared: [],
  setFilter: (change) => set({ filter: { ...get().filter, ...change } }),
  setSort: (sort) => set({ sort }),
  toggle(runId) {
    const { selected } = get();
    if (selected.includes(runId)) set({ selected: selected.filter((id) => id !== runId) });
    else if (selected.length < MAX_COMPARED) set({ selected: [...selected, runId] });
  },
  compareSelected: () => set({ compared: get().selected }),
  closeComparison: () => set({ compared: [] }),
  keepOnly(existing) {
    const { selected, compared } = get();
    if (selected.every((id) => existing.has(id)) && compared.every((id) => existing.has(id))) return;
    set({ selected: selected.filter((id) => existing.has(id)), compared: compared.filter((id) => existing.has(id)) });
  },
}));
