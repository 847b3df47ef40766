import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { segmentationLoss, type LossConfig } from './losses';
import type { TrainingOptimizer } from './optimizers';

/** Images [N, H, W, 3] (normalized) and train ids [N, H, W] as the loader delivers them. */
export interface StepBatch {
  readonly count: number;
  readonly height: number;
  readonly width: number;
  readonly images: Float32Array;
  readonly labels: Uint8Array;
}

export function batchTensors(batch: StepBatch): { images: tf.Tensor4D; labels: tf.Tensor3D } {
  const { count, height, width } = batch;
  return {
    images: tf.tensor4d(batch.images, [count, height, width, 3]),
    labels: tf.tensor3d(Int32Array.from(batch.labels), [count, height, width], 'int32'),
  };
}

/** One optimizer step on a batch; returns the loss before the step. */
export function trainStep(model: tfl.LayersModel, optimizer: TrainingOptimizer, batch: StepBatch, loss: LossConfig): number {
  const { images, labels } = batchTensors(batch);
  try {
    const variables = model.trainableWeights.map((weight) => weight.read() as tf.Variable);
    return optimizer.minimize(() => trainingLoss(model, images, labels, loss), variables);
  } finally {
    tf.dispose([images, labels]);
  }
}

/** The loss on a batch and its gradient for each of `variables`, without an optimizer step. */
export function lossGradients(model: tfl.LayersModel, variables: tf.Variable[], batch: StepBatch, loss: LossConfig): { loss: number; gradients: tf.Tensor[] } {
  const { images, labels } = batchTensors(batch);
  try {
    const { value, grads } = tf.variableGrads(() => trainingLoss(model, images, labels, loss), variables);
    const lossValue = value.dataSync()[0];
    value.dispose();
    return { loss: lossValue, gradients: variables.map((variable) => grads[variable.name]) };
  } finally {
    tf.dispose([images, labels]);
  }
}

function trainingLoss(model: tfl.LayersModel, images: tf.Tensor4D, labels: tf.Tensor3D, loss: LossConfig): tf.Scalar {
  return segmentationLoss(model.apply(images, { training: true }) as tf.Tensor4D, labels, loss);
}
