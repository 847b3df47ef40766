import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildLabelIndex, CITYSCAPES, type LabelSpec } from '../../../src-shared/labels';
import { initEngine } from '../engine/init-engine';
import { claimedOutputs, predictedClasses } from './predicted-classes';

beforeAll(async () => {
  await initEngine({ backend: 'wasm', env: {} });
});

// Train ids 0, 1 and 3: output 2 is claimed by no label.
const GAPPED: LabelSpec = {
  name: 'gapped', background: 'void',
  labels: [
    { name: 'void', id: 0, trainId: 255, category: 'void', categoryId: 0, hasInstances: false, ignoreInEval: true, color: [0, 0, 0] },
    { name: 'floor', id: 1, trainId: 0, category: 'flat', categoryId: 1, hasInstances: false, ignoreInEval: false, color: [1, 1, 1] },
    { name: 'wall', id: 2, trainId: 1, category: 'flat', categoryId: 1, hasInstances: false, ignoreInEval: false, color: [2, 2, 2] },
    { name: 'lamp', id: 3, trainId: 3, category: 'object', categoryId: 2, hasInstances: false, ignoreInEval: false, color: [3, 3, 3] },
  ],
};

describe('predicted classes', () => {
  it('never predicts an output in a gap of the spec\'s train ids', () => {
    const labels = buildLabelIndex(GAPPED);
    expect(labels.numClasses).toBe(4);
    expect(claimedOutputs(labels)).toEqual([true, true, false, true]);
    // Pixel 0 would be output 2; pixel 1 is output 3 either way.
    const logits = [[[[0, 1, 9, 2], [0, 0, 1, 5]]]];
    const classes = tf.tidy(() => Array.from(predictedClasses(tf.tensor4d(logits), claimedOutputs(labels)).dataSync()));
    expect(classes).toEqual([3, 3]);
  });

  it('is a plain argmax where every output is claimed', () => {
    expect(claimedOutputs(buildLabelIndex(CITYSCAPES))).toBeNull();
    const classes = tf.tidy(() => Array.from(predictedClasses(tf.tensor4d([[[[0, 1, 9, 2]]]]), null).dataSync()));
    expect(classes).toEqual([2]);
  });
});
