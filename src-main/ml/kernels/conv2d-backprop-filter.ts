import {
  backend_util,
  Conv2DBackpropFilter,
  type Conv2DBackpropFilterAttrs,
  type KernelConfig,
} from '@tensorflow/tfjs-core';
import { convAxes, filterGradient } from '../conv-gradients/gradients';
import { composedKernel } from './backend-ops';
import { toChannelsLast } from './channels-last';

export function conv2dBackpropFilterKernel(backendName: string): KernelConfig {
  return composedKernel(Conv2DBackpropFilter, backendName, (ops, inputs, attrs) => {
    const { x, dy } = inputs;
    const { strides, pad, dataFormat, dimRoundingMode, filterShape } = attrs as unknown as Conv2DBackpropFilterAttrs;
    const info = backend_util.computeConv2DInfo(
      x.shape as [number, number, number, number], filterShape, strides, 1, pad, dimRoundingMode, false,
      backend_util.convertConv2DDataFormat(dataFormat),
    );
    const xNhwc = toChannelsLast(ops, x, dataFormat);
    const dyNhwc = toChannelsLast(ops, dy, dataFormat);
    return ops.reshape(filterGradient(ops, 'regular', xNhwc, dyNhwc, convAxes(info)), filterShape);
  });
}
