import {
  getKernel,
  util,
  type KernelBackend,
  type KernelConfig,
  type KernelFunc,
  type NamedAttrMap,
  type NamedTensorInfoMap,
  type TensorInfo,
} from '@tensorflow/tfjs-core';
import { windowAttrs, type ConvWindow, type Pair, type TensorOps } from '../conv-gradients/tensor-ops';

/** A kernel built from other kernels of the same backend; `body` may return any tensor it holds, inputs included. */
export function composedKernel(
  kernelName: string,
  backendName: string,
  body: (ops: BackendOps, inputs: Record<string, TensorInfo>, attrs: NamedAttrMap) => TensorInfo,
): KernelConfig {
  const kernelFunc = ({ inputs, attrs, backend }: KernelArgs): TensorInfo => {
    const ops = new BackendOps(backend, backendName);
    try {
      const result = body(ops, inputs as Record<string, TensorInfo>, attrs ?? {});
      return ops.release(ops.reshape(result, result.shape));
    } catch (error) {
      ops.releaseAll();
      throw error;
    }
  };
  return { kernelName, backendName, kernelFunc: kernelFunc as unknown as KernelFunc };
}

interface KernelArgs {
  inputs: NamedTensorInfoMap;
  backend: KernelBackend;
  attrs?: NamedAttrMap;
}

/**
 * Calls a backend's registered kernels directly, the way tfjs kernels compose
 * each other: no engine, no tape. Every result is a temporary owned by this
 * object until `release` hands one over to the caller.
 */
export class BackendOps implements TensorOps {
  private readonly temporaries: TensorInfo[] = [];

  constructor(
    readonly backend: KernelBackend,
    private readonly backendName: string,
  ) {}

  /** Takes ownership of a tensor a kernel allocated itself, as if an op had returned it. */
  adopt(t: TensorInfo): TensorInfo {
    this.temporaries.push(t);
    return t;
  }

  run(kernelName: string, inputs: NamedTensorInfoMap, attrs: NamedAttrMap = {}): TensorInfo {
    const kernel = getKernel(kernelName, this.backendName);
    if (kernel === undefined) {
      throw new Error(`kernel ${kernelName} is not registered for the ${this.backendName} backend`);
    }
    const result = kernel.kernelFunc({ inputs, attrs, backend: this.backend });
    if (Array.isArray(result)) {
      throw new Error(`kernel ${kernelName} returned ${result.length} tensors where one was expected`);
    }
    this.temporaries.push(result);
    return result;
  }

  /** Frees every temporary except `result`, which the caller returns to the engine. */
  release(result: TensorInfo): TensorInfo {
    for (const t of this.temporaries) {
      if (t !== result) this.backend.disposeData(t.dataId);
    }
    this.temporaries.length = 0;
    return result;
  }

  /** Frees every temporary, for the error path. */
  releaseAll(): void {
    for (const t of this.temporaries) this.backend.disposeData(t.dataId);
    this.temporaries.length = 0;
  }

  reshape(x: TensorInfo, shape: number[]): TensorInfo {
    return this.run('Reshape', { x }, { shape });
  }

  /** Transposes after merging axes that stay neighbours, since the wasm kernel is only fast up to rank 4. */
  transpose(x: TensorInfo, perm: number[]): TensorInfo {
    const { shape, perm: merged } = mergeTransposeAxes(x.shape, perm);
    const outShape = perm.map((axis) => x.shape[axis]);
    if (merged.every((axis, i) => axis === i)) return this.reshape(x, outShape);
    const transposed = this.run('Transpose', { x: this.reshape(x, shape) }, { perm: merged });
    return this.reshape(transposed, outShape);
  }

  reverse(x: TensorInfo, dims: number[]): TensorInfo {
    return this.run('Reverse', { x }, { dims });
  }

  sum(x: TensorInfo, axis: number[]): TensorInfo {
    return this.run('Sum', { x }, { axis, keepDims: false });
  }

  concat(tensors: TensorInfo[], axis: number): TensorInfo {
    if (tensors.length === 1) return this.reshape(tensors[0], tensors[0].shape);
    return this.run('Concat', tensors as unknown as NamedTensorInfoMap, { axis });
  }

  stridedSlice(x: TensorInfo, begin: number[], end: number[], strides: number[]): TensorInfo {
    return this.run('StridedSlice', { x }, {
      begin, end, strides, beginMask: 0, endMask: 0, ellipsisMask: 0, newAxisMask: 0, shrinkAxisMask: 0,
    });
  }

  /** Pads the last axis of `x` with `count` zeros. */
  padLastAxis(x: TensorInfo, count: number): TensorInfo {
    if (count === 0) return x;
    const paddings = x.shape.map((_, axis) => [0, axis === x.shape.length - 1 ? count : 0]);
    return this.run('PadV2', { x }, { paddings, constantValue: 0 });
  }

  zeros(shape: number[]): TensorInfo {
    return this.run('Fill', {}, { shape, value: 0, dtype: 'float32' });
  }

  /** Untransposed and unbatched, the only case the wasm backend hands to XNNPACK instead of a scalar loop. */
  matMul(a: TensorInfo, b: TensorInfo): TensorInfo {
    const [m, k] = a.shape;
    const n = b.shape[1];
    const product = this.run('BatchMatMul', { a: this.reshape(a, [1, m, k]), b: this.reshape(b, [1, k, n]) }, {
      transposeA: false,
      transposeB: false,
    });
    return this.reshape(product, [m, n]);
  }

  /**
   * Crops axes 1 and 2 of a rank-4 tensor. Sliced as rank 3 ([B, H, W·C]) so
   * each copied run is a whole row segment: the wasm Slice kernel copies runs in JS.
   */
  cropSpatial(x: TensorInfo, rows: Pair, cols: Pair): TensorInfo {
    const [b, h, w, c] = x.shape;
    const [top, height] = rows;
    const [left, width] = cols;
    if (top === 0 && height === h && left === 0 && width === w) return x;
    const sliced = this.run('Slice', { x: this.reshape(x, [b, h, w * c]) }, {
      begin: [0, top, left * c],
      size: [b, height, width * c],
    });
    return this.reshape(sliced, [b, height, width, c]);
  }

  conv2d(x: TensorInfo, filter: TensorInfo, window: ConvWindow): TensorInfo {
    return this.run('Conv2D', { x, filter }, windowAttrs(window));
  }

  depthwiseConv2d(x: TensorInfo, filter: TensorInfo, window: ConvWindow): TensorInfo {
    return this.run('DepthwiseConv2dNative', { x, filter }, windowAttrs(window));
  }
}

/** Drops size-1 axes and merges runs of axes that stay adjacent and in order under `perm`. */
export function mergeTransposeAxes(shape: number[], perm: number[]): { shape: number[]; perm: number[] } {
  const kept = perm.filter((axis) => shape[axis] !== 1);
  const groups: number[][] = [];
  for (const axis of kept) {
    const last = groups[groups.length - 1];
    if (last !== undefined && nextKeptAxis(shape, last[last.length - 1]) === axis) last.push(axis);
    else groups.push([axis]);
  }
  const byInputOrder = [...groups].sort((a, b) => a[0] - b[0]);
  const mergedShape = byInputOrder.map((g) => util.sizeFromShape(g.map((axis) => shape[axis])));
  const mergedPerm = groups.map((g) => byInputOrder.indexOf(g));
  return { shape: mergedShape, perm: mergedPerm };
}

function nextKeptAxis(shape: number[], axis: number): number {
  let next = axis + 1;
  while (next < shape.length && shape[next] === 1) next++;
  return next;
}
