import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Image as KonvaImage, Layer, Rect } from 'react-konva';
import type { RunDetail } from '../../../src-shared/api';
import { IGNORE_TRAIN_ID } from '../../../src-shared/labels';
import { SERIES_COLORS } from '../../charts/UPlotChart';
import { LinkedPane } from '../../canvas/LinkedPane';
import { maskCanvas, type PixelMask } from '../../canvas/prediction-masks';
import { canvasFromRgba } from '../../canvas/rgba-canvas';
import { haveSameClasses, labelSpecId, runLabels } from '../../canvas/run-labels';
import { SharedViewport } from '../../canvas/viewport';
import { useNav } from '../../state/nav';
import { sharedSamples, type SharedSample } from '../../../src-shared/runs/compare';
import { loadComparisonFrame, type ComparisonFrame } from './comparison-frame';
import { DifferentLabels } from './DifferentLabels';
import { runLabel } from './run-table';

const ERROR_RGB = [255, 59, 92] as const;
const DISAGREEMENT_RGB = [255, 212, 0] as const;
/** Error and disagreement panes draw their masks over the photo dimmed to this, on black. */
const DIMMED_PHOTO_OPACITY = 0.35;
const MASK_BACKGROUND = '#000';

/** The runs' predictions on one val frame they all saved, with ground truth, errors and disagreement, sharing one zoom and pan. */
export function PredictionCompare({ details }: { details: readonly RunDetail[] }) {
  const samples = useMemo(() => sharedSamples(details), [details]);
  const datasetRoots = new Set(details.map((d) => d.run.datasetRoot));
  const [frameId, setFrameId] = useState<string | null>(null);
  const chosen = samples.find((s) => s.frameId === frameId) ?? samples[0] ?? null;

  let body;
  if (datasetRoots.size > 1) body = <p className="muted">These runs trained on different datasets: their predictions are not of the same frames.</p>;
  else if (!haveSameClasses(details)) body = <DifferentLabels details={details} what="their predictions are not compared pixel by pixel" />;
  else if (!chosen) body = <p className="muted">No val frame has a saved prediction from every selected run.</p>;
  else body = <LoadedComparison details={details} sample={chosen} datasetRoot={details[0].run.datasetRoot} />;

  return (
    <section className="compare-section" aria-label="Predictions">
      <header className="compare-heading">
        <h3>Predictions</h3>
        {samples.length > 1 && (
          <label className="toggle">Frame
            <select aria-label="Compared frame" value={chosen?.frameId ?? ''} onChange={(e) => setFrameId(e.target.value)}>
              {samples.map((s) => <option key={s.frameId} value={s.frameId}>{frameStem(s.frameId)}</option>)}
            </select>
          </label>
        )}
        {samples.length === 1 && <span className="muted">{frameStem(samples[0].frameId)}</span>}
        <span className="muted">Wheel zooms, drag pans, click a pixel to open it in the QA viewer.</span>
      </header>
      {body}
    </section>
  );
}

function LoadedComparison({ details, sample, datasetRoot }: { details: readonly RunDetail[]; sample: SharedSample; datasetRoot: string }) {
  const [loaded, setLoaded] = useState<{ key: string; frame: ComparisonFrame } | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const runIds = details.map((d) => d.run.id);
  const labels = details.map(runLabels);
  // A string key: run details are replaced on every refresh, the frame only needs loading when this changes.
  const key = JSON.stringify({ datasetRoot, frameId: sample.frameId, runIds, epochs: sample.epochs, labels: labels.map(labelSpecId) });

  useEffect(() => {
    let current = true;
    setProblem(null);
    const picks = runIds.map((runId, i) => ({ runId, epoch: sample.epochs[i], labels: labels[i] }));
    loadComparisonFrame(datasetRoot, sample.frameId, picks).then(
      (frame) => current && setLoaded({ key, frame }),
      (error: Error) => current && setProblem(error.message),
    );
    return () => {
      current = false;
    };
    // Everything the effect reads is in the key.
  }, [key]);

  if (problem) return <div className="error" role="alert">{problem}</div>;
  if (!loaded || loaded.key !== key) return <p className="muted">Loading predictions…</p>;
  return <ComparisonPanes frame={loaded.frame} details={details} />;
}

function ComparisonPanes({ frame, details }: { frame: ComparisonFrame; details: readonly RunDetail[] }) {
  const viewport = useMemo(() => new SharedViewport(), []);
  const paneSize = useRef({ width: 0, height: 0 });
  const readout = useRef<HTMLDivElement>(null);
  const canvases = useMemo(() => ({
    truth: frame.truth ? canvasFromRgba(frame.truth.rgba, frame.width, frame.height) : null,
    predictions: frame.predictions.map((p) => canvasFromRgba(p.rgba, frame.width, frame.height)),
    errors: frame.predictions.map((p) => (p.error ? maskCanvas(p.error.mask, frame.width, frame.height, ERROR_RGB) : null)),
    disagreement: maskCanvas(frame.disagreement.mask, frame.width, frame.height, DISAGREEMENT_RGB),
  }), [frame]);

  const fit = useCallback(() => {
    const { width, height } = paneSize.current;
    if (width > 0) viewport.fit(frame.width, frame.height, width, height);
  }, [viewport, frame]);
  useEffect(fit, [fit]);
  const onSize = useCallback((width: number, height: number) => {
    const first = paneSize.current.width === 0;
    paneSize.current = { width, height };
    if (first) fit();
  }, [fit]);

  const onHover = useCallback((pixel: { x: number; y: number } | null) => {
    if (readout.current) readout.current.textContent = describePixel(frame, details, pixel);
  }, [frame, details]);

  const onPick = useCallback(({ x, y }: { x: number; y: number }) => {
    if (x < 0 || y < 0 || x >= frame.width || y >= frame.height) return;
    useNav.getState().showInViewer({
      datasetRoot: frame.datasetRoot,
      frameId: frame.frameId,
      x: Math.floor(((x + 0.5) * frame.fullWidth) / frame.width),
      y: Math.floor(((y + 0.5) * frame.fullHeight) / frame.height),
    });
  }, [frame]);

  const linked = { viewport, onHover, onPick };
  const background = (
    <>
      <Rect x={0} y={0} width={frame.width} height={frame.height} fill={MASK_BACKGROUND} listening={false} />
      {frame.photo && <KonvaImage image={frame.photo} width={frame.width} height={frame.height} opacity={DIMMED_PHOTO_OPACITY} listening={false} />}
    </>
  );
  return (
    <>
      <div className="compare-panes" style={{ gridTemplateColumns: `repeat(${details.length + 1}, minmax(0, 1fr))`, ['--pane-aspect' as string]: `${frame.width} / ${frame.height}` }}>
        <LinkedPane testId="compare-truth" title="Ground truth" status={frame.truthProblem ?? undefined} onSize={onSize} {...linked}>
          <Layer imageSmoothingEnabled={false} listening={false}>{canvases.truth ? <KonvaImage image={canvases.truth} listening={false} /> : background}</Layer>
        </LinkedPane>
        {frame.predictions.map((p, i) => (
          <LinkedPane key={p.runId} testId={`compare-prediction-${p.runId}`} title={<RunTitle detail={details[i]} index={i} />} status={`epoch ${p.epoch}`} {...linked}>
            <Layer imageSmoothingEnabled={false} listening={false}><KonvaImage image={canvases.predictions[i]} listening={false} /></Layer>
          </LinkedPane>
        ))}
        <LinkedPane testId="compare-disagreement" title="Disagreement" status={share(frame.disagreement, 'differ')} {...linked}>
          <Layer imageSmoothingEnabled={false} listening={false}>
            {background}
            <KonvaImage image={canvases.disagreement} listening={false} />
          </Layer>
        </LinkedPane>
        {frame.predictions.map((p, i) => (
          <LinkedPane key={p.runId} testId={`compare-error-${p.runId}`} title={<>Errors · <RunTitle detail={details[i]} index={i} /></>}
            status={p.error ? share(p.error, 'wrong') : 'no ground truth'} {...linked}>
            <Layer imageSmoothingEnabled={false} listening={false}>
              {background}
              {canvases.errors[i] && <KonvaImage image={canvases.errors[i]!} listening={false} />}
            </Layer>
          </LinkedPane>
        ))}
      </div>
      <div className="readout" data-testid="compare-readout" ref={readout}>Hover a pane to compare a pixel</div>
    </>
  );
}

function RunTitle({ detail, index }: { detail: RunDetail; index: number }) {
  return <><span className="swatch" style={{ background: SERIES_COLORS[index % SERIES_COLORS.length] }} /> {runLabel(detail.run)}</>;
}

function share(mask: PixelMask, verb: string): string {
  const percent = mask.total ? ((100 * mask.count) / mask.total).toFixed(1) : '0.0';
  return `${mask.count.toLocaleString('en-US')} px ${verb} (${percent}%)`;
}

function describePixel(frame: ComparisonFrame, details: readonly RunDetail[], pixel: { x: number; y: number } | null): string {
  if (!pixel || pixel.x < 0 || pixel.y < 0 || pixel.x >= frame.width || pixel.y >= frame.height) return 'Hover a pane to compare a pixel';
  const p = pixel.y * frame.width + pixel.x;
  const name = (detail: RunDetail, trainId: number) => (trainId === IGNORE_TRAIN_ID ? undefined : runLabels(detail).byTrainId.get(trainId)?.name) ?? 'ignore';
  const truth = frame.truth ? name(details[0], frame.truth.trainIds[p]) : 'n/a';
  const runs = frame.predictions.map((prediction, i) => `#${details[i].run.id}: ${name(details[i], prediction.trainIds[p])}`);
  return `x ${pixel.x}, y ${pixel.y} · truth: ${truth} · ${runs.join(' · ')}`;
}

function frameStem(frameId: string): string {
  return frameId.split('/').pop()!.replace(/_gt(Fine|Coarse)$/, '');
}
