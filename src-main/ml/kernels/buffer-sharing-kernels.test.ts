import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { initEngine } from '../engine/init-engine';

beforeAll(async () => {
  await initEngine({ backend: 'wasm', env: {} });
  await tf.setBackend('wasm');
});

describe('Identity on wasm', () => {
  it('shares the buffer, which lives until the last reference goes', async () => {
    const buffersBefore = tf.backend().numDataIds();
    const x = tf.tensor([1, 2, 3, 4], [2, 2]);
    const copy = tf.clone(x);
    expect(tf.backend().numDataIds()).toBe(buffersBefore + 1);
    x.dispose();
    expect(await copy.data()).toEqual(new Float32Array([1, 2, 3, 4]));
    copy.dispose();
    expect(tf.backend().numDataIds()).toBe(buffersBefore);
  });

  it('keeps strings working through the replaced kernel', async () => {
    expect(await tf.clone(tf.tensor(['a', 'b'])).array()).toEqual(['a', 'b']);
  });
});

describe('Cast on wasm', () => {
  it('shares the buffer when the dtype does not change', async () => {
    const buffersBefore = tf.backend().numDataIds();
    const x = tf.tensor([1.5, -2]);
    const same = tf.cast(x, 'float32');
    expect(tf.backend().numDataIds()).toBe(buffersBefore + 1);
    x.dispose();
    expect(await same.data()).toEqual(new Float32Array([1.5, -2]));
    same.dispose();
    expect(tf.backend().numDataIds()).toBe(buffersBefore);
  });

  it('converts between dtypes through the replaced kernel', async () => {
    expect(await tf.cast(tf.tensor([1.7, -2.2, 0]), 'int32').array()).toEqual([1, -2, 0]);
  });
});
