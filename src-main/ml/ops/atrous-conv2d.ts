import * as tf from '@tensorflow/tfjs-core';
import { convAxes, filterGradient, inputGradient, type ConvKind } from '../conv-gradients/gradients';
import type { Pair } from '../conv-gradients/tensor-ops';
import { TfjsOps } from '../conv-gradients/tfjs-ops';
import type { DilatedFilterGradientAttrs } from '../kernels/conv2d-backprop-filter';
import { simdKernelsFor } from '../simd/simd-kernels';

export type AtrousPadding = 'same' | 'valid';
type Shape4 = [number, number, number, number];

/**
 * conv2d with dilation `rate` and stride 1 that can be trained on any backend:
 * tfjs-core rejects gradients of dilated convolutions (tf.conv2d, tf.fused.conv2d
 * and so tfjs-layers' Conv2D with dilationRate), so this op brings its own.
 */
export function atrousConv2d(x: tf.Tensor4D, filter: tf.Tensor4D, rate: number | Pair, pad: AtrousPadding): tf.Tensor4D {
  return dilatedConv('regular', x, filter, rate, pad);
}

/** depthwiseConv2d with dilation `rate` and stride 1 that can be trained on any backend; filter [kh, kw, C, multiplier]. */
export function atrousDepthwiseConv2d(
  x: tf.Tensor4D, filter: tf.Tensor4D, rate: number | Pair, pad: AtrousPadding,
): tf.Tensor4D {
  return dilatedConv('depthwise', x, filter, rate, pad);
}

function dilatedConv(kind: ConvKind, x: tf.Tensor4D, filter: tf.Tensor4D, rate: number | Pair, pad: AtrousPadding) {
  const dilations: Pair = typeof rate === 'number' ? [rate, rate] : rate;
  const forward = (input: tf.Tensor4D, weights: tf.Tensor4D) =>
    kind === 'regular'
      ? tf.conv2d(input, weights, 1, pad, 'NHWC', dilations)
      : tf.depthwiseConv2d(input, weights, 1, pad, 'NHWC', dilations);
  if (dilations[0] === 1 && dilations[1] === 1) return forward(x, filter);
  const withGradient = tf.customGrad((...args: Array<tf.Tensor | tf.GradSaveFunc>) => {
    const [input, weights, save] = args as [tf.Tensor4D, tf.Tensor4D, tf.GradSaveFunc];
    save([input, weights]);
    return {
      value: forward(input, weights),
      gradFunc: (dy: tf.Tensor4D, [savedInput, savedWeights]: tf.Tensor[]) => {
        const info = tf.backend_util.computeConv2DInfo(
          savedInput.shape as [number, number, number, number],
          savedWeights.shape as [number, number, number, number],
          1, dilations, pad, undefined, kind === 'depthwise',
        );
        const ops = new TfjsOps();
        const axes = convAxes(info);
        const filterGrad = simdKernelsFor(tf.backend()) !== undefined
          ? dilatedFilterGradientKernel(kind, savedInput, dy, savedWeights.shape as Shape4, dilations, pad)
          : filterGradient(ops, kind, savedInput, dy, axes) as tf.Tensor;
        return [inputGradient(ops, kind, dy, savedWeights, savedInput.shape, axes) as tf.Tensor, filterGrad];
      },
    };
  });
  return withGradient(x, filter) as tf.Tensor4D;
}

/**
 * On wasm with our SIMD module, the registered filter-gradient kernels (ours) take dilation as it
 * comes; the cpu backend's ignore it, so elsewhere the gradient is composed.
 */
function dilatedFilterGradientKernel(
  kind: ConvKind, x: tf.Tensor, dy: tf.Tensor, filterShape: Shape4, dilations: Pair, pad: AtrousPadding,
): tf.Tensor {
  const attrs: DilatedFilterGradientAttrs = { strides: 1, pad, dataFormat: 'NHWC', filterShape, dilations };
  const kernel = kind === 'regular' ? tf.Conv2DBackpropFilter : tf.DepthwiseConv2dNativeBackpropFilter;
  return tf.engine().runKernel(kernel, { x, dy }, attrs as unknown as tf.NamedAttrMap) as tf.Tensor;
}
