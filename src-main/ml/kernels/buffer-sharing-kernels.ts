import { Cast, Identity, type CastAttrs, type KernelBackend, type KernelConfig, type KernelFunc, type TensorInfo } from '@tensorflow/tfjs-core';

interface SharingArgs {
  inputs: { x: TensorInfo };
  backend: KernelBackend;
  attrs?: Record<string, unknown>;
}

/**
 * Identity, and Cast to the same dtype, that share the input's buffer (one more reference), as the
 * cpu backend's Identity does and the wasm backend's own Reshape already does. The wasm ones copy,
 * and the engine runs Identity on every tensor a gradient saves for the backward pass (a whole copy
 * of a U-Net's activations each step) while tfjs-layers casts float32 tensors to float32. Tensor data
 * is never written in place, so sharing is safe. Other cases keep the replaced kernel.
 */
export function bufferSharingKernels(backendName: string, replaced: (kernelName: string) => KernelConfig | undefined): KernelConfig[] {
  return [Identity, Cast].map((kernelName) => {
    const original = replaced(kernelName);
    const kernelFunc = (args: SharingArgs): TensorInfo => {
      const { inputs: { x }, backend, attrs } = args;
      const sameType = kernelName === Identity || (attrs as unknown as CastAttrs).dtype === x.dtype;
      if (x.dtype === 'string' || !sameType) {
        if (original === undefined) throw new Error(`${kernelName} of this ${x.dtype} tensor is not supported on ${backendName}`);
        return original.kernelFunc(args as unknown as Parameters<KernelFunc>[0]) as TensorInfo;
      }
      backend.incRef(x.dataId);
      return { dataId: x.dataId, shape: [...x.shape], dtype: x.dtype };
    };
    // The replaced kernel's setup (binding its wasm function, if any) still has to run for the fallback.
    return { kernelName, backendName, kernelFunc: kernelFunc as unknown as KernelFunc, setupFunc: original?.setupFunc };
  });
}
