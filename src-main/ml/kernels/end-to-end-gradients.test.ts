import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { beforeAll, describe, expect, it } from 'vitest';
import { initEngine } from '../engine/init-engine';
import { randomValues, seededRandom, wasmErrorAgainstCpu } from '../testing/backend-parity';

const TOLERANCE = 1e-5;

type T4 = tf.Tensor4D;
type Shape4 = [number, number, number, number];

/** Gradients of Σ f(x, w) · r with respect to x and w, with r fixed random weights so every output matters. */
function weightedGradients(
  xShape: Shape4, wShape: Shape4, f: (x: T4, w: T4) => tf.Tensor, seed: number,
): () => tf.Tensor[] {
  const random = seededRandom(seed);
  const x = randomValues(xShape, random);
  const w = randomValues(wShape, random);
  return () => {
    const xs = tf.tensor(x, xShape) as T4;
    const ws = tf.tensor(w, wShape) as T4;
    const r = tf.tensor(randomValues(f(xs, ws).shape, seededRandom(seed + 1)), f(xs, ws).shape);
    return tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(f(a as T4, b as T4), r)))([xs, ws]);
  };
}

beforeAll(async () => {
  await initEngine({ backend: 'wasm', env: {} });
});

describe('tf.grad on wasm matches cpu', () => {
  it.each([
    ['conv2d, stride 1, same', [2, 9, 11, 3], [3, 3, 3, 4], (x: T4, w: T4) => tf.conv2d(x, w, 1, 'same')],
    ['conv2d, stride 2, valid', [2, 10, 9, 3], [3, 3, 3, 4], (x: T4, w: T4) => tf.conv2d(x, w, 2, 'valid')],
    ['conv2d with bias and relu (fused)', [2, 8, 8, 3], [3, 3, 3, 4],
      (x: T4, w: T4) => tf.fused.conv2d({ x, filter: w, strides: 1, pad: 'same', bias: tf.ones([4]), activation: 'relu' })],
    ['depthwiseConv2d, multiplier 2, stride 2', [2, 9, 11, 3], [3, 3, 3, 2],
      (x: T4, w: T4) => tf.depthwiseConv2d(x, w, 2, 'same')],
    ['conv2dTranspose 2×2, stride 2', [2, 5, 6, 4], [2, 2, 3, 4],
      (x: T4, w: T4) => tf.conv2dTranspose(x, w, [2, 10, 12, 3], 2, 'valid')],
    ['conv2dTranspose 3×3, stride 2, same', [1, 5, 5, 4], [3, 3, 2, 4],
      (x: T4, w: T4) => tf.conv2dTranspose(x, w, [1, 10, 10, 2], 2, 'same')],
  ] as Array<[string, Shape4, Shape4, (x: T4, w: T4) => tf.Tensor]>)('%s', async (_, xShape, wShape, f) => {
    expect(await wasmErrorAgainstCpu(weightedGradients(xShape, wShape, f, 21))).toBeLessThan(TOLERANCE);
  });
});

/**
 * Every op a U-Net or DeepLabv3+ training step uses, once: conv + bias, batch norm
 * from batch moments, relu, max-pool, depthwise conv, strided conv, global average
 * pooling, bilinear upsampling, transposed conv, concat, add, dropout, softmax cross-entropy.
 */
function segmentationLoss(p: Record<string, tf.Tensor>, x: T4, labels: tf.Tensor): tf.Scalar {
  const batchNorm = (t: T4, gamma: tf.Tensor, beta: tf.Tensor) => {
    const { mean, variance } = tf.moments(t, [0, 1, 2]);
    return tf.batchNorm(t, mean, variance, beta, gamma, 1e-5) as T4;
  };
  const e1 = tf.relu(batchNorm(tf.add(tf.conv2d(x, p.w1 as T4, 1, 'same'), p.b1) as T4, p.gamma, p.beta)) as T4;
  const pooled = tf.maxPool(e1, 2, 2, 'same');
  const e2 = tf.relu(tf.depthwiseConv2d(pooled, p.depthwise as T4, 1, 'same')) as T4;
  const strided = tf.conv2d(e2, p.w2 as T4, 2, 'same');
  const imagePool = tf.image.resizeBilinear(tf.mean(strided, [1, 2], true) as T4, [4, 4]);
  const aspp = tf.add(strided, imagePool) as T4;
  const upsampled = tf.image.resizeBilinear(aspp, [8, 8], false, true);
  const transposed = tf.conv2dTranspose(aspp, p.transposed as T4, [2, 8, 8, 5], 2, 'same');
  const dropped = tf.dropout(tf.concat([upsampled, transposed, e2], 3), 0.1, undefined, 7) as T4;
  const decoder = tf.concat([tf.image.resizeBilinear(dropped, [16, 16]), e1], 3) as T4;
  const logits = tf.add(tf.conv2d(decoder, p.head as T4, 1, 'valid'), p.headBias);
  return tf.losses.softmaxCrossEntropy(labels, logits) as tf.Scalar;
}

const segmentationShapes: Record<string, number[]> = {
  w1: [3, 3, 3, 4], b1: [4], gamma: [4], beta: [4], depthwise: [3, 3, 4, 2], w2: [3, 3, 8, 6],
  transposed: [3, 3, 5, 6], head: [1, 1, 6 + 5 + 8 + 4, 5], headBias: [5],
};

describe('a segmentation training step on wasm', () => {
  it('has every gradient kernel it needs, matching cpu', async () => {
    const random = seededRandom(31);
    const names = Object.keys(segmentationShapes);
    const values = names.map((name) => randomValues(segmentationShapes[name], random));
    const image = randomValues([2, 16, 16, 3], random);
    const classes = Array.from({ length: 2 * 16 * 16 }, (_, i) => (i * 7) % 5);
    const error = await wasmErrorAgainstCpu(() => {
      const params = names.map((name, i) => tf.tensor(values[i], segmentationShapes[name]));
      const labels = tf.reshape(tf.oneHot(tf.tensor1d(classes, 'int32'), 5), [2, 16, 16, 5]);
      const loss = (...p: tf.Tensor[]) =>
        segmentationLoss(Object.fromEntries(names.map((name, i) => [name, p[i]])), tf.tensor(image, [2, 16, 16, 3]) as T4, labels);
      return tf.grads(loss)(params);
    });
    expect(error).toBeLessThan(TOLERANCE);
  });

  it('trains a tfjs-layers conv → batch norm → relu → 1×1 conv → softmax model with Adam', async () => {
    await tf.setBackend('wasm');
    const random = seededRandom(41);
    const model = tfl.sequential({
      layers: [
        tfl.layers.conv2d({ inputShape: [12, 12, 3], filters: 8, kernelSize: 3, padding: 'same', kernelInitializer: tfl.initializers.glorotUniform({ seed: 1 }) }),
        tfl.layers.batchNormalization({ momentum: 0.9, epsilon: 1e-5 }),
        tfl.layers.reLU(),
        tfl.layers.conv2d({ filters: 4, kernelSize: 1, kernelInitializer: tfl.initializers.glorotUniform({ seed: 2 }) }),
        tfl.layers.softmax({ axis: -1 }),
      ],
    });
    model.compile({ optimizer: tf.train.adam(0.01), loss: 'categoricalCrossentropy' });
    const x = tf.tensor(randomValues([4, 12, 12, 3], random), [4, 12, 12, 3]);
    const classes = tf.tensor1d(Array.from({ length: 4 * 12 * 12 }, (_, i) => (i % 12 < 6 ? 0 : 1) + 2 * (i % 2)), 'int32');
    const y = tf.reshape(tf.oneHot(classes, 4), [4, 12, 12, 4]);
    const losses: number[] = [];
    for (let step = 0; step < 15; step++) losses.push(Number(await model.trainOnBatch(x, y)));
    expect(losses.every(Number.isFinite)).toBe(true);
    expect(losses.every((loss, step) => step === 0 || loss < losses[step - 1])).toBe(true);
    expect(losses[losses.length - 1]).toBeLessThan(0.9 * losses[0]);
    tf.dispose([x, y, classes]);
    model.dispose();
  });
});
