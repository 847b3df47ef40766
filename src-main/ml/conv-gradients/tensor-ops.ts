import type { TensorInfo } from '@tensorflow/tfjs-core';

export type Pair = [number, number];

/** A convolution's geometry with explicit, non-negative padding per spatial axis. */
export interface ConvWindow {
  strides: Pair;
  dilations: Pair;
  padRows: Pair;
  padCols: Pair;
}

/**
 * The few tensor operations the convolution gradients are written in, so the
 * same code runs inside a kernel (BackendOps) and as ordinary ops (TfjsOps).
 */
export interface TensorOps {
  reshape(x: TensorInfo, shape: number[]): TensorInfo;
  transpose(x: TensorInfo, perm: number[]): TensorInfo;
  reverse(x: TensorInfo, dims: number[]): TensorInfo;
  sum(x: TensorInfo, axis: number[]): TensorInfo;
  concat(tensors: TensorInfo[], axis: number): TensorInfo;
  stridedSlice(x: TensorInfo, begin: number[], end: number[], strides: number[]): TensorInfo;
  zeros(shape: number[]): TensorInfo;
  /** [M, K] × [K, N] → [M, N]. */
  matMul(a: TensorInfo, b: TensorInfo): TensorInfo;
  /** Crops axes 1 and 2 of a rank-4 tensor to [begin, size) ranges. */
  cropSpatial(x: TensorInfo, rows: Pair, cols: Pair): TensorInfo;
  conv2d(x: TensorInfo, filter: TensorInfo, window: ConvWindow): TensorInfo;
  depthwiseConv2d(x: TensorInfo, filter: TensorInfo, window: ConvWindow): TensorInfo;
}

export function windowAttrs({ strides, dilations, padRows, padCols }: ConvWindow) {
  return {
    strides,
    dilations,
    pad: [[0, 0], padRows, padCols, [0, 0]] as [Pair, Pair, Pair, Pair],
    dataFormat: 'NHWC' as const,
  };
}
