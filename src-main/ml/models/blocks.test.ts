import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { beforeAll, describe, expect, it } from 'vitest';
import { initEngine } from '../engine/init-engine';
import { conv2d, type ConvSpec } from './blocks';

beforeAll(async () => {
  await initEngine({ backend: 'wasm', env: {} });
});

/** conv2d(spec) as a one-layer model against tf.conv2d with PyTorch's explicit symmetric padding. */
function errorAgainstPyTorchPadding(inputShape: [number, number, number], spec: ConvSpec): number {
  const input = tfl.input({ shape: inputShape });
  const model = tfl.model({ inputs: input, outputs: conv2d(input, spec) });
  const [kernel, bias] = model.getWeights();
  const { stride = 1, dilation = 1, padding = 0 } = spec;
  return tf.tidy(() => {
    const x = tf.randomNormal([2, ...inputShape], 0, 1, 'float32', 5) as tf.Tensor4D;
    const expected = tf.add(tf.conv2d(x, kernel as tf.Tensor4D, stride, padding, 'NHWC', dilation), bias);
    const actual = model.predict(x) as tf.Tensor;
    const error = tf.util.arraysEqual(actual.shape, expected.shape) ? tf.max(tf.abs(tf.sub(actual, expected))).dataSync()[0] : Infinity;
    model.dispose();
    return error;
  });
}

describe('conv2d pads like PyTorch', () => {
  it('symmetrically for a strided 3×3 conv (padding 1), where tfjs "same" pads only the bottom and right', () => {
    expect(errorAgainstPyTorchPadding([8, 10, 3], { name: 'c', filters: 4, kernelSize: 3, stride: 2, padding: 1 })).toBeLessThan(1e-5);
  });

  it('for the 7×7 stride-2 ResNet stem (padding 3)', () => {
    expect(errorAgainstPyTorchPadding([12, 8, 3], { name: 'c', filters: 2, kernelSize: 7, stride: 2, padding: 3 })).toBeLessThan(1e-5);
  });

  it('for a dilation-3 conv with padding 1, which shrinks the map by 4 (DDU-Net)', () => {
    expect(errorAgainstPyTorchPadding([12, 11, 2], { name: 'c', filters: 3, kernelSize: 3, dilation: 3, padding: 1 })).toBeLessThan(1e-5);
  });
});
