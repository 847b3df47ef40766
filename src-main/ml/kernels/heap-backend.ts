import type { DataType, KernelBackend, TensorInfo } from '@tensorflow/tfjs-core';

/** What our JS kernels use of the wasm backend: outputs allocated on its heap, and typed views of any tensor there. */
export interface HeapBackend extends KernelBackend {
  makeOutput(shape: number[], dtype: DataType): TensorInfo;
  typedArrayFromHeap(t: TensorInfo): Float32Array | Int32Array | Uint8Array;
}
