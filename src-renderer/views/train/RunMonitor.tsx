import { useEffect, useMemo, useState } from 'react';
import { LIVE_STATUSES, type RunDetail, type RunStatus } from '../../../src-shared/api';
import { runLabels } from '../../canvas/run-labels';
import { stepLossData } from '../../charts/curves';
import { SERIES_COLORS, UPlotChart } from '../../charts/UPlotChart';
import { useRuns } from '../../state/runs';
import { formatDuration } from '../format';
import { SampleStrip } from './SampleStrip';

const CHART_SERIES = {
  // Train and val loss differ in scale (val has no augmentation or dropout): each has its own axis.
  loss: [{ label: 'train loss', color: SERIES_COLORS[0] }, { label: 'val loss (right axis)', color: SERIES_COLORS[1], scale: 'right' }],
  steps: [{ label: 'loss', color: `${SERIES_COLORS[0]}66` }, { label: 'smoothed', color: SERIES_COLORS[0] }],
  miou: [{ label: 'val mIoU', color: SERIES_COLORS[2] }, { label: 'pixel accuracy', color: SERIES_COLORS[4], dash: [4, 4] }],
  classes: [{ label: 'IoU', color: SERIES_COLORS[0] }],
};

/** One run as it trains: status and controls, progress, curves, per-class IoU and the sample strip. */
export function RunMonitor({ runId }: { runId: number }) {
  const detail = useRuns((s) => s.details[runId]);
  const run = useRuns((s) => s.runs.find((r) => r.id === runId));
  const message = useRuns((s) => s.messages[runId]);

  // Once loaded, the run's events keep the detail current.
  const isLoaded = detail !== undefined;
  useEffect(() => {
    if (!isLoaded) void useRuns.getState().loadDetail(runId);
  }, [runId, isLoaded]);

  if (!detail) return <p className="empty">Loading run {runId}…</p>;
  const status = run?.status ?? detail.run.status;
  return (
    <section className="run-monitor" data-testid="run-monitor" data-status={status}>
      <header className="monitor-header">
        <h2>{detail.run.name} <span className="muted">#{runId}</span></h2>
        <span className={`run-status run-status-${status}`} data-testid="run-status">{status}</span>
        <span className="muted">{detail.run.engine ? `${detail.run.engine} · ${detail.run.device}` : 'engine not started yet'}</span>
        <RunControls runId={runId} status={status} />
      </header>
      {(message || detail.run.error) && <p className={status === 'failed' ? 'error' : 'warning'}>{detail.run.error ?? message}</p>}
      <ProgressLine detail={detail} status={status} />
      <Curves detail={detail} />
      <SampleStrip detail={detail} />
    </section>
  );
}

function RunControls({ runId, status }: { runId: number; status: RunStatus }) {
  const control = useRuns((s) => s.control);
  return (
    <div className="run-controls">
      {status === 'running' && <button onClick={() => void control(runId, 'pause')}>Pause</button>}
      {status === 'paused' && <button onClick={() => void control(runId, 'resume')}>Resume</button>}
      {status === 'interrupted' && <button onClick={() => void control(runId, 'continue')}>Continue</button>}
      {LIVE_STATUSES.includes(status) && <button onClick={() => void control(runId, 'cancel')}>Cancel</button>}
    </div>
  );
}

function ProgressLine({ detail, status }: { detail: RunDetail; status: string }) {
  const total = Number(detail.config.epochs);
  const step = detail.progress;
  const done = step ? (step.globalStep / step.totalSteps) : detail.run.epochsDone / total;
  return (
    <div className="progress-line" data-testid="progress">
      <progress max={1} value={Math.min(1, done)} />
      <span>epoch {step?.epoch ?? detail.run.epochsDone}/{total}</span>
      {step && <span>step {step.step}/{step.stepsPerEpoch}</span>}
      {step && <span>{step.imagesPerSecond.toFixed(1)} images/s</span>}
      {step && status === 'running' && <span>ETA {formatDuration(step.etaSeconds)}</span>}
      {step && <span className="muted">loss {step.loss.toFixed(3)} · lr {step.lr.toExponential(2)}</span>}
      {detail.bestEpoch !== null && <span>best mIoU {(detail.run.bestMiou ?? 0).toFixed(3)} (epoch {detail.bestEpoch})</span>}
    </div>
  );
}

function Curves({ detail }: { detail: RunDetail }) {
  const { epochs } = detail;
  const [isLog, setLog] = useState(false);
  const [smoothing, setSmoothing] = useState(0.8);
  const steps = useRuns((s) => s.stepLosses[detail.run.id]);
  const stepData = useMemo(() => stepLossData(steps ?? [], smoothing), [steps, smoothing]);
  const lossData = useMemo(() => [epochs.map((e) => e.epoch), epochs.map((e) => e.trainLoss), epochs.map((e) => e.valLoss)], [epochs]);
  const miouData = useMemo(() => [epochs.map((e) => e.epoch), epochs.map((e) => e.miou), epochs.map((e) => e.pixelAccuracy)], [epochs]);
  // One bar per class the run predicts, named by its label spec.
  const classes = runLabels(detail).trainClasses;
  const classNames = useMemo(() => classes.map((label) => label.name), [classes]);
  const classData = useMemo(() => {
    const iouByTrainId = new Map(detail.latestClasses.map((c) => [c.classTrainId, c.iou]));
    return [classes.map((_, i) => i), classes.map((label) => iouByTrainId.get(label.trainId) ?? null)];
  }, [classes, detail.latestClasses]);
  return (
    <div className="curves">
      <div className="curve-options">
        <label className="toggle"><input type="checkbox" checked={isLog} onChange={(e) => setLog(e.target.checked)} /> Log-scale loss</label>
        <label className="toggle">Smoothing
          <input type="range" min={0} max={0.99} step={0.01} value={smoothing} onChange={(e) => setSmoothing(Number(e.target.value))} aria-label="Smoothing" />
          {smoothing.toFixed(2)}
        </label>
      </div>
      <UPlotChart title="Loss per epoch" xLabel="epoch" series={CHART_SERIES.loss} data={lossData} logY={isLog} testId="loss-chart" />
      {stepData[0].length > 0 && (
        <UPlotChart title="Loss per step (this window)" xLabel="step" series={CHART_SERIES.steps} data={stepData} logY={isLog} testId="step-loss-chart" />
      )}
      <UPlotChart title="Validation mIoU" xLabel="epoch" series={CHART_SERIES.miou} data={miouData} yRange={[0, 1]} testId="miou-chart" />
      <UPlotChart
        title={`Per-class IoU (epoch ${epochs.at(-1)?.epoch ?? '–'}; missing bars: class not in val set)`} xLabel="class"
        series={CHART_SERIES.classes} data={classData} bars xTicks={classNames} yRange={[0, 1]} height={260} testId="class-chart"
      />
    </div>
  );
}
