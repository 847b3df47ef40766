import { useMemo } from 'react';
import type { RunDetail } from '../../../src-shared/api';
import { SERIES_COLORS } from '../../charts/UPlotChart';
import { classIouRows } from '../../../src-shared/runs/compare';
import { formatMiou, runLabel } from './run-table';

/** IoU per class at each run's best epoch: the best run per class highlighted, the others as deltas against the first run. */
export function ClassIouTable({ details }: { details: readonly RunDetail[] }) {
  const rows = useMemo(() => classIouRows(details), [details]);
  return (
    <section className="compare-section" aria-label="Per-class IoU">
      <h3>Per-class IoU <span className="muted">at each run's best epoch; deltas against {runLabel(details[0].run)}</span></h3>
      <table className="data-table class-iou" data-testid="class-iou-table">
        <thead>
          <tr>
            <th>Class</th>
            {details.map((d, i) => (
              <th key={d.run.id} className="numeric">
                <span className="swatch" style={{ background: SERIES_COLORS[i % SERIES_COLORS.length] }} /> {runLabel(d.run)}
                <div className="muted">epoch {d.bestEpoch ?? 'n/a'}</div>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.trainId} data-class={row.name}>
              <td>{row.name}</td>
              {row.values.map((value, i) => (
                <td key={i} className={`numeric${row.best.has(i) ? ' best' : ''}`}>
                  {formatMiou(value)}
                  {i > 0 && <Delta value={row.deltas[i]} />}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th>mIoU</th>
            {details.map((d) => <td key={d.run.id} className="numeric">{formatMiou(d.run.bestMiou)}</td>)}
          </tr>
        </tfoot>
      </table>
    </section>
  );
}

function Delta({ value }: { value: number | null }) {
  if (value === null) return <span className="delta">n/a</span>;
  const points = value * 100;
  const sign = points > 0 ? '+' : points < 0 ? '−' : '±';
  return <span className={`delta${points > 0 ? ' up' : points < 0 ? ' down' : ''}`}>{sign}{Math.abs(points).toFixed(1)}</span>;
}
