import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { initEngine } from '../engine/init-engine';
import { randomValues, seededRandom, wasmErrorAgainstCpu } from '../testing/backend-parity';

// A float32 sum of 10⁴ terms in another order; the cpu backend is the reference.
const TOLERANCE = 1e-5;

beforeAll(async () => {
  await initEngine({ backend: 'wasm', env: {} });
});

describe('wasm Sum and Mean match cpu', () => {
  it.each([
    ['over batch and space (BatchNorm, bias gradients)', [4, 32, 24, 19], [0, 1, 2], false],
    ['with keepDims', [2, 5, 7, 3], [0, 1, 2], true],
    ['over the first axis only', [6, 5, 4], [0], false],
    ['over every axis', [3, 4, 5], [0, 1, 2], false],
    ['given as negative axes', [2, 3, 4], [-3, -2], false],
    ['over inner axes (the replaced kernel)', [2, 3, 4, 5], [1, 3], true],
    ['over the last axis (the replaced kernel)', [3, 4, 5], [2], false],
  ] as Array<[string, number[], number[], boolean]>)('%s', async (_, shape, axes, keepDims) => {
    const values = randomValues(shape, seededRandom(9));
    const compute = () => {
      const x = tf.tensor(values, shape);
      return [tf.sum(x, axes, keepDims), tf.mean(x, axes, keepDims)];
    };
    expect(await wasmErrorAgainstCpu(compute)).toBeLessThan(TOLERANCE);
  });

  it('keeps int32 sums exact', async () => {
    const compute = () => tf.sum(tf.reshape(tf.range(0, 24, 1, 'int32'), [2, 3, 4]), [0, 1]);
    expect(await wasmErrorAgainstCpu(compute)).toBe(0);
  });
});
