import { useEffect, useMemo, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { forLogScale, latestIndex } from './curves';

export interface ChartSeries {
  readonly label: string;
  readonly color: string;
  /** Which y scale: 'y' (left) unless given. */
  readonly scale?: string;
  readonly dash?: number[];
}

export interface UPlotChartProps {
  readonly title: string;
  /** x values first, then one array per series; null leaves a gap. */
  readonly data: ReadonlyArray<ReadonlyArray<number | null>>;
  readonly series: readonly ChartSeries[];
  readonly xLabel: string;
  readonly height?: number;
  /** Draw the series as bars (e.g. one bar per class) instead of lines. */
  readonly bars?: boolean;
  /** Labels for integer x values, e.g. class names under bars. */
  readonly xTicks?: readonly string[];
  readonly yRange?: [number, number];
  /** Logarithmic y scales (every one of them); values at or below zero become gaps. */
  readonly logY?: boolean;
  readonly testId?: string;
}

/**
 * A uPlot chart. The instance is made once per series layout; new data goes in through setData, so a
 * live curve redraws in a canvas without a React render of anything around it.
 */
export function UPlotChart({ title, data, series, xLabel, height = 220, bars = false, xTicks, yRange, logY = false, testId }: UPlotChartProps) {
  const host = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  const layout = JSON.stringify({ title, series, xLabel, bars, xTicks, yRange, height, logY });
  const shown = useMemo(() => (logY ? forLogScale(data) : data), [data, logY]);

  useEffect(() => {
    const element = host.current!;
    const barPaths = bars ? uPlot.paths.bars!({ size: [0.7, 40] }) : undefined;
    const options: uPlot.Options = {
      title,
      width: Math.max(200, element.clientWidth),
      height,
      legend: { show: series.length > 1 || !bars },
      scales: {
        x: { time: false },
        ...(yRange ? { y: { range: yRange } } : {}),
        ...(logY ? { y: { distr: 3 }, right: { distr: 3 } } : {}),
      },
      // Off the chart, the legend shows the newest values rather than "--".
      hooks: { setCursor: [showLatestInLegend], setData: [showLatestInLegend] },
      axes: [
        {
          label: xLabel, stroke: '#9aa1ad', grid: { stroke: '#2a2e36' },
          // Epochs and classes are whole numbers: never a tick at 1.5.
          incrs: xTicks ? [1] : [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000],
          ...(xTicks ? { values: (_: uPlot, ticks: number[]) => ticks.map((t) => xTicks[t] ?? ''), rotate: -60, size: 90, space: 8 } : {}),
        },
        { stroke: '#9aa1ad', grid: { stroke: '#2a2e36' } },
        ...(series.some((s) => s.scale === 'right') ? [{ scale: 'right', side: 1 as const, stroke: '#9aa1ad', grid: { show: false } }] : []),
      ],
      series: [
        { label: xLabel },
        ...series.map((s) => ({
          label: s.label, stroke: s.color, width: 2, scale: s.scale ?? 'y', dash: s.dash, spanGaps: !bars,
          ...(bars ? { fill: `${s.color}cc`, paths: barPaths, points: { show: false } } : { points: { size: 5 } }),
        })),
      ],
    };
    const chart = new uPlot(options, shown as uPlot.AlignedData, element);
    showLatestInLegend(chart);
    plot.current = chart;
    const resize = new ResizeObserver(() => chart.setSize({ width: Math.max(200, element.clientWidth), height }));
    resize.observe(element);
    return () => {
      resize.disconnect();
      chart.destroy();
      plot.current = null;
    };
    // The data goes in below; only a new layout makes a new chart.
  }, [layout]);

  useEffect(() => {
    plot.current?.setData(shown as uPlot.AlignedData);
  }, [shown]);

  return <div className="chart" ref={host} data-testid={testId} />;
}

function showLatestInLegend(chart: uPlot): void {
  if (chart.cursor.idx !== null && chart.cursor.idx !== undefined) return;
  const index = latestIndex(chart.data as ReadonlyArray<ReadonlyArray<number | null>>);
  if (index !== null) chart.setLegend({ idx: index }, false);
}

/** Distinct colours for runs and series, readable on the dark background. */
export const SERIES_COLORS = ['#4c8dff', '#ff9f43', '#2ed573', '#ff6b81', '#a29bfe', '#feca57'] as const;
