import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { initEngine } from '../engine/init-engine';
import { randomValues, seededRandom } from '../testing/backend-parity';

/** Runs `compute` on a backend and reads every output exactly, with its shape and dtype. */
async function outputsOn(backend: string, compute: () => tf.Tensor | tf.Tensor[]) {
  await tf.setBackend(backend);
  const outputs = tf.tidy(compute);
  const list = Array.isArray(outputs) ? outputs : [outputs];
  const read = list.map((t) => ({ shape: t.shape, dtype: t.dtype, values: Array.from(t.dataSync() as ArrayLike<number>) }));
  tf.dispose(list);
  return read;
}

async function expectSameOnWasmAsCpu(compute: () => tf.Tensor | tf.Tensor[]): Promise<void> {
  expect(await outputsOn('wasm', compute)).toEqual(await outputsOn('cpu', compute));
}

function floats(shape: number[], seed = 3): tf.Tensor {
  return tf.tensor(randomValues(shape, seededRandom(seed)), shape);
}

beforeAll(async () => {
  await initEngine({ backend: 'wasm', env: {} });
});

describe('wasm copy kernels match cpu exactly', () => {
  it.each([
    ['channel range of NHWC', [2, 5, 6, 7], [0, 1, 2, 3], [2, 3, 4, 2]],
    ['single channel', [2, 5, 6, 7], [1, 0, 0, 4], [1, 5, 6, 1]],
    ['whole rows (long runs)', [3, 9, 64, 2], [1, 2, 0, 0], [2, 5, 64, 2]],
    ['columns, crop of axis 2', [4, 7, 66, 32], [0, 0, 1, 0], [4, 7, 64, 32]],
    ['rank 5, inner axis', [2, 3, 4, 2, 5], [0, 1, 0, 1, 0], [2, 2, 4, 1, 5]],
    ['rank 6', [2, 2, 3, 2, 2, 3], [1, 0, 1, 0, 1, 1], [1, 2, 2, 2, 1, 2]],
    ['rank 1', [17], [3], [9]],
    ['empty', [4, 5], [1, 2], [0, 3]],
  ])('Slice: %s', async (_, shape, begin, size) => {
    await expectSameOnWasmAsCpu(() => tf.slice(floats(shape), begin, size));
  });

  it.each([
    ['the phase axis of the upsampling gradient', [2, 6, 4, 2, 8], 3],
    ['a row-phase axis', [2, 3, 2, 5, 4], 2],
    ['the first axis', [3, 4, 5], 0],
    ['the last axis', [3, 4, 5], 2],
  ])('Unpack along %s', async (_, shape, axis) => {
    await expectSameOnWasmAsCpu(() => tf.unstack(floats(shape), axis));
  });

  it.each([
    ['channels of a concat gradient', [2, 5, 6, 48], [16, 32], 3],
    ['rows, uneven', [2, 7, 3, 4], [2, 1, 4], 1],
    ['batch', [4, 3, 3, 2], [1, 3], 0],
  ])('SplitV: %s', async (_, shape, sizes, axis) => {
    await expectSameOnWasmAsCpu(() => tf.split(floats(shape), sizes, axis));
  });

  it.each([
    ['channels (U-Net skip)', [[2, 5, 6, 16], [2, 5, 6, 32]], 3],
    ['rows', [[2, 2, 3, 4], [2, 5, 3, 4], [2, 1, 3, 4]], 1],
    ['batch', [[1, 3, 3, 2], [3, 3, 3, 2]], 0],
    ['with an empty part', [[2, 3, 0], [2, 3, 4]], 2],
  ])('Concat along %s', async (_, shapes, axis) => {
    await expectSameOnWasmAsCpu(() => tf.concat((shapes as number[][]).map((s, i) => floats(s, i + 5)), axis as number));
  });

  it.each([
    ['the taps of a 3×3 filter', [3, 3, 4, 5], [0, 1]],
    ['the innermost axis', [2, 3, 7], [2]],
    ['every axis', [2, 3, 4], [0, 1, 2]],
    ['a middle axis', [2, 3, 4, 2], [1]],
    ['no axis', [3, 2], []],
  ])('Reverse of %s', async (_, shape, dims) => {
    await expectSameOnWasmAsCpu(() => tf.reverse(floats(shape), dims));
  });

  it('copies int32 and bool tensors', async () => {
    await expectSameOnWasmAsCpu(() => {
      const ints = tf.reshape(tf.range(0, 60, 1, 'int32'), [3, 4, 5]);
      const bools = tf.greater(ints, 29);
      return [tf.slice(ints, [1, 1, 1], [2, 2, 3]), ...tf.unstack(bools, 1), tf.concat([bools, bools], 2), ...tf.split(ints, [2, 3], 2), tf.reverse(ints, [0, 2])];
    });
  });

  it('keeps string slices working through the replaced kernel', async () => {
    await tf.setBackend('wasm');
    const words = tf.tensor(['a', 'b', 'c', 'd', 'e', 'f'], [2, 3], 'string');
    expect(await tf.slice(words, [0, 1], [2, 2]).array()).toEqual([['b', 'c'], ['e', 'f']]);
  });
});
