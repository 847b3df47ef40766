import * as tf from '@tensorflow/tfjs-core';
import type { LabelIndex } from '../../../src-shared/labels';

/** A large negative logit: an output it is added to never wins an argmax. */
const NEVER = -1e9;

/**
 * Which of a spec's `numClasses` outputs a label claims; null when every one is (no gaps in its train
 * ids), which is the common case and costs nothing.
 */
export function claimedOutputs(labels: LabelIndex): readonly boolean[] | null {
  const claimed = Array.from({ length: labels.numClasses }, (_, trainId) => labels.byTrainId.has(trainId));
  return claimed.every(Boolean) ? null : claimed;
}

/**
 * The class of each pixel of N×H×W×C logits: the argmax over the outputs a label claims. Outputs in a
 * spec's train-id gaps are trained towards no pixel; never predicting them keeps metrics, colour masks
 * and label ids to the spec's own classes. Call inside `tf.tidy`.
 */
export function predictedClasses(logits: tf.Tensor4D, claimed: readonly boolean[] | null): tf.Tensor3D {
  if (claimed === null) return tf.argMax(logits, 3);
  if (claimed.length !== logits.shape[3]) throw new Error(`the model has ${logits.shape[3]} outputs but its label spec ${claimed.length}`);
  return tf.argMax(tf.add(logits, tf.tensor1d(claimed.map((isClaimed) => (isClaimed ? 0 : NEVER)))), 3);
}
