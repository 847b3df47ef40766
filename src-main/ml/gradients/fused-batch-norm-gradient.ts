import * as tf from '@tensorflow/tfjs-core';

/**
 * The gradient of FusedBatchNorm (tf.batchNorm, tfjs-layers' BatchNormalization)
 * without tfjs-core's Tile of 1/σ to the full activation shape, which cost more
 * than the convolution gradients in a U-Net training step on wasm. With
 * S = Σ dy·(x − μ) and D = Σ dy over the reduced axes, r = 1/√(σ² + ε), γ = scale:
 * dx = dy·rγ, dμ = −rγ·D, dσ² = −½r³γ·S, dγ = r·S, dβ = D.
 */
export const fusedBatchNormGradient: tf.GradConfig = {
  kernelName: tf.FusedBatchNorm,
  inputsToSave: ['x', 'mean', 'variance', 'scale'],
  gradFunc: (dy, saved, attrs) => {
    const dyTensor = dy as tf.Tensor;
    const { varianceEpsilon } = attrs as unknown as tf.FusedBatchNormAttrs;
    const [x, mean, variance, scale] = saved;
    const gamma = scale ?? tf.scalar(1);
    const axes = tf.backend_util.getReductionAxes(mean.shape, x.shape);
    const reduce = (t: tf.Tensor) => tf.reshape(axes.length > 0 ? tf.sum(t, axes) : t, mean.shape);
    const invStd = tf.rsqrt(tf.add(variance, tf.scalar(varianceEpsilon)));
    const invStdTimesGamma = tf.mul(invStd, gamma);
    // Shared by several closures, so made here: the tape runs each closure in its own tidy.
    const dyTimesCentered = reduce(tf.mul(dyTensor, tf.sub(x, mean)));
    const dyTotal = reduce(dyTensor);
    return {
      x: () => tf.mul(dyTensor, invStdTimesGamma),
      mean: () => tf.reshape(tf.mul(tf.neg(invStdTimesGamma), dyTotal), mean.shape),
      variance: () => {
        const minusHalfInvStdCubed = tf.mul(tf.mul(tf.square(invStd), invStd), tf.scalar(-0.5));
        return tf.reshape(tf.mul(tf.mul(minusHalfInvStdCubed, gamma), dyTimesCentered), mean.shape);
      },
      scale: () => tf.reshape(tf.mul(invStd, dyTimesCentered), scale.shape),
      offset: () => tf.clone(dyTotal),
    };
  },
};
