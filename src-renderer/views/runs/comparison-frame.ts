import type { LabelIndex } from '../../../src-shared/labels';
import { colorizeLabels } from '../../canvas/colorize';
import { framePhoto, frameTruth } from '../../canvas/frame-truth';
import { disagreementMask, errorMask, resampleNearest, type PixelMask } from '../../canvas/prediction-masks';
import { loadRunSample } from '../../canvas/run-sample';

export interface RunPrediction {
  readonly runId: number;
  readonly epoch: number;
  readonly trainIds: Uint8Array;
  readonly rgba: Uint8ClampedArray;
  /** Null when the ground truth could not be read. */
  readonly error: PixelMask | null;
}

export interface ComparisonFrame {
  readonly datasetRoot: string;
  readonly frameId: string;
  /** The grid every pane draws on: the largest prediction's size. */
  readonly width: number;
  readonly height: number;
  /** The frame's own size, to map a pane pixel back to the annotation. */
  readonly fullWidth: number;
  readonly fullHeight: number;
  readonly truth: { readonly trainIds: Uint8Array; readonly rgba: Uint8ClampedArray } | null;
  readonly truthProblem: string | null;
  readonly photo: ImageBitmap | null;
  readonly predictions: readonly RunPrediction[];
  readonly disagreement: PixelMask;
}

export interface ComparisonPick {
  readonly runId: number;
  readonly epoch: number;
  /** The run's labels: its prediction is read and coloured with them. */
  readonly labels: LabelIndex;
}

/**
 * Every run's prediction for one val frame, with the ground truth, per-run errors and where the runs
 * disagree, on one grid. The runs must predict the same classes (`haveSameClasses`); the truth is
 * rasterized with the first run's labels.
 */
export async function loadComparisonFrame(datasetRoot: string, frameId: string, picks: readonly ComparisonPick[]): Promise<ComparisonFrame> {
  const [loaded, truth, photo] = await Promise.all([
    Promise.all(picks.map(async ({ runId, epoch, labels }) => ({ runId, epoch, labels, ...(await loadRunSample(runId, epoch, frameId, labels)) }))),
    frameTruth(datasetRoot, frameId, picks[0].labels).catch((error: Error) => error),
    framePhoto(datasetRoot, frameId).catch(() => null),
  ]);
  const largest = loaded.reduce((a, b) => (b.width * b.height > a.width * a.height ? b : a));
  const { width, height } = largest;
  const truthIds = truth instanceof Error ? null : resampleNearest(truth.trainIds, truth.width, truth.height, width, height);
  const predictions = loaded.map((p) => {
    const trainIds = resampleNearest(p.trainIds, p.width, p.height, width, height);
    return {
      runId: p.runId, epoch: p.epoch, trainIds,
      rgba: colorizeLabels(trainIds, p.labels.colorByTrainId),
      error: truthIds ? errorMask(trainIds, truthIds) : null,
    };
  });
  return {
    datasetRoot, frameId, width, height,
    fullWidth: truth instanceof Error ? width : truth.width,
    fullHeight: truth instanceof Error ? height : truth.height,
    truth: truthIds && !(truth instanceof Error) ? { trainIds: truthIds, rgba: colorizeLabels(truthIds, truth.colorByTrainId) } : null,
    truthProblem: truth instanceof Error ? truth.message : null,
    photo,
    predictions,
    disagreement: disagreementMask(predictions.map((p) => p.trainIds)),
  };
}
