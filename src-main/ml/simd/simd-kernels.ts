import type { KernelBackend } from '@tensorflow/tfjs-core';
import { SIMD_KERNELS_WASM_BASE64 } from './simd-binary';

/** The exports of our SIMD module; pointers are byte offsets into the tfjs wasm backend's heap. */
export interface SimdKernels {
  conv2dFilterGradient(
    x: number, dy: number, out: number,
    batch: number, inH: number, inW: number, inC: number, outH: number, outW: number, outC: number,
    kh: number, kw: number, strideH: number, strideW: number, dilationH: number, dilationW: number,
    padTop: number, padLeft: number, rowsPerBlock: number,
  ): void;
}

interface WasmBackendLike {
  wasm?: { asm?: { memory?: unknown } };
}

const instances = new WeakMap<object, SimdKernels | null>();
let compiled: WebAssembly.Module | null | undefined;

/**
 * Our SIMD kernels bound to a tfjs wasm backend's memory, or undefined where they cannot run
 * (another backend, or a wasm engine without SIMD), so callers fall back to composed kernels.
 * Instantiated once per backend; the module is under 1 KB, so synchronous compilation is fine.
 */
export function simdKernelsFor(backend: KernelBackend): SimdKernels | undefined {
  const memory = (backend as WasmBackendLike).wasm?.asm?.memory;
  if (!(memory instanceof WebAssembly.Memory)) return undefined;
  let kernels = instances.get(memory);
  if (kernels === undefined) {
    const module = simdModule();
    kernels = module === null ? null : (new WebAssembly.Instance(module, { env: { memory } }).exports as unknown as SimdKernels);
    instances.set(memory, kernels);
  }
  return kernels ?? undefined;
}

function simdModule(): WebAssembly.Module | null {
  if (compiled === undefined) {
    const bytes = Buffer.from(SIMD_KERNELS_WASM_BASE64, 'base64');
    compiled = WebAssembly.validate(bytes) ? new WebAssembly.Module(bytes) : null;
  }
  return compiled;
}
