import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { initEngine } from '../engine/init-engine';
import { randomValues, seededRandom, wasmErrorAgainstCpu } from '../testing/backend-parity';

type T4 = tf.Tensor4D;
type Shape4 = [number, number, number, number];

// Overlapping windows add several dy values into one dx in another order; a wrongly routed one would be off by ~1.
const TOLERANCE = 1e-6;

beforeAll(async () => {
  await initEngine({ backend: 'wasm', env: {} });
});

function poolGradient(values: Float32Array, shape: Shape4, filter: number, stride: number, pad: 'same' | 'valid' | number) {
  const r = randomValues(tf.maxPool(tf.zeros(shape) as T4, filter, stride, pad).shape, seededRandom(5));
  return () => {
    const x = tf.tensor(values, shape) as T4;
    const pooled = tf.maxPool(x, filter, stride, pad);
    return tf.grad((t: tf.Tensor) => tf.sum(tf.mul(tf.maxPool(t as T4, filter, stride, pad), tf.tensor(r, pooled.shape))))(x);
  };
}

describe('MaxPoolGrad on wasm matches cpu', () => {
  it.each([
    ['2×2, stride 2 (U-Net)', [2, 8, 10, 3], 2, 2, 'valid'],
    ['2×2, stride 2, odd size', [1, 7, 9, 2], 2, 2, 'valid'],
    ['3×3, stride 2, same (ResNet stem)', [2, 9, 11, 3], 3, 2, 'same'],
    ['3×3, stride 1, same (overlapping windows)', [1, 6, 7, 4], 3, 1, 'same'],
    ['3×3, stride 2, padding 1', [1, 8, 8, 2], 3, 2, 1],
  ] as Array<[string, Shape4, number, number, 'same' | 'valid' | number]>)('%s', async (_, shape, filter, stride, pad) => {
    const values = randomValues(shape, seededRandom(3));
    expect(await wasmErrorAgainstCpu(poolGradient(values, shape, filter, stride, pad))).toBeLessThan(TOLERANCE);
  });

  it('sends a tied window to its first maximum, as cpu does', async () => {
    const shape: Shape4 = [1, 4, 6, 2];
    const values = Float32Array.from({ length: 48 }, (_, i) => Math.floor(i / 7) % 3);
    expect(await wasmErrorAgainstCpu(poolGradient(values, shape, 2, 2, 'valid'))).toBeLessThan(TOLERANCE);
    expect(await wasmErrorAgainstCpu(poolGradient(values, shape, 3, 1, 'same'))).toBeLessThan(TOLERANCE);
  });
});
