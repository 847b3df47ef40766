import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { beforeAll, describe, expect, it } from 'vitest';
import { initEngine } from '../engine/init-engine';
import { buildModel } from './registry';
import type { ModelConfig } from './types';

const BATCH = 2;
const CLASSES = 5;

const smallModels: Array<[string, ModelConfig]> = [
  ['unet', { arch: 'unet', inputHeight: 64, inputWidth: 64, numClasses: CLASSES, width: 8 }],
  ['r2unet', { arch: 'r2unet', inputHeight: 64, inputWidth: 64, numClasses: CLASSES, width: 8 }],
  ['ddunet (256x256 only)', { arch: 'ddunet', inputHeight: 256, inputWidth: 256, numClasses: CLASSES, width: 4 }],
  ['deeplabv3plus resnet18', { arch: 'deeplabv3plus', inputHeight: 64, inputWidth: 64, numClasses: CLASSES, width: 8, backbone: 'resnet18' }],
  ['deeplabv3plus resnet50, one decoder conv', {
    arch: 'deeplabv3plus', inputHeight: 64, inputWidth: 64, numClasses: CLASSES, width: 4, decoderConvs: 1,
  }],
  ['deeplabv3plus mobilenetv2, output stride 8', {
    arch: 'deeplabv3plus', inputHeight: 64, inputWidth: 64, numClasses: CLASSES, width: 16, backbone: 'mobilenetv2', outputStride: 8,
  }],
];

beforeAll(async () => {
  await initEngine({ backend: 'wasm', env: {} });
});

function randomBatch(config: ModelConfig): { images: tf.Tensor4D; labels: tf.Tensor4D } {
  const images = tf.randomNormal([BATCH, config.inputHeight, config.inputWidth, config.inChannels ?? 3], 0, 1, 'float32', 1) as tf.Tensor4D;
  const classes = tf.randomUniform([BATCH, config.inputHeight, config.inputWidth], 0, CLASSES, 'int32', 2);
  const labels = tf.cast(tf.oneHot(classes as tf.Tensor3D, CLASSES), 'float32') as tf.Tensor4D;
  classes.dispose();
  return { images, labels };
}

/** One Adam step on the softmax cross-entropy of the logits; returns the loss. */
function trainOneStep(
  model: tfl.LayersModel, images: tf.Tensor4D, labels: tf.Tensor4D, optimizer = tf.train.adam(1e-3),
): number {
  const variables = model.trainableWeights.map((weight) => weight.read() as tf.Variable);
  const loss = optimizer.minimize(
    () => tf.losses.softmaxCrossEntropy(labels, model.apply(images, { training: true }) as tf.Tensor) as tf.Scalar,
    true,
    variables,
  )!;
  const value = loss.dataSync()[0];
  loss.dispose();
  return value;
}

describe('every architecture at a small width, on wasm', () => {
  it.each(smallModels)('%s: outputs logits at the input resolution and takes a training step', (_, config) => {
    const model = buildModel(config);
    const { images, labels } = randomBatch(config);
    try {
      const logits = model.predict(images) as tf.Tensor;
      expect(logits.shape).toEqual([BATCH, config.inputHeight, config.inputWidth, CLASSES]);
      logits.dispose();

      const before = model.trainableWeights.map((weight) => weight.read().dataSync().slice());
      const optimizer = tf.train.adam(1e-3);
      const loss = trainOneStep(model, images, labels, optimizer);
      optimizer.dispose();
      expect(Number.isFinite(loss)).toBe(true);
      const unchanged = model.trainableWeights
        .filter((weight, i) => tf.util.arraysEqual(weight.read().dataSync(), before[i]))
        .map((weight) => weight.name);
      expect(unchanged).toEqual([]);
    } finally {
      tf.dispose([images, labels]);
      model.dispose();
    }
  });
});

/** Smooth random images labelled by their strongest channel: a pattern a segmentation net can fit. */
function learnableBatch(size: number, classes: number): { images: tf.Tensor4D; labels: tf.Tensor4D } {
  return tf.tidy(() => {
    const coarse = tf.randomNormal([BATCH, size / 8, size / 8, classes], 0, 1, 'float32', 4) as tf.Tensor4D;
    const images = tf.image.resizeBilinear(coarse, [size, size]);
    const labels = tf.cast(tf.oneHot(tf.argMax(images, 3) as tf.Tensor3D, classes), 'float32') as tf.Tensor4D;
    return { images, labels };
  });
}

describe('training on wasm', () => {
  it('fits one batch: the loss falls over a few steps (atrous convs, ASPP, bilinear upsampling)', () => {
    const model = buildModel({
      arch: 'deeplabv3plus', inputHeight: 32, inputWidth: 32, inChannels: 3, numClasses: 3, width: 8,
      backbone: 'resnet18', outputStride: 8, dropout: 0,
    });
    const { images, labels } = learnableBatch(32, 3);
    const optimizer = tf.train.adam(1e-2);
    const losses = Array.from({ length: 8 }, () => trainOneStep(model, images, labels, optimizer));
    expect(losses[7]).toBeLessThan(losses[0] * 0.7);
    tf.dispose([images, labels]);
    optimizer.dispose();
    model.dispose();
  });
});
