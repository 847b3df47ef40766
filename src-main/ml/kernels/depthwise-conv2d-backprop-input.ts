import {
  backend_util,
  DepthwiseConv2dNativeBackpropInput,
  type DepthwiseConv2dNativeBackpropInputAttrs,
  type KernelConfig,
} from '@tensorflow/tfjs-core';
import { convAxes, inputGradient } from '../conv-gradients/gradients';
import { composedKernel } from './backend-ops';

export function depthwiseConv2dBackpropInputKernel(backendName: string): KernelConfig {
  return composedKernel(DepthwiseConv2dNativeBackpropInput, backendName, (ops, inputs, attrs) => {
    const { dy, filter } = inputs;
    const { strides, dilations, pad, dimRoundingMode, inputShape } =
      attrs as unknown as DepthwiseConv2dNativeBackpropInputAttrs;
    const info = backend_util.computeConv2DInfo(
      inputShape, filter.shape as [number, number, number, number], strides, dilations, pad, dimRoundingMode, true,
    );
    return inputGradient(ops, 'depthwise', dy, filter, inputShape, convAxes(info));
  });
}
