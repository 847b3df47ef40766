import * as tf from '@tensorflow/tfjs-core';

/**
 * Gradients of Sum and Mean: dy broadcast to the input's shape by a product with ones made by
 * the backend's Fill. tfjs-core's fill their ones element by element in JavaScript and copy them
 * to the backend, a few hundred ms a step for the BatchNorm moments of a U-Net on wasm; Tile
 * (tf.broadcastTo) is slower still there.
 */
function reductionGradient(kernelName: typeof tf.Sum | typeof tf.Mean): tf.GradConfig {
  return {
    kernelName,
    inputsToSave: ['x'],
    gradFunc: (dy, saved, attrs) => {
      const [x] = saved;
      const axes = tf.util.parseAxisParam((attrs as unknown as tf.SumAttrs).axis, x.shape);
      const keptShape = x.shape.map((size, axis) => (axes.includes(axis) ? 1 : size));
      const count = axes.reduce((product, axis) => product * x.shape[axis], 1);
      return {
        x: () => {
          const perElement = kernelName === tf.Mean ? tf.div(dy as tf.Tensor, count) : (dy as tf.Tensor);
          return tf.mul(tf.reshape(perElement, keptShape), tf.fill(x.shape, 1, 'float32'));
        },
      };
    },
  };
}

export const sumGradient = reductionGradient(tf.Sum);
export const meanGradient = reductionGradient(tf.Mean);
