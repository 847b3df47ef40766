import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { initEngine } from '../engine/init-engine';
import { segmentationLoss } from './losses';

beforeAll(async () => {
  await initEngine({ backend: 'wasm', env: {} });
});

// One image of 1×3 pixels, 3 classes; the last pixel is ignored.
const LOGITS = [[[[2, 0, 0], [0, 1, 0], [5, 5, 5]]]];
const LABELS = [[[0, 2, 255]]];

function lossOf(config: Parameters<typeof segmentationLoss>[2], logits = LOGITS, labels = LABELS): number {
  return tf.tidy(() => segmentationLoss(tf.tensor4d(logits), tf.tensor3d(labels, undefined, 'int32'), config).dataSync()[0]);
}

function logSoftmax(row: number[]): number[] {
  const log = Math.log(row.reduce((sum, v) => sum + Math.exp(v), 0));
  return row.map((v) => v - log);
}

describe('segmentation losses', () => {
  it('cross-entropy averages -log p over the pixels that are not 255', () => {
    const expected = -(logSoftmax([2, 0, 0])[0] + logSoftmax([0, 1, 0])[2]) / 2;
    expect(lossOf({ name: 'cross-entropy' })).toBeCloseTo(expected, 5);
  });

  it('cross-entropy with class weights is the weighted mean', () => {
    const a = -logSoftmax([2, 0, 0])[0];
    const b = -logSoftmax([0, 1, 0])[2];
    expect(lossOf({ name: 'cross-entropy', classWeights: [1, 1, 3] })).toBeCloseTo((a + 3 * b) / 4, 5);
  });

  it('focal with gamma 0 equals cross-entropy, and a larger gamma lowers it', () => {
    const ce = lossOf({ name: 'cross-entropy' });
    expect(lossOf({ name: 'focal', gamma: 0 })).toBeCloseTo(ce, 6);
    expect(lossOf({ name: 'focal', gamma: 2 })).toBeLessThan(ce);
    expect(lossOf({ name: 'focal', gamma: 0, alpha: 0.25 })).toBeCloseTo(0.25 * ce, 6);
  });

  it('dice is 1 − mean soft Dice with +1 smoothing, over counted pixels only', () => {
    const p0 = logSoftmax([2, 0, 0]).map(Math.exp);
    const p1 = logSoftmax([0, 1, 0]).map(Math.exp);
    const target = [[1, 0, 0], [0, 0, 1]];
    const dice = [0, 1, 2].map((c) => {
      const overlap = p0[c] * target[0][c] + p1[c] * target[1][c];
      const total = p0[c] + p1[c] + target[0][c] + target[1][c];
      return (2 * overlap + 1) / (total + 1);
    });
    expect(lossOf({ name: 'dice' })).toBeCloseTo(1 - (dice[0] + dice[1] + dice[2]) / 3, 5);
  });

  it('has gradients on wasm that vanish at ignored pixels', () => {
    const grad = tf.tidy(() => {
      const labels = tf.tensor3d(LABELS, undefined, 'int32');
      return tf.grad((logits: tf.Tensor) => segmentationLoss(logits as tf.Tensor4D, labels, { name: 'focal' }))(tf.tensor4d(LOGITS)).arraySync() as number[][][][];
    });
    expect(grad[0][0][2]).toEqual([0, 0, 0]);
    expect(Math.abs(grad[0][0][0][0])).toBeGreaterThan(0);
  });
});
