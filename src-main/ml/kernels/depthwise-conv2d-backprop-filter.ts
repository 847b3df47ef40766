import {
  backend_util,
  DepthwiseConv2dNativeBackpropFilter,
  type DepthwiseConv2dNativeBackpropFilterAttrs,
  type KernelConfig,
} from '@tensorflow/tfjs-core';
import { convAxes, filterGradient } from '../conv-gradients/gradients';
import { simdKernelsFor } from '../simd/simd-kernels';
import { composedKernel } from './backend-ops';
import { simdDepthwiseFilterGradient } from './simd-filter-gradient';

/** With multiplier 1 (MobileNetV2's) on a SIMD wasm engine, our SIMD kernel; otherwise composed from the backend's depthwise conv. */
export function depthwiseConv2dBackpropFilterKernel(backendName: string): KernelConfig {
  return composedKernel(DepthwiseConv2dNativeBackpropFilter, backendName, (ops, inputs, attrs) => {
    const { x, dy } = inputs;
    const { strides, dilations, pad, dimRoundingMode, filterShape } =
      attrs as unknown as DepthwiseConv2dNativeBackpropFilterAttrs;
    const info = backend_util.computeConv2DInfo(
      x.shape as [number, number, number, number], filterShape, strides, dilations, pad, dimRoundingMode, true,
    );
    const simd = simdKernelsFor(ops.backend);
    if (simd !== undefined && filterShape[3] === 1) return simdDepthwiseFilterGradient(ops, simd, x, dy, info);
    return filterGradient(ops, 'depthwise', x, dy, convAxes(info));
  });
}
