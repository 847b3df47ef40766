import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { ConfusionMatrix } from '../../../src-shared/metrics';
import { IGNORE_TRAIN_ID, type LabelIndex } from '../../../src-shared/labels';
import { segmentationLoss, type LossConfig } from './losses';
import { claimedOutputs, predictedClasses } from './predicted-classes';
import { batchTensors, type StepBatch } from './training-step';

export interface ValidationBatch extends StepBatch {
  readonly ids: readonly string[];
}

export interface ValidationResult {
  readonly matrix: ConfusionMatrix;
  /** Mean over the batches, weighted by their sizes. */
  readonly loss: number;
}

/** A frame's predicted train ids, offered for sample PNGs. */
export type PredictionListener = (frameId: string, prediction: Uint8Array, height: number, width: number) => Promise<void>;

/**
 * Runs the model over every val batch, accumulating one confusion matrix over the spec's `numClasses`
 * (255 ignored; outputs no label claims never predicted) and the loss.
 */
export async function validate(
  model: tfl.LayersModel, batches: AsyncIterable<ValidationBatch>, labels: LabelIndex, loss: LossConfig, onPrediction?: PredictionListener,
): Promise<ValidationResult> {
  const matrix = new ConfusionMatrix(labels.numClasses, { ignoreValue: IGNORE_TRAIN_ID });
  const claimed = claimedOutputs(labels);
  let lossSum = 0;
  let frames = 0;
  for await (const batch of batches) {
    const { images, labels } = batchTensors(batch);
    const [batchLoss, predicted] = tf.tidy(() => {
      const logits = model.apply(images, { training: false }) as tf.Tensor4D;
      return [segmentationLoss(logits, labels, loss).dataSync()[0], predictedClasses(logits, claimed).dataSync() as Int32Array] as const;
    });
    tf.dispose([images, labels]);
    const prediction = Uint8Array.from(predicted);
    matrix.add(batch.labels, prediction);
    lossSum += batchLoss * batch.count;
    frames += batch.count;
    if (onPrediction) {
      const pixels = batch.height * batch.width;
      for (let i = 0; i < batch.count; i++) await onPrediction(batch.ids[i], prediction.subarray(i * pixels, (i + 1) * pixels), batch.height, batch.width);
    }
  }
  return { matrix, loss: frames > 0 ? lossSum / frames : Number.NaN };
}
