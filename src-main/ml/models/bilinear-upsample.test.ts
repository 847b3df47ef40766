import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { initEngine } from '../engine/init-engine';
import { randomValues, seededRandom, valuesOn } from '../testing/backend-parity';
import { upsampleBilinear } from './bilinear-upsample';

type Shape4 = [number, number, number, number];

beforeAll(async () => {
  await initEngine({ backend: 'wasm', env: {} });
});

describe('upsampleBilinear matches PyTorch F.interpolate(mode="bilinear", align_corners=False)', () => {
  it.each(['cpu', 'wasm'])('on %s: ×2 of a 2×2 map', async (backend) => {
    const [out] = await valuesOn(backend, () => upsampleBilinear(tf.tensor4d([1, 2, 3, 4], [1, 2, 2, 1]), [2, 2]));
    expect(Array.from(out)).toEqual([
      1, 1.25, 1.75, 2,
      1.5, 1.75, 2.25, 2.5,
      2.5, 2.75, 3.25, 3.5,
      3, 3.25, 3.75, 4,
    ]);
  });

  it.each(['cpu', 'wasm'])('on %s: ×4 along the width clamps at the edges', async (backend) => {
    const [out] = await valuesOn(backend, () => upsampleBilinear(tf.tensor4d([0, 4], [1, 1, 2, 1]), [1, 4]));
    expect(Array.from(out)).toEqual([0, 0, 0.5, 1.5, 2.5, 3.5, 4, 4]);
  });
});

describe('the gradient of upsampleBilinear is the exact transpose of its forward pass', () => {
  // <up(x), y> = <x, upᵀ(y)> for random x and y pins upᵀ = the gradient of Σ up(x)·y.
  it.each([
    ['×2, 2 images, 3 channels', [2, 3, 5, 3], [2, 2]],
    ['×4 (DeepLab decoder and head)', [1, 4, 3, 2], [4, 4]],
    ['×3 by ×1, odd factor', [1, 5, 2, 1], [3, 1]],
    ['from a 1×1 map', [2, 1, 1, 2], [2, 4]],
  ] as Array<[string, Shape4, [number, number]]>)('%s', async (_, shape, factor) => {
    for (const backend of ['cpu', 'wasm']) {
      for (const seed of [1, 2, 3]) {
        const random = seededRandom(seed);
        const x = randomValues(shape, random);
        const outShape: Shape4 = [shape[0], shape[1] * factor[0], shape[2] * factor[1], shape[3]];
        const y = randomValues(outShape, random);
        const [forward, adjoint] = await valuesOn(backend, () => {
          const xs = tf.tensor4d(x, shape);
          const ys = tf.tensor4d(y, outShape);
          const upsampledDotY = tf.sum(tf.mul(upsampleBilinear(xs, factor), ys));
          const gradient = tf.grad((input: tf.Tensor) => tf.sum(tf.mul(upsampleBilinear(input as tf.Tensor4D, factor), ys)))(xs);
          return [upsampledDotY, tf.sum(tf.mul(xs, gradient))];
        });
        expect(adjoint[0]).toBeCloseTo(forward[0], 4);
      }
    }
  });
});
