import {
  backend_util,
  Conv2DBackpropFilter,
  type Conv2DBackpropFilterAttrs,
  type KernelConfig,
} from '@tensorflow/tfjs-core';
import { convAxes, filterGradient } from '../conv-gradients/gradients';
import { simdKernelsFor } from '../simd/simd-kernels';
import { composedKernel } from './backend-ops';
import { toChannelsLast } from './channels-last';
import { simdFilterGradient } from './simd-filter-gradient';

/** tfjs's attributes plus `dilations`, which tfjs-core never passes (it refuses dilated gradients) and our atrous convolution does. */
export type DilatedFilterGradientAttrs = Conv2DBackpropFilterAttrs & { dilations?: number | [number, number] };

/**
 * The wasm backend has no Conv2DBackpropFilter. On a SIMD wasm engine ours runs in our own SIMD
 * module; elsewhere it is composed from the backend's forward convolution. Both honour `dilations`.
 */
export function conv2dBackpropFilterKernel(backendName: string): KernelConfig {
  return composedKernel(Conv2DBackpropFilter, backendName, (ops, inputs, attrs) => {
    const { x, dy } = inputs;
    const { strides, pad, dataFormat, dimRoundingMode, filterShape, dilations = 1 } = attrs as unknown as DilatedFilterGradientAttrs;
    const info = backend_util.computeConv2DInfo(
      x.shape as [number, number, number, number], filterShape, strides, dilations, pad, dimRoundingMode, false,
      backend_util.convertConv2DDataFormat(dataFormat),
    );
    const xNhwc = toChannelsLast(ops, x, dataFormat);
    const dyNhwc = toChannelsLast(ops, dy, dataFormat);
    const simd = simdKernelsFor(ops.backend);
    if (simd !== undefined) return simdFilterGradient(ops, simd, xNhwc, dyNhwc, info);
    return ops.reshape(filterGradient(ops, 'regular', xNhwc, dyNhwc, convAxes(info)), filterShape);
  });
}
