import type { backend_util, TensorInfo } from '@tensorflow/tfjs-core';
import type { SimdKernels } from '../simd/simd-kernels';
import type { BackendOps } from './backend-ops';
import type { HeapBackend } from './heap-backend';

/** The SIMD kernel's tile: 4 input channels × 8 output channels. */
const IN_CHANNEL_STEP = 4;
const OUT_CHANNEL_STEP = 8;
/** How many bytes of input and dy rows one block keeps in cache while every tile sweeps them. */
const BLOCK_BYTES = 64 * 1024;

/**
 * Filter gradient of an NHWC convolution by our SIMD kernel, straight from the wasm heap: about 3×
 * the throughput of XNNPACK running it as a convolution with the batch as channels. Channel counts
 * off the tile are padded with zeros, and the padded gradient cropped back.
 */
export function simdFilterGradient(
  ops: BackendOps, simd: SimdKernels, x: TensorInfo, dy: TensorInfo, info: backend_util.Conv2DInfo,
): TensorInfo {
  const { batchSize, inHeight, inWidth, inChannels, outHeight, outWidth, outChannels, filterHeight, filterWidth } = info;
  const inPadded = roundUp(inChannels, IN_CHANNEL_STEP);
  const outPadded = roundUp(outChannels, OUT_CHANNEL_STEP);
  const xPadded = ops.padLastAxis(x, inPadded - inChannels);
  const dyPadded = ops.padLastAxis(dy, outPadded - outChannels);
  const heap = ops.backend as HeapBackend;
  const grad = ops.adopt(heap.makeOutput([filterHeight, filterWidth, inPadded, outPadded], 'float32'));
  // Offsets are taken after every allocation: growing the heap detaches earlier views, not offsets.
  const gradValues = heap.typedArrayFromHeap(grad);
  gradValues.fill(0);
  const rowBytes = (inWidth * inPadded * info.strideHeight + outWidth * outPadded) * 4;
  simd.conv2dFilterGradient(
    heap.typedArrayFromHeap(xPadded).byteOffset, heap.typedArrayFromHeap(dyPadded).byteOffset, gradValues.byteOffset,
    batchSize, inHeight, inWidth, inPadded, outHeight, outWidth, outPadded,
    filterHeight, filterWidth, info.strideHeight, info.strideWidth, info.dilationHeight, info.dilationWidth,
    info.padInfo.top, info.padInfo.left, Math.max(1, Math.floor(BLOCK_BYTES / rowBytes)),
  );
  if (inPadded === inChannels && outPadded === outChannels) return grad;
  return ops.run('Slice', { x: grad }, { begin: [0, 0, 0, 0], size: [filterHeight, filterWidth, inChannels, outChannels] });
}

/**
 * Filter gradient of an NHWC depthwise convolution with multiplier 1 by our SIMD kernel, as
 * [kh, kw, C, 1]: the composed route ran at ~1 GFLOP/s. Channels are padded to a multiple of 4.
 */
export function simdDepthwiseFilterGradient(
  ops: BackendOps, simd: SimdKernels, x: TensorInfo, dy: TensorInfo, info: backend_util.Conv2DInfo,
): TensorInfo {
  const { batchSize, inHeight, inWidth, inChannels, outHeight, outWidth, filterHeight, filterWidth } = info;
  const padded = roundUp(inChannels, IN_CHANNEL_STEP);
  const xPadded = ops.padLastAxis(x, padded - inChannels);
  const dyPadded = ops.padLastAxis(dy, padded - inChannels);
  const heap = ops.backend as HeapBackend;
  const grad = ops.adopt(heap.makeOutput([filterHeight, filterWidth, padded], 'float32'));
  const gradValues = heap.typedArrayFromHeap(grad);
  gradValues.fill(0);
  simd.depthwiseFilterGradient(
    heap.typedArrayFromHeap(xPadded).byteOffset, heap.typedArrayFromHeap(dyPadded).byteOffset, gradValues.byteOffset,
    batchSize, inHeight, inWidth, padded, outHeight, outWidth,
    filterHeight, filterWidth, info.strideHeight, info.strideWidth, info.dilationHeight, info.dilationWidth,
    info.padInfo.top, info.padInfo.left,
  );
  const cropped = padded === inChannels ? grad : ops.run('Slice', { x: grad }, { begin: [0, 0, 0], size: [filterHeight, filterWidth, inChannels] });
  return ops.reshape(cropped, [filterHeight, filterWidth, inChannels, 1]);
}

function roundUp(value: number, step: number): number {
  return Math.ceil(value / step) * step;
}
