import type { TensorInfo } from '@tensorflow/tfjs-core';
import type { BackendOps } from './backend-ops';

export type DataFormat = 'NHWC' | 'NCHW';

/** Our gradients work in NHWC (the wasm Conv2D kernel supports nothing else); NCHW tensors go through a transpose. */
export function toChannelsLast(ops: BackendOps, x: TensorInfo, dataFormat: DataFormat): TensorInfo {
  return dataFormat === 'NCHW' ? ops.transpose(x, [0, 2, 3, 1]) : x;
}

export function fromChannelsLast(ops: BackendOps, x: TensorInfo, dataFormat: DataFormat): TensorInfo {
  return dataFormat === 'NCHW' ? ops.transpose(x, [0, 3, 1, 2]) : x;
}
