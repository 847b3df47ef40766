import { useEffect, useMemo, useState } from 'react';
import { RUN_STATUSES } from '../../../src-shared/api';
import { useRuns } from '../../state/runs';
import { RunComparison } from './RunComparison';
import { RunsTable } from './RunsTable';
import { MAX_COMPARED, useRunsPage } from './runs-page-state';
import { filterRuns, sortRuns, type RunFilter } from './run-table';

/** The run table with filters, and the comparison of the runs ticked in it. */
export function RunsView() {
  const runs = useRuns((s) => s.runs);
  const error = useRuns((s) => s.error);
  const filter = useRunsPage((s) => s.filter);
  const sort = useRunsPage((s) => s.sort);
  const selectedCount = useRunsPage((s) => s.selected.length);
  const compared = useRunsPage((s) => s.compared);
  const now = useNow(runs.some((r) => r.status === 'running' || r.status === 'paused'));

  const hasLoaded = useRuns((s) => s.hasLoaded);
  // A link's comparison must survive the moment before the list arrives.
  useEffect(() => {
    if (hasLoaded) useRunsPage.getState().keepOnly(new Set(runs.map((r) => r.id)));
  }, [runs, hasLoaded]);

  const shown = useMemo(() => sortRuns(filterRuns(runs, filter), sort, now), [runs, filter, sort, now]);
  const { setFilter, compareSelected, closeComparison } = useRunsPage.getState();

  return (
    <main className="view-page runs-view">
      <div className="runs-toolbar">
        <h2>Runs</h2>
        <input type="search" aria-label="Filter runs" placeholder="Filter by name, tag, note, architecture…" value={filter.text}
          onChange={(e) => setFilter({ text: e.target.value })} />
        <select aria-label="Filter by status" value={filter.status} onChange={(e) => setFilter({ status: e.target.value as RunFilter['status'] })}>
          <option value="all">all statuses</option>
          {RUN_STATUSES.map((status) => <option key={status} value={status}>{status}</option>)}
        </select>
        <span className="muted">{shown.length} of {runs.length} runs</span>
        <button className="primary" disabled={selectedCount < 2} onClick={compareSelected} title={`Tick 2 to ${MAX_COMPARED} runs to compare them`}>
          Compare{selectedCount ? ` (${selectedCount})` : ''}
        </button>
      </div>
      {error && <div className="error" role="alert">{error}</div>}
      {runs.length === 0 ? <p className="empty">No runs yet: start one in the Train view or with `segstudio train`.</p> : <RunsTable runs={shown} now={now} />}
      {compared.length >= 2 && <RunComparison runIds={compared} onClose={closeComparison} />}
    </main>
  );
}

/** The current time, ticking every second while `isTicking` (a run's duration is growing). */
function useNow(isTicking: boolean): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!isTicking) return;
    setNow(Date.now());
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [isTicking]);
  return now;
}
