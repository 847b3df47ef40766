import {
  backend_util,
  BatchMatMul,
  getKernel,
  Mean,
  Reshape,
  Sum,
  util,
  type KernelConfig,
  type KernelFunc,
  type NamedAttrMap,
  type SumAttrs,
  type TensorInfo,
} from '@tensorflow/tfjs-core';
import type { HeapBackend } from './heap-backend';

interface ReductionArgs {
  inputs: { x: TensorInfo };
  backend: HeapBackend;
  attrs: NamedAttrMap;
}

function constantVector(backend: HeapBackend, length: number, value: number): TensorInfo {
  const vector = backend.makeOutput([1, length], 'float32');
  backend.typedArrayFromHeap(vector).fill(value);
  return vector;
}

/** The reduced axes when they are the leading ones (NHWC's batch and spatial axes), else undefined. */
function leadingAxes(x: TensorInfo, axis: number | number[]): number[] | undefined {
  const axes = [...util.parseAxisParam(axis, x.shape)].sort((a, b) => a - b);
  return axes.length > 0 && axes.every((a, i) => a === i) ? axes : undefined;
}

/**
 * Sum and Mean over the leading axes of a float32 tensor, e.g. per-channel statistics and
 * gradients of BatchNorm and conv biases, as one product xᵀ·v with a constant vector v of
 * ones (or 1/count). The wasm backend's own reductions first transpose the reduced axes to
 * the end, which cost ~10× the product on [4·128·128, 48]. Other reductions keep the replaced kernel.
 */
function leadingAxesReduction(kernelName: typeof Sum | typeof Mean, backendName: string, replaced: KernelConfig | undefined): KernelConfig {
  const kernelFunc = (args: ReductionArgs): TensorInfo => {
    const { inputs: { x }, backend, attrs } = args;
    const { axis, keepDims } = attrs as unknown as SumAttrs;
    const axes = x.dtype === 'float32' ? leadingAxes(x, axis) : undefined;
    if (axes === undefined || util.sizeFromShape(x.shape) === 0) {
      if (replaced === undefined) throw new Error(`${kernelName} has no kernel for this case on ${backendName}`);
      return replaced.kernelFunc(args as unknown as Parameters<KernelFunc>[0]) as TensorInfo;
    }
    const [outShape, reduceShape] = backend_util.computeOutAndReduceShapes(x.shape, axes);
    const count = util.sizeFromShape(reduceShape);
    const columns = util.sizeFromShape(outShape);
    const weights = constantVector(backend, count, kernelName === Mean ? 1 / count : 1);
    const run = (name: string, kernelInputs: object, kernelAttrs: object) =>
      getKernel(name, backendName)!.kernelFunc({ inputs: kernelInputs, attrs: kernelAttrs, backend } as Parameters<KernelFunc>[0]) as TensorInfo;
    const matrix = run(Reshape, { x }, { shape: [count, columns] });
    const product = run(BatchMatMul, { a: matrix, b: weights }, { transposeA: true, transposeB: true });
    backend.disposeData(matrix.dataId);
    backend.disposeData(weights.dataId);
    const shape = keepDims ? backend_util.expandShapeToKeepDim(outShape, axes) : outShape;
    const out = run(Reshape, { x: product }, { shape });
    backend.disposeData(product.dataId);
    return out;
  };
  // The replaced kernel's setup (binding its wasm function) still has to run for the fallback.
  return { kernelName, backendName, kernelFunc: kernelFunc as unknown as KernelFunc, setupFunc: replaced?.setupFunc };
}

export function reductionKernelConfigs(backendName: string, replaced: (kernelName: string) => KernelConfig | undefined): KernelConfig[] {
  return [Sum, Mean].map((name) => leadingAxesReduction(name as typeof Sum, backendName, replaced(name)));
}
