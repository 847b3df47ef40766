import { useMemo } from 'react';
import type { RunDetail } from '../../../src-shared/api';
import { SERIES_COLORS, UPlotChart, type ChartSeries } from '../../charts/UPlotChart';
import { alignEpochCurves } from '../../../src-shared/runs/compare';
import { runLabel } from './run-table';

const colorOf = (index: number) => SERIES_COLORS[index % SERIES_COLORS.length];

/** Val mIoU and train/val loss per epoch, one colour per run; val loss dashed. */
export function CompareCurves({ details }: { details: readonly RunDetail[] }) {
  const miou = useMemo(() => alignEpochCurves(details, (e) => e.miou), [details]);
  const loss = useMemo(() => {
    const [epochs, ...train] = alignEpochCurves(details, (e) => e.trainLoss);
    const [, ...val] = alignEpochCurves(details, (e) => e.valLoss);
    return [epochs, ...train, ...val];
  }, [details]);
  const miouSeries: ChartSeries[] = details.map((d, i) => ({ label: runLabel(d.run), color: colorOf(i) }));
  const lossSeries: ChartSeries[] = [
    ...details.map((d, i) => ({ label: `train ${runLabel(d.run)}`, color: colorOf(i) })),
    ...details.map((d, i) => ({ label: `val ${runLabel(d.run)}`, color: colorOf(i), dash: [6, 4] })),
  ];
  return (
    <div className="compare-curves">
      <UPlotChart title="Val mIoU" data={miou} series={miouSeries} xLabel="epoch" testId="compare-miou-chart" />
      <UPlotChart title="Loss (train solid, val dashed)" data={loss} series={lossSeries} xLabel="epoch" testId="compare-loss-chart" />
    </div>
  );
}
