import {
  backend_util,
  DepthwiseConv2dNativeBackpropFilter,
  type DepthwiseConv2dNativeBackpropFilterAttrs,
  type KernelConfig,
} from '@tensorflow/tfjs-core';
import { convAxes, filterGradient } from '../conv-gradients/gradients';
import { composedKernel } from './backend-ops';

export function depthwiseConv2dBackpropFilterKernel(backendName: string): KernelConfig {
  return composedKernel(DepthwiseConv2dNativeBackpropFilter, backendName, (ops, inputs, attrs) => {
    const { x, dy } = inputs;
    const { strides, dilations, pad, dimRoundingMode, filterShape } =
      attrs as unknown as DepthwiseConv2dNativeBackpropFilterAttrs;
    const info = backend_util.computeConv2DInfo(
      x.shape as [number, number, number, number], filterShape, strides, dilations, pad, dimRoundingMode, true,
    );
    return filterGradient(ops, 'depthwise', x, dy, convAxes(info));
  });
}
