import {
  backend_util,
  MaxPoolGrad,
  type KernelConfig,
  type KernelFunc,
  type MaxPoolGradAttrs,
  type TensorInfo,
} from '@tensorflow/tfjs-core';
import type { HeapBackend } from './heap-backend';

interface MaxPoolGradArgs {
  inputs: { dy: TensorInfo; input: TensorInfo };
  backend: HeapBackend;
  attrs: MaxPoolGradAttrs;
}

/**
 * Max-pool gradient as a scatter: each window's dy goes to the first position (row-major, as the
 * cpu backend picks it) holding the window's maximum. One pass over the windows, where the wasm
 * backend's kernel took ~25 ms for a U-Net's first pool (4×128×128×16).
 */
export function maxPoolGradKernel(backendName: string): KernelConfig {
  const kernelFunc = ({ inputs, backend, attrs }: MaxPoolGradArgs): TensorInfo => {
    const { dy, input } = inputs;
    const info = backend_util.computePool2DInfo(
      input.shape as [number, number, number, number], attrs.filterSize, attrs.strides, 1, attrs.pad, attrs.dimRoundingMode,
    );
    const dx = backend.makeOutput([...input.shape], input.dtype);
    const x = backend.typedArrayFromHeap(input);
    const dyValues = backend.typedArrayFromHeap(dy);
    const dxValues = backend.typedArrayFromHeap(dx);
    dxValues.fill(0);
    scatterToMaxima(x, dyValues, dxValues, info);
    return dx;
  };
  return { kernelName: MaxPoolGrad, backendName, kernelFunc: kernelFunc as unknown as KernelFunc };
}

type Values = Float32Array | Int32Array | Uint8Array;

function scatterToMaxima(x: Values, dy: Values, dx: Values, info: backend_util.Conv2DInfo): void {
  const { batchSize, inHeight, inWidth, inChannels: channels, outHeight, outWidth, strideHeight, strideWidth } = info;
  const { effectiveFilterHeight: filterHeight, effectiveFilterWidth: filterWidth, padInfo } = info;
  const rowStride = inWidth * channels;
  const imageStride = inHeight * rowStride;
  let out = 0;
  for (let n = 0; n < batchSize; n++) {
    for (let oy = 0; oy < outHeight; oy++) {
      const top = oy * strideHeight - padInfo.top;
      const rowBegin = Math.max(0, top);
      const rowEnd = Math.min(inHeight, top + filterHeight);
      for (let ox = 0; ox < outWidth; ox++) {
        const left = ox * strideWidth - padInfo.left;
        const colBegin = Math.max(0, left);
        const colEnd = Math.min(inWidth, left + filterWidth);
        for (let c = 0; c < channels; c++, out++) {
          let best = -Infinity;
          let bestAt = -1;
          for (let iy = rowBegin; iy < rowEnd; iy++) {
            for (let ix = colBegin; ix < colEnd; ix++) {
              const at = n * imageStride + iy * rowStride + ix * channels + c;
              if (x[at] > best) {
                best = x[at];
                bestAt = at;
              }
            }
          }
          if (bestAt >= 0) dx[bestAt] += dy[out];
        }
      }
    }
  }
}
