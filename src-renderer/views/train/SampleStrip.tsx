import { useEffect, useRef, useState } from 'react';
import type { RunDetail } from '../../../src-shared/api';
import { IGNORE_TRAIN_ID, type LabelIndex } from '../../../src-shared/labels';
import { colorizeLabels } from '../../canvas/colorize';
import { framePhoto, frameTruth } from '../../canvas/frame-truth';
import { errorMask, resampleNearest } from '../../canvas/prediction-masks';
import { labelSpecId, runLabels } from '../../canvas/run-labels';
import { loadRunSample } from '../../canvas/run-sample';

interface StripRow {
  readonly frameId: string;
  readonly width: number;
  readonly height: number;
  readonly photo: ImageBitmap | null;
  readonly truth: Uint8ClampedArray;
  readonly prediction: Uint8ClampedArray;
  readonly error: Uint8ClampedArray;
  readonly errorShare: number;
}

/** Per epoch, each saved val frame as photo | ground truth | prediction | error map, at the training size. */
export function SampleStrip({ detail }: { detail: RunDetail }) {
  const epochs = [...new Set(detail.samples.map((s) => s.epoch))].sort((a, b) => a - b);
  const newest = epochs.at(-1) ?? null;
  const [chosen, setChosen] = useState<number | null>(null);
  const epoch = chosen !== null && epochs.includes(chosen) ? chosen : newest;
  const [rows, setRows] = useState<StripRow[]>([]);
  const [error, setError] = useState<string | null>(null);
  const frames = detail.samples.filter((s) => s.epoch === epoch).map((s) => s.frameId).sort();
  const labels = runLabels(detail);
  const key = `${detail.run.id}:${epoch}:${labelSpecId(labels)}:${frames.join(',')}`;

  useEffect(() => {
    if (epoch === null) return;
    let cancelled = false;
    void Promise.all(frames.map((frameId) => loadRow(detail, labels, epoch, frameId))).then(
      (loaded) => { if (!cancelled) { setRows(loaded); setError(null); } },
      (e: Error) => { if (!cancelled) setError(e.message); },
    );
    return () => { cancelled = true; };
    // `key` names everything the rows depend on.
  }, [key]);

  if (epoch === null) return <p className="empty">Sample predictions appear after the first epoch.</p>;
  return (
    <section className="sample-strip" data-testid="sample-strip">
      <header className="strip-header">
        <h3>Sample predictions</h3>
        <label>Epoch <select value={epoch} onChange={(e) => setChosen(Number(e.target.value))} aria-label="Sample epoch">
          {epochs.map((e) => <option key={e} value={e}>{e}</option>)}
        </select></label>
        <span className="muted">photo · ground truth · prediction · error (red wrong, black ignored)</span>
      </header>
      {error && <p className="error">{error}</p>}
      {rows.map((row) => (
        <div className="strip-row" key={row.frameId} data-testid="strip-row">
          <BitmapCanvas bitmap={row.photo} width={row.width} height={row.height} title={row.frameId} />
          <PixelCanvas rgba={row.truth} width={row.width} height={row.height} title="ground truth" />
          <PixelCanvas rgba={row.prediction} width={row.width} height={row.height} title="prediction" />
          <PixelCanvas rgba={row.error} width={row.width} height={row.height} title={`${(row.errorShare * 100).toFixed(1)}% wrong`} />
          <span className="strip-caption">{row.frameId.split('/').pop()}<br />{(row.errorShare * 100).toFixed(1)}% of pixels wrong</span>
        </div>
      ))}
    </section>
  );
}

/** A frame's row, its truth rasterized and its prediction read back with the run's own labels. */
async function loadRow(detail: RunDetail, labels: LabelIndex, epoch: number, frameId: string): Promise<StripRow> {
  const root = detail.run.datasetRoot;
  const [truth, photo, predicted] = await Promise.all([
    frameTruth(root, frameId, labels), framePhoto(root, frameId), loadRunSample(detail.run.id, epoch, frameId, labels),
  ]);
  const { width, height, trainIds } = predicted;
  const truthIds = resampleNearest(truth.trainIds, truth.width, truth.height, width, height);
  const errors = errorMask(trainIds, truthIds);
  return {
    frameId, width, height, photo,
    truth: colorizeLabels(truthIds, truth.colorByTrainId),
    prediction: colorizeLabels(trainIds, labels.colorByTrainId),
    error: errorImage(errors.mask, truthIds),
    errorShare: errors.total === 0 ? 0 : errors.count / errors.total,
  };
}

const WRONG_RGB = [255, 64, 64];
const RIGHT_RGB = [34, 38, 46];
const IGNORED_RGB = [0, 0, 0];

/** Wrong pixels red, right ones dark grey, those the ground truth ignores black. */
function errorImage(wrong: Uint8Array, truth: Uint8Array): Uint8ClampedArray {
  const rgba = new Uint8ClampedArray(wrong.length * 4);
  for (let p = 0; p < wrong.length; p++) {
    rgba.set(truth[p] === IGNORE_TRAIN_ID ? IGNORED_RGB : wrong[p] ? WRONG_RGB : RIGHT_RGB, p * 4);
    rgba[p * 4 + 3] = 255;
  }
  return rgba;
}

function PixelCanvas({ rgba, width, height, title }: { rgba: Uint8ClampedArray; width: number; height: number; title: string }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    canvas.current!.getContext('2d')!.putImageData(new ImageData(new Uint8ClampedArray(rgba), width, height), 0, 0);
  }, [rgba, width, height]);
  return <canvas ref={canvas} width={width} height={height} title={title} className="strip-image pixelated" />;
}

function BitmapCanvas({ bitmap, width, height, title }: { bitmap: ImageBitmap | null; width: number; height: number; title: string }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const context = canvas.current!.getContext('2d')!;
    if (bitmap) context.drawImage(bitmap, 0, 0, width, height);
  }, [bitmap, width, height]);
  return <canvas ref={canvas} width={width} height={height} title={title} className="strip-image" />;
}
