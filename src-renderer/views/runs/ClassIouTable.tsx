import { useMemo } from 'react';
import type { RunDetail } from '../../../src-shared/api';
import { SERIES_COLORS } from '../../charts/UPlotChart';
import type { LabelDef } from '../../../src-shared/labels';
import { classIouRows, miouRow, type ClassIouRow } from '../../../src-shared/runs/compare';
import { haveSameClasses, runLabels } from '../../canvas/run-labels';
import { DifferentLabels } from './DifferentLabels';
import { formatMiou, runLabel } from './run-table';

/**
 * IoU per class at each run's best epoch: the best run per class highlighted, the others as deltas
 * against the first run. Class names and colours come from the runs' label spec; runs that predict
 * different classes get a note instead of rows that would not match.
 */
export function ClassIouTable({ details }: { details: readonly RunDetail[] }) {
  const isComparable = haveSameClasses(details);
  const rows = useMemo(() => (isComparable ? classIouRows(details) : []), [details, isComparable]);
  const miou = useMemo(() => miouRow(details), [details]);
  const labels = runLabels(details[0]);
  if (!isComparable) {
    return (
      <section className="compare-section" aria-label="Per-class IoU">
        <h3>Per-class IoU</h3>
        <DifferentLabels details={details} what="their classes do not line up, so per-class IoU is not compared" />
      </section>
    );
  }
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
          {rows.map((row) => <ClassRow key={row.trainId} row={row} label={labels.byTrainId.get(row.trainId)} />)}
        </tbody>
        <tfoot>
          <tr data-testid="miou-row">
            <th>mIoU</th>
            <MetricCells row={miou} />
          </tr>
        </tfoot>
      </table>
    </section>
  );
}

function ClassRow({ row, label }: { row: ClassIouRow; label: LabelDef | undefined }) {
  const name = label?.name ?? row.name;
  return (
    <tr data-class={name}>
      <td>{label && <span className="swatch" style={{ background: `rgb(${label.color.join(',')})` }} />} {name}</td>
      <MetricCells row={row} />
    </tr>
  );
}

function MetricCells({ row }: { row: Pick<ClassIouRow, 'values' | 'deltas' | 'best'> }) {
  return row.values.map((value, i) => (
    <td key={i} className={`numeric${row.best.has(i) ? ' best' : ''}`}>
      {formatMiou(value)}
      {i > 0 && <Delta value={row.deltas[i]} />}
    </td>
  ));
}

function Delta({ value }: { value: number | null }) {
  if (value === null) return <span className="delta">n/a</span>;
  const points = value * 100;
  const sign = points > 0 ? '+' : points < 0 ? '−' : '±';
  return <span className={`delta${points > 0 ? ' up' : points < 0 ? ' down' : ''}`}>{sign}{Math.abs(points).toFixed(1)}</span>;
}
