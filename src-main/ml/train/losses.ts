import * as tf from '@tensorflow/tfjs-core';

export const LOSS_NAMES = ['cross-entropy', 'focal', 'dice'] as const;
export type LossName = (typeof LOSS_NAMES)[number];

export interface LossConfig {
  readonly name: LossName;
  /** Pixels with this train id count for nothing; default 255. */
  readonly ignoreIndex?: number;
  /** One weight per class (cross-entropy and focal); default all 1. */
  readonly classWeights?: readonly number[];
  /** 'enet': weights 1 / ln(1.02 + share) from the train labels, computed when training starts (overrides classWeights). */
  readonly classWeighting?: 'enet';
  /** focal: (1 − p)^gamma down-weights easy pixels; default 2. */
  readonly gamma?: number;
  /** focal: a constant factor on every pixel's loss, as in seed 000; default 1. */
  readonly alpha?: number;
}

const EPSILON = 1e-7;

/**
 * The mean loss over the counted pixels of a batch. `logits` is [N, H, W, C]; `labels` is [N, H, W]
 * int32 train ids, where the ignore index (or any id ≥ C) counts for nothing.
 */
export function segmentationLoss(logits: tf.Tensor4D, labels: tf.Tensor3D, config: LossConfig): tf.Scalar {
  return tf.tidy(() => {
    const numClasses = logits.shape[3];
    const ignoreIndex = config.ignoreIndex ?? 255;
    // oneHot gives an all-zero row for ids outside 0..C-1, so ignored pixels drop out of every sum.
    const safeLabels = tf.where(tf.equal(labels, ignoreIndex), tf.fill(labels.shape, numClasses, 'int32'), labels);
    const target = tf.oneHot(safeLabels, numClasses) as tf.Tensor4D;
    switch (config.name) {
      case 'cross-entropy':
        return focalLoss(logits, target, config, 0, 1);
      case 'focal':
        return focalLoss(logits, target, config, config.gamma ?? 2, config.alpha ?? 1);
      case 'dice':
        return diceLoss(logits, target);
    }
  });
}

/** α·(1 − p)^γ·(−log p) at each pixel's class, class-weighted, averaged over the counted pixels' weights; γ = 0, α = 1 is cross-entropy. */
function focalLoss(logits: tf.Tensor4D, target: tf.Tensor4D, config: LossConfig, gamma: number, alpha: number): tf.Scalar {
  const numClasses = logits.shape[3];
  const logProbabilities = tf.logSoftmax(logits);
  const targetLogP = tf.sum(tf.mul(target, logProbabilities), -1);
  const weights = config.classWeights ? tf.sum(tf.mul(target, classWeightTensor(config.classWeights, numClasses)), -1) : tf.sum(target, -1);
  let perPixel = tf.neg(targetLogP);
  if (gamma !== 0) perPixel = tf.mul(tf.pow(tf.sub(1, tf.exp(targetLogP)), gamma), perPixel);
  if (alpha !== 1) perPixel = tf.mul(alpha, perPixel);
  return tf.div(tf.sum(tf.mul(perPixel, weights)), tf.maximum(tf.sum(weights), EPSILON)) as tf.Scalar;
}

/** 1 − the mean over classes of soft Dice, 2·Σp·t / (Σp + Σt), over the counted pixels; classes absent from both score 1. */
function diceLoss(logits: tf.Tensor4D, target: tf.Tensor4D): tf.Scalar {
  const counted = tf.sum(target, -1, true);
  const probabilities = tf.mul(tf.softmax(logits), counted);
  const axes = [0, 1, 2];
  const overlap = tf.sum(tf.mul(probabilities, target), axes);
  const total = tf.add(tf.sum(probabilities, axes), tf.sum(target, axes));
  const dice = tf.div(tf.add(tf.mul(2, overlap), 1), tf.add(total, 1));
  return tf.sub(1, tf.mean(dice)) as tf.Scalar;
}

function classWeightTensor(weights: readonly number[], numClasses: number): tf.Tensor1D {
  if (weights.length !== numClasses) throw new Error(`loss: ${weights.length} class weights for ${numClasses} classes`);
  return tf.tensor1d(weights as number[], 'float32');
}
