import { useState, type MouseEvent } from 'react';
import type { Run } from '../../../src-shared/api';
import { useNav } from '../../state/nav';
import { useRuns } from '../../state/runs';
import { RunEditor } from './RunEditor';
import { MAX_COMPARED, useRunsPage } from './runs-page-state';
import { formatDuration } from '../format';
import { formatMiou, plannedEpochs, RUN_COLUMNS, runDurationMs, type RunColumn } from './run-table';

interface RunsTableProps {
  readonly runs: readonly Run[];
  readonly now: number;
}

/** Every run, one row each; a header click sorts by that column, a second click reverses it. */
export function RunsTable({ runs, now }: RunsTableProps) {
  const sort = useRunsPage((s) => s.sort);
  const selected = useRunsPage((s) => s.selected);
  const sortBy = (column: RunColumn) => useRunsPage.getState().setSort({
    column, descending: sort.column === column ? !sort.descending : column === 'date' || column === 'bestMiou',
  });
  return (
    <table className="data-table runs-table" data-testid="runs-table">
      <thead>
        <tr>
          <th aria-label="Compare" />
          {RUN_COLUMNS.map(({ key, title, isNumeric }) => (
            <th key={key} className={isNumeric ? 'numeric' : undefined} aria-sort={sort.column === key ? (sort.descending ? 'descending' : 'ascending') : 'none'}>
              <button className="sort-button" onClick={() => sortBy(key)}>
                {title}{sort.column === key ? (sort.descending ? ' ▼' : ' ▲') : ''}
              </button>
            </th>
          ))}
          <th>Actions</th>
        </tr>
      </thead>
      <tbody>
        {runs.map((run) => (
          <RunRow key={run.id} run={run} now={now} isSelected={selected.includes(run.id)} canSelect={selected.length < MAX_COMPARED} />
        ))}
      </tbody>
    </table>
  );
}

interface RunRowProps {
  readonly run: Run;
  readonly now: number;
  readonly isSelected: boolean;
  readonly canSelect: boolean;
}

function RunRow({ run, now, isSelected, canSelect }: RunRowProps) {
  const [isEditing, setEditing] = useState(false);
  const planned = plannedEpochs(run);
  return (
    <>
      <tr data-run-id={run.id} className={isSelected ? 'selected clickable' : 'clickable'} onClick={(event) => openFromRow(event, run.id)}>
        <td>
          <input type="checkbox" aria-label={`Compare run ${run.id}`} checked={isSelected} disabled={!isSelected && !canSelect} onChange={() => useRunsPage.getState().toggle(run.id)} />
        </td>
        <td className="run-name-cell">
          <button className="run-name link-text" title={run.note || `Open run ${run.id}`} onClick={() => openRunPage(run.id)}>{run.name}</button>
          <span className="muted"> #{run.id}</span>
          {run.tags.map((tag) => <span key={tag} className="tag">{tag}</span>)}
          {run.note && <div className="run-note muted">{run.note}</div>}
        </td>
        <td>{run.arch}</td>
        <td>{run.preset ?? '—'}</td>
        <td title={run.device ?? undefined}>{run.engine ?? '—'}</td>
        <td>
          <span className={`run-status run-status-${run.status}`}>{run.status}</span>
          {run.error && <div className="run-error error" data-testid="run-error">{run.error}</div>}
        </td>
        <td className="numeric">{run.epochsDone}/{planned ?? '?'}</td>
        <td className="numeric">{formatMiou(run.bestMiou)}</td>
        <td className="numeric">{formatDuration(durationSeconds(runDurationMs(run, now)))}</td>
        <td title={run.createdAt}>{new Date(run.createdAt).toLocaleString()}</td>
        <td>
          <div className="run-actions">
            {run.status === 'interrupted' && <button onClick={() => void useRuns.getState().control(run.id, 'continue')}>Continue</button>}
            <button aria-expanded={isEditing} onClick={() => setEditing(!isEditing)}>Edit</button>
            <DeleteButton run={run} />
          </div>
        </td>
      </tr>
      {isEditing && (
        <tr className="run-editor-row">
          <td />
          <td colSpan={RUN_COLUMNS.length + 1}><RunEditor run={run} onDone={() => setEditing(false)} /></td>
        </tr>
      )}
    </>
  );
}

function openRunPage(runId: number): void {
  useNav.getState().showRun('runs', runId);
}

/** A click anywhere on a row opens its run page, except on the row's own controls (tick box, buttons, editor). */
function openFromRow(event: MouseEvent<HTMLTableRowElement>, runId: number): void {
  if ((event.target as HTMLElement).closest('button, input, select, textarea, a, label')) return;
  openRunPage(runId);
}

function DeleteButton({ run }: { run: Run }) {
  const isTraining = run.status === 'running' || run.status === 'paused';
  const remove = () => {
    if (window.confirm(`Delete run #${run.id} "${run.name}"? Its checkpoints and saved predictions are removed from disk.`)) void useRuns.getState().remove(run.id);
  };
  return <button className="danger" onClick={remove} disabled={isTraining} title={isTraining ? 'Cancel the run before deleting it' : undefined}>Delete</button>;
}

function durationSeconds(ms: number | null): number | null {
  return ms === null ? null : ms / 1000;
}
