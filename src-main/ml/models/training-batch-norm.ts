import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import type { Kwargs } from '@tensorflow/tfjs-layers/dist/types';
import type { BatchNormalization } from '@tensorflow/tfjs-layers/dist/layers/normalization';
import { batchNormTraining, batchNormTrainingAvailable } from '../kernels/batch-norm-training';

// tfjs-layers exports the factory, not the class: take the class from an instance.
const BatchNormalizationBase = tfl.layers.batchNormalization({}).constructor as typeof BatchNormalization;

/** The fields of tfjs-layers' BatchNormalization this subclass reads (private in its typings). */
interface BatchNormFields {
  axis: number;
  momentum: number;
  epsilon: number;
  center: boolean;
  scale: boolean;
  gamma: tfl.LayerVariable;
  beta: tfl.LayerVariable;
  movingMean: tfl.LayerVariable;
  movingVariance: tfl.LayerVariable;
}

/**
 * tfjs-layers' BatchNormalization, except that in training over the last axis on wasm it runs our
 * fused kernel (batch statistics, normalization and the moving averages' inputs in two passes, its
 * gradient in two more). It keeps the class name, so saved models and checkpoints are unchanged
 * and loading one builds this class; inference, other axes and other backends take the stock path.
 */
export class TrainingBatchNormalization extends BatchNormalizationBase {
  static override className = 'BatchNormalization';

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: Kwargs): tf.Tensor | tf.Tensor[] {
    const fields = this as unknown as BatchNormFields;
    const input = Array.isArray(inputs) ? inputs[0] : inputs;
    const lastAxis = fields.axis === -1 || fields.axis === input.rank - 1;
    if (kwargs.training !== true || !lastAxis || !fields.center || !fields.scale || !batchNormTrainingAvailable()) {
      return super.call(inputs, kwargs);
    }
    return tf.tidy(() => {
      const [y, mean, variance] = batchNormTraining(input, fields.gamma.read(), fields.beta.read(), fields.epsilon);
      updateMovingAverage(fields.movingMean, mean, fields.momentum);
      updateMovingAverage(fields.movingVariance, variance, fields.momentum);
      return y;
    });
  }
}
tf.serialization.registerClass(TrainingBatchNormalization);

/** As tfjs-layers does: moving ← moving − (moving − value)·(1 − momentum). */
function updateMovingAverage(variable: tfl.LayerVariable, value: tf.Tensor, momentum: number): void {
  tf.tidy(() => {
    const previous = variable.read();
    variable.write(tf.sub(previous, tf.mul(tf.sub(previous, value), 1 - momentum)));
  });
}
