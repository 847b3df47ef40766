import type { ConfusionMatrix } from './confusion';

/**
 * One class's scores from the confusion matrix, each null where it is undefined. A class absent
 * from both ground truth and prediction is not evaluated: every score is null, not 0 (or a
 * specificity of 1), so it cannot drag a mean either way.
 */
export interface ClassMetrics {
  /** Ground truth of this class predicted as it. */
  readonly truePositives: number;
  /** Predicted as this class, ground truth another (counted) class. */
  readonly falsePositives: number;
  /** Ground truth of this class predicted as another class. */
  readonly falseNegatives: number;
  /** Neither ground truth nor prediction is this class. */
  readonly trueNegatives: number;
  readonly isEvaluated: boolean;
  /** TP / (TP + FP + FN). */
  readonly iou: number | null;
  /** 2TP / (2TP + FP + FN), the F1 score. */
  readonly dice: number | null;
  /** TP / (TP + FN): the share of this class's pixels labelled right; the same number as `sensitivity`. */
  readonly accuracy: number | null;
  /** TP / (TP + FN), recall; null when the class is only predicted, never in the ground truth. */
  readonly sensitivity: number | null;
  /** TN / (TN + FP). */
  readonly specificity: number | null;
}

export type AveragedMetric = 'iou' | 'dice' | 'accuracy' | 'sensitivity' | 'specificity';

export interface SegmentationMetrics {
  /** Indexed by class (row) number. */
  readonly classes: readonly ClassMetrics[];
  /** Correct pixels / counted pixels over all classes; null when nothing was counted. */
  readonly pixelAccuracy: number | null;
  /** Each score averaged over the classes where it is not null; null when it is null for all. */
  readonly means: Readonly<Record<AveragedMetric, number | null>>;
  /** Classes present in the ground truth or the prediction. */
  readonly evaluatedClasses: number;
}

const AVERAGED: readonly AveragedMetric[] = ['iou', 'dice', 'accuracy', 'sensitivity', 'specificity'];

export function computeSegmentationMetrics(matrix: ConfusionMatrix): SegmentationMetrics {
  const total = matrix.total();
  const classes: ClassMetrics[] = [];
  let correct = 0;
  for (let c = 0; c < matrix.numClasses; c++) {
    const tp = matrix.get(c, c);
    correct += tp;
    classes.push(classMetrics(tp, matrix.columnSum(c) - tp, matrix.rowSum(c) - tp, total));
  }
  const means = Object.fromEntries(AVERAGED.map((metric) => [metric, meanOfDefined(classes.map((m) => m[metric]))])) as Record<AveragedMetric, number | null>;
  return {
    classes,
    pixelAccuracy: ratio(correct, total),
    means,
    evaluatedClasses: classes.filter((m) => m.isEvaluated).length,
  };
}

function classMetrics(tp: number, fp: number, fn: number, total: number): ClassMetrics {
  const tn = total - tp - fp - fn;
  const isEvaluated = tp + fp + fn > 0;
  const counts = { truePositives: tp, falsePositives: fp, falseNegatives: fn, trueNegatives: tn, isEvaluated };
  if (!isEvaluated) return { ...counts, iou: null, dice: null, accuracy: null, sensitivity: null, specificity: null };
  const sensitivity = ratio(tp, tp + fn);
  return {
    ...counts,
    iou: ratio(tp, tp + fp + fn),
    dice: ratio(2 * tp, 2 * tp + fp + fn),
    accuracy: sensitivity,
    sensitivity,
    specificity: ratio(tn, tn + fp),
  };
}

function ratio(numerator: number, denominator: number): number | null {
  return denominator > 0 ? numerator / denominator : null;
}

/** The mean of the non-null values, null when there are none. */
export function meanOfDefined(values: Iterable<number | null>): number | null {
  let sum = 0;
  let count = 0;
  for (const value of values) {
    if (value === null) continue;
    sum += value;
    count++;
  }
  return count > 0 ? sum / count : null;
}
