import { describe, expect, it } from 'vitest';
import { computeSegmentationMetrics } from './class-metrics';
import { ConfusionMatrix } from './confusion';

// Rows are ground truth, columns prediction. Class 2 is never predicted, class 3 appears nowhere,
// class 4 is predicted but never in the ground truth. 18 pixels in all, 11 on the diagonal.
const ROWS = [
  [5, 1, 0, 0, 2],
  [2, 6, 0, 0, 0],
  [1, 1, 0, 0, 0],
  [0, 0, 0, 0, 0],
  [0, 0, 0, 0, 0],
];

function matrixOf(rows: number[][]): ConfusionMatrix {
  const matrix = new ConfusionMatrix(rows.length);
  rows.forEach((row, gt) => row.forEach((count, pred) => matrix.addCount(gt, pred, count)));
  return matrix;
}

describe('computeSegmentationMetrics', () => {
  const metrics = computeSegmentationMetrics(matrixOf(ROWS));
  const [c0, c1, c2, c3, c4] = metrics.classes;

  it('derives TP, FP, FN and TN per class', () => {
    expect(c0).toMatchObject({ truePositives: 5, falsePositives: 3, falseNegatives: 3, trueNegatives: 7 });
    expect(c4).toMatchObject({ truePositives: 0, falsePositives: 2, falseNegatives: 0, trueNegatives: 16 });
  });

  it('computes IoU, Dice, accuracy (= recall), sensitivity and specificity', () => {
    expect(c0.iou).toBeCloseTo(5 / 11, 12);
    expect(c0.dice).toBeCloseTo(10 / 16, 12);
    expect(c0.accuracy).toBeCloseTo(5 / 8, 12);
    expect(c0.sensitivity).toBeCloseTo(5 / 8, 12);
    expect(c0.specificity).toBeCloseTo(7 / 10, 12);
    expect(c1).toMatchObject({ iou: 0.6, dice: 0.75, accuracy: 0.75, sensitivity: 0.75, specificity: 0.8 });
  });

  it('scores a missed class 0, and a class only predicted 0 with no sensitivity', () => {
    expect(c2).toMatchObject({ isEvaluated: true, iou: 0, dice: 0, sensitivity: 0, specificity: 1 });
    expect(c4).toMatchObject({ isEvaluated: true, iou: 0, dice: 0, accuracy: null, sensitivity: null });
    expect(c4.specificity).toBeCloseTo(16 / 18, 12);
  });

  it('reports a class absent from ground truth and prediction as n/a, not 0 or 1', () => {
    expect(c3).toMatchObject({ isEvaluated: false, iou: null, dice: null, accuracy: null, sensitivity: null, specificity: null });
    expect(metrics.evaluatedClasses).toBe(4);
  });

  it('averages each score over the classes where it is defined', () => {
    expect(metrics.pixelAccuracy).toBeCloseTo(11 / 18, 12);
    expect(metrics.means.iou).toBeCloseTo((5 / 11 + 0.6 + 0 + 0) / 4, 12);
    expect(metrics.means.dice).toBeCloseTo((0.625 + 0.75 + 0 + 0) / 4, 12);
    expect(metrics.means.sensitivity).toBeCloseTo((5 / 8 + 0.75 + 0) / 3, 12);
    expect(metrics.means.accuracy).toBe(metrics.means.sensitivity);
    expect(metrics.means.specificity).toBeCloseTo((0.7 + 0.8 + 1 + 16 / 18) / 4, 12);
  });

  it('gives n/a everywhere for an empty matrix', () => {
    const empty = computeSegmentationMetrics(new ConfusionMatrix(19, { ignoreValue: 255 }));
    expect(empty.pixelAccuracy).toBeNull();
    expect(empty.means).toEqual({ iou: null, dice: null, accuracy: null, sensitivity: null, specificity: null });
  });
});
