import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-layers';
import { beforeAll, describe, expect, it } from 'vitest';
import { initEngine } from '../engine/init-engine';
import { randomValues, scaledError, seededRandom, valuesOn } from '../testing/backend-parity';
import { meanGradient, sumGradient } from './reduction-gradients';

// Captured before initEngine replaces them: tfjs-layers' import above registered tfjs-core's gradients.
const tfjsCoreGradients = { Sum: tf.getGradient(tf.Sum)!, Mean: tf.getGradient(tf.Mean)! };

const TOLERANCE = 1e-6;

/** Gradient of Σ reduce(x)·r, with r fixed random weights so every output matters. */
function reductionGradient(reduce: typeof tf.sum, shape: number[], axes: number[], keepDims: boolean): () => tf.Tensor {
  const x = randomValues(shape, seededRandom(17));
  return () => {
    const xs = tf.tensor(x, shape);
    const outShape = reduce(xs, axes, keepDims).shape;
    const r = tf.tensor(randomValues(outShape, seededRandom(19)), outShape);
    return tf.grad((t: tf.Tensor) => tf.sum(tf.mul(reduce(t, axes, keepDims), r)))(xs);
  };
}

async function valuesWith(gradients: tf.GradConfig[], backend: string, compute: () => tf.Tensor): Promise<Float32Array> {
  gradients.forEach((g) => tf.registerGradient(g));
  return (await valuesOn(backend, compute))[0];
}

beforeAll(async () => {
  await initEngine({ backend: 'wasm', env: {} });
});

describe('Sum and Mean gradients', () => {
  it('replace tfjs-core gradients once the engine starts', () => {
    expect(tf.getGradient(tf.Sum)).toBe(sumGradient);
    expect(tf.getGradient(tf.Mean)).toBe(meanGradient);
  });

  it.each([
    ['per-channel statistics of NHWC activations', [2, 5, 6, 3], [0, 1, 2], false],
    ['a middle axis with keepDims', [3, 4, 5], [1], true],
    ['every axis', [4, 3], [0, 1], false],
    ['the last axis (softmax cross-entropy)', [2, 3, 7], [2], false],
  ] as Array<[string, number[], number[], boolean]>)('match tfjs-core on cpu and wasm: %s', async (_, shape, axes, keepDims) => {
    for (const reduce of [tf.sum, tf.mean]) {
      const compute = reductionGradient(reduce, shape, axes, keepDims);
      const expected = await valuesWith([tfjsCoreGradients.Sum, tfjsCoreGradients.Mean], 'cpu', compute);
      for (const backend of ['cpu', 'wasm']) {
        expect(scaledError(expected, await valuesWith([sumGradient, meanGradient], backend, compute))).toBeLessThan(TOLERANCE);
      }
    }
  });
});
