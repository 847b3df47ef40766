import type { Run, RunStatus } from '../../../src-shared/api';

export type RunColumn = 'name' | 'arch' | 'preset' | 'engine' | 'status' | 'epochs' | 'bestMiou' | 'duration' | 'date';

export interface RunColumnDef {
  readonly key: RunColumn;
  readonly title: string;
  /** Right-aligned, for numbers. */
  readonly isNumeric?: boolean;
}

export const RUN_COLUMNS: readonly RunColumnDef[] = [
  { key: 'name', title: 'Name' },
  { key: 'arch', title: 'Architecture' },
  { key: 'preset', title: 'Preset' },
  { key: 'engine', title: 'Engine' },
  { key: 'status', title: 'Status' },
  { key: 'epochs', title: 'Epochs', isNumeric: true },
  { key: 'bestMiou', title: 'Best mIoU', isNumeric: true },
  { key: 'duration', title: 'Duration', isNumeric: true },
  { key: 'date', title: 'Date' },
];

export interface RunSort {
  readonly column: RunColumn;
  readonly descending: boolean;
}

export interface RunFilter {
  readonly text: string;
  readonly status: RunStatus | 'all';
}

/** The epochs the run was configured for, read from its recorded config. */
export function plannedEpochs(run: Run): number | null {
  const epochs = (run.config as { epochs?: unknown } | null)?.epochs;
  return typeof epochs === 'number' ? epochs : null;
}

/** From start to finish, or to `now` while it trains; null before it starts and for a run that stopped without finishing (interrupted). */
export function runDurationMs(run: Run, now: number): number | null {
  if (!run.startedAt) return null;
  const isActive = run.status === 'running' || run.status === 'paused';
  if (!run.finishedAt && !isActive) return null;
  const end = run.finishedAt ? Date.parse(run.finishedAt) : now;
  return Math.max(0, end - Date.parse(run.startedAt));
}

export function formatMiou(value: number | null): string {
  return value === null ? 'n/a' : `${(value * 100).toFixed(1)}%`;
}

/** How the run is named in legends and column headers, unique even when two runs share a name. */
export function runLabel(run: Pick<Run, 'id' | 'name'>): string {
  return `#${run.id} ${run.name}`;
}

/** Runs whose status matches and whose id, name, architecture, preset, engine, tags or note contain the text. */
export function filterRuns(runs: readonly Run[], filter: RunFilter): Run[] {
  const needle = filter.text.trim().toLowerCase();
  return runs.filter((run) => {
    if (filter.status !== 'all' && run.status !== filter.status) return false;
    if (!needle) return true;
    const haystack = [`#${run.id}`, run.name, run.arch, run.preset ?? '', run.engine ?? '', run.note, ...run.tags].join('\n').toLowerCase();
    return haystack.includes(needle);
  });
}

function sortValue(run: Run, column: RunColumn, now: number): string | number | null {
  switch (column) {
    case 'name': return run.name.toLowerCase();
    case 'arch': return run.arch;
    case 'preset': return run.preset;
    case 'engine': return run.engine;
    case 'status': return run.status;
    case 'epochs': return run.epochsDone;
    case 'bestMiou': return run.bestMiou;
    case 'duration': return runDurationMs(run, now);
    case 'date': return Date.parse(run.createdAt);
  }
}

/** Sorted by the column; runs without a value go last in either direction, ties newest first. */
export function sortRuns(runs: readonly Run[], sort: RunSort, now: number): Run[] {
  const direction = sort.descending ? -1 : 1;
  return [...runs].sort((a, b) => {
    const va = sortValue(a, sort.column, now);
    const vb = sortValue(b, sort.column, now);
    if (va === null || vb === null) return va === vb ? b.id - a.id : va === null ? 1 : -1;
    if (va < vb) return -direction;
    if (va > vb) return direction;
    return b.id - a.id;
  });
}
