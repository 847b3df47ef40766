import {
  backend_util,
  Conv2DBackpropInput,
  type Conv2DBackpropInputAttrs,
  type KernelConfig,
} from '@tensorflow/tfjs-core';
import { convAxes, inputGradient } from '../conv-gradients/gradients';
import { composedKernel } from './backend-ops';
import { fromChannelsLast, toChannelsLast } from './channels-last';

/** Replaces the wasm backend's own Conv2DBackpropInput, a scalar loop several times slower than its XNNPACK Conv2D. */
export function conv2dBackpropInputKernel(backendName: string): KernelConfig {
  return composedKernel(Conv2DBackpropInput, backendName, (ops, inputs, attrs) => {
    const { dy, filter } = inputs;
    const { strides, pad, dataFormat, dimRoundingMode, inputShape } = attrs as unknown as Conv2DBackpropInputAttrs;
    const info = backend_util.computeConv2DInfo(
      inputShape, filter.shape as [number, number, number, number], strides, 1, pad, dimRoundingMode, false,
      backend_util.convertConv2DDataFormat(dataFormat),
    );
    const nhwcShape = [info.batchSize, info.inHeight, info.inWidth, info.inChannels];
    const dyNhwc = toChannelsLast(ops, dy, dataFormat);
    const dx = inputGradient(ops, 'regular', dyNhwc, filter, nhwcShape, convAxes(info));
    return fromChannelsLast(ops, dx, dataFormat);
  });
}
