import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { initEngine } from '../engine/init-engine';
import { randomValues, scaledError, seededRandom } from '../testing/backend-parity';
import { batchNormTraining, batchNormTrainingAvailable } from './batch-norm-training';

const TOLERANCE = 2e-5;
const EPSILON = 1e-3;

beforeAll(async () => {
  await initEngine({ backend: 'wasm', env: {} });
});

/**
 * y, mean, variance and the gradients for x, γ and β of Σ y·r + Σ mean·u + Σ variance·v (so the
 * statistics' own gradients are exercised too), by `normalize`.
 */
function outputsAndGradients(
  shape: number[], normalize: (x: tf.Tensor, gamma: tf.Tensor, beta: tf.Tensor) => tf.Tensor[], mean = 0,
): Float32Array[] {
  const random = seededRandom(17);
  const channels = shape[shape.length - 1];
  // An offset mean puts the statistics' float32 cancellation to the test.
  const x = tf.tidy(() => tf.add(tf.tensor(randomValues(shape, random), shape), mean));
  const gamma = tf.tensor(randomValues([channels], random), [channels]);
  const beta = tf.tensor(randomValues([channels], random), [channels]);
  const r = tf.tensor(randomValues(shape, random), shape);
  const u = tf.tensor(randomValues([channels], random), [channels]);
  const v = tf.tensor(randomValues([channels], random), [channels]);
  const loss = (xs: tf.Tensor, g: tf.Tensor, b: tf.Tensor) => {
    const [y, m, s] = normalize(xs, g, b);
    return tf.addN([tf.sum(tf.mul(y, r)), tf.sum(tf.mul(m, u)), tf.sum(tf.mul(s, v))]) as tf.Scalar;
  };
  const outputs = normalize(x, gamma, beta);
  const grads = tf.grads(loss)([x, gamma, beta]);
  const values = [...outputs, ...grads].map((t) => Float32Array.from(t.dataSync()));
  tf.dispose([x, gamma, beta, r, u, v, ...outputs, ...grads]);
  return values;
}

function stock(x: tf.Tensor, gamma: tf.Tensor, beta: tf.Tensor): tf.Tensor[] {
  const { mean, variance } = tf.moments(x, x.shape.map((_, i) => i).slice(0, -1));
  return [tf.batchNorm(x, mean, variance, beta, gamma, EPSILON), mean, variance];
}

function fused(x: tf.Tensor, gamma: tf.Tensor, beta: tf.Tensor): tf.Tensor[] {
  return batchNormTraining(x, gamma, beta, EPSILON);
}

const NAMES = ['y', 'mean', 'variance', 'dx', 'dγ', 'dβ'];

describe('fused BatchNorm training kernel on wasm', () => {
  it('runs here', () => {
    expect(batchNormTrainingAvailable()).toBe(true);
  });

  it.each([
    ['16 channels (SIMD lanes only), 297 pixels (blocks of 64 and a remainder)', [3, 9, 11, 16], 0],
    ['6 channels (a scalar tail), one image', [1, 5, 7, 6], 0],
    ['3 channels, rank 2', [200, 3], 0],
    ['8 channels around a mean of 50', [2, 16, 16, 8], 50],
  ])('matches tf.moments + tf.batchNorm and their gradients: %s', (_, shape, mean) => {
    const expected = outputsAndGradients(shape as number[], stock, mean as number);
    const actual = outputsAndGradients(shape as number[], fused, mean as number);
    actual.forEach((values, i) => {
      expect(scaledError(expected[i], values), NAMES[i]).toBeLessThan(TOLERANCE);
    });
  });

  it('leaves no tensors or wasm buffers behind', () => {
    const before = { tensors: tf.memory().numTensors, buffers: tf.backend().numDataIds() };
    outputsAndGradients([2, 4, 4, 8], fused);
    expect({ tensors: tf.memory().numTensors, buffers: tf.backend().numDataIds() }).toEqual(before);
  });
});
