import { useEffect } from 'react';
import { useNav } from '../../state/nav';
import { useRuns } from '../../state/runs';
import { RunMonitor } from '../train/RunMonitor';
import { ClassIouTable } from './ClassIouTable';

/** One run's page, opened from its row: status, error, curves and samples (as the Train view shows them), its classes and its config. */
export function RunPage({ runId }: { runId: number }) {
  const detail = useRuns((s) => s.details[runId]);
  const isKnown = useRuns((s) => s.runs.length === 0 || s.runs.some((r) => r.id === runId));

  useEffect(() => {
    if (!useRuns.getState().details[runId]) void useRuns.getState().loadDetail(runId);
  }, [runId]);

  return (
    <main className="view-page run-page" data-testid="run-page">
      <div className="run-page-header">
        <button onClick={() => useNav.getState().show('runs')}>← All runs</button>
      </div>
      {!isKnown ? <p className="error" role="alert">Run {runId} does not exist (it may have been deleted).</p> : (
        <>
          <RunMonitor runId={runId} />
          {detail && (
            <div className="compare-tables">
              <ClassIouTable details={[detail]} />
              <section className="compare-section" aria-label="Config">
                <h3>Config</h3>
                <pre className="run-config mono" data-testid="run-config">{JSON.stringify(detail.config, null, 2)}</pre>
              </section>
            </div>
          )}
        </>
      )}
    </main>
  );
}
