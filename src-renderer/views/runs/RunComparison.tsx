import { useEffect } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useRuns } from '../../state/runs';
import { ClassIouTable } from './ClassIouTable';
import { CompareCurves } from './CompareCurves';
import { ConfigDiff } from './ConfigDiff';
import { PredictionCompare } from './PredictionCompare';

/** Everything the runs view compares, for the runs in the order they were picked (the first is the baseline). */
export function RunComparison({ runIds, onClose }: { runIds: readonly number[]; onClose: () => void }) {
  const details = useRuns(useShallow((s) => runIds.map((id) => s.details[id])));

  useEffect(() => {
    const { details: known, loadDetail } = useRuns.getState();
    for (const id of runIds) if (!known[id]) void loadDetail(id);
  }, [runIds]);

  const isLoaded = details.every((d) => d !== undefined);
  return (
    <section className="run-comparison" aria-label="Run comparison" data-testid="run-comparison">
      <header className="compare-heading">
        <h2>Comparing {runIds.length} runs</h2>
        <button onClick={onClose}>Close</button>
      </header>
      {!isLoaded ? <p className="muted">Loading runs…</p> : (
        <>
          <CompareCurves details={details} />
          <div className="compare-tables">
            <ClassIouTable details={details} />
            <ConfigDiff details={details} />
          </div>
          <PredictionCompare details={details} />
        </>
      )}
    </section>
  );
}
