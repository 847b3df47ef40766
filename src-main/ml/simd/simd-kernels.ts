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
  /** Depthwise (multiplier 1) filter gradient into a zeroed [kh, kw, channels]; channels a multiple of 4. */
  depthwiseFilterGradient(
    x: number, dy: number, out: number,
    batch: number, inH: number, inW: number, channels: number, outH: number, outW: number,
    kh: number, kw: number, strideH: number, strideW: number, dilationH: number, dilationW: number,
    padTop: number, padLeft: number,
  ): void;
  /** Mean and biased variance per channel of x viewed as [pixels, channels]; scratch: 12·channels bytes. */
  channelMoments(x: number, pixels: number, channels: number, mean: number, variance: number, scratch: number): void;
  /** Σ dy and Σ dy·(x − mean) per channel; scratch: 24·channels bytes. */
  channelGradientSums(
    dy: number, x: number, mean: number, pixels: number, channels: number, sumDy: number, sumDyCentered: number, scratch: number,
  ): void;
  /** `rows` runs of `runBytes` bytes, `srcStride` and `dstStride` bytes apart. */
  copyRows(src: number, srcStride: number, dst: number, dstStride: number, rows: number, runBytes: number): void;
  /** out = a·u + b·v + k, per channel. */
  channelAffine(u: number, v: number, a: number, b: number, k: number, out: number, pixels: number, channels: number): void;
}

interface WasmBackendLike {
  wasm?: { asm?: { memory?: unknown } };
}

const instances = new WeakMap<object, SimdKernels | null>();
let compiled: WebAssembly.Module | null | undefined;

/**
 * Our SIMD kernels bound to a tfjs wasm backend's memory, or undefined where they cannot run
 * (another backend, or a wasm engine without SIMD), so callers fall back to composed kernels.
 * Instantiated once per backend; the module is about 3.4 KB, so synchronous compilation is fine.
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
