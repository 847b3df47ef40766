import {
  backend_util,
  Concat,
  Reverse,
  slice_util,
  Slice,
  SplitV,
  Unpack,
  util,
  type ConcatAttrs,
  type KernelConfig,
  type KernelFunc,
  type ReverseAttrs,
  type SliceAttrs,
  type SplitVAttrs,
  type TensorInfo,
  type UnpackAttrs,
} from '@tensorflow/tfjs-core';
import type { HeapBackend } from './heap-backend';
import { simdKernelsFor } from '../simd/simd-kernels';
import { copyBox, copyReversed, type RowCopier } from './box-copy';

interface CopyArgs {
  inputs: Record<string, TensorInfo> | TensorInfo[];
  backend: HeapBackend;
  attrs: Record<string, unknown>;
}

type CopyKernel = (args: CopyArgs) => TensorInfo | TensorInfo[];

const zeros = (rank: number) => new Array<number>(rank).fill(0);

/**
 * Slice of any rank. The wasm backend's own copies one innermost row per TypedArray.set
 * and falls back to per-element index arithmetic above rank 4; Unpack and SplitV build on it.
 */
const slice: CopyKernel = ({ inputs, backend, attrs }) => {
  const { x } = inputs as Record<string, TensorInfo>;
  const [begin, size] = slice_util.parseSliceParams(x, (attrs as unknown as SliceAttrs).begin, (attrs as unknown as SliceAttrs).size);
  return copiedParts(backend, x, [{ begin, size }])[0];
};

/** Unstack along an axis: one box per index, each written out without that axis. */
const unpack: CopyKernel = ({ inputs, backend, attrs }) => {
  const { value } = inputs as Record<string, TensorInfo>;
  const axis = util.parseAxisParam((attrs as unknown as UnpackAttrs).axis, value.shape)[0];
  const outShape = value.shape.filter((_, i) => i !== axis);
  const parts = Array.from({ length: value.shape[axis] }, (_, index) => {
    const begin = zeros(value.shape.length);
    begin[axis] = index;
    const size = [...value.shape];
    size[axis] = 1;
    return { begin, size };
  });
  return copiedParts(backend, value, parts).map((out) => ({ ...out, shape: outShape }));
};

const splitV: CopyKernel = ({ inputs, backend, attrs }) => {
  const { x } = inputs as Record<string, TensorInfo>;
  const { numOrSizeSplits, axis: axisAttr } = attrs as unknown as SplitVAttrs;
  const axis = util.parseAxisParam(axisAttr, x.shape)[0];
  const sizes = backend_util.prepareSplitSize(x, numOrSizeSplits, axis);
  let offset = 0;
  const parts = sizes.map((length) => {
    const begin = zeros(x.shape.length);
    begin[axis] = offset;
    offset += length;
    const size = [...x.shape];
    size[axis] = length;
    return { begin, size };
  });
  return copiedParts(backend, x, parts);
};

const concat: CopyKernel = ({ inputs, backend, attrs }) => {
  const tensors = Object.values(inputs) as TensorInfo[];
  const axis = util.parseAxisParam((attrs as unknown as ConcatAttrs).axis, tensors[0].shape)[0];
  backend_util.assertParamsConsistent(tensors.map((t) => t.shape), axis);
  const outShape = backend_util.computeOutShape(tensors.map((t) => t.shape), axis);
  const out = backend.makeOutput(outShape, tensors[0].dtype);
  // Views are taken after every allocation: growing the wasm heap detaches earlier ones.
  const dst = backend.typedArrayFromHeap(out);
  let offset = 0;
  for (const t of tensors) {
    const begin = zeros(outShape.length);
    begin[axis] = offset;
    offset += t.shape[axis];
    copyBox(backend.typedArrayFromHeap(t), { shape: t.shape, begin: zeros(t.shape.length) }, dst, { shape: outShape, begin }, t.shape, rowCopier(backend));
  }
  return out;
};

/** The wasm backend's Reverse moves one element at a time; reversing a 3×3 filter's taps took tens of ms. */
const reverse: CopyKernel = ({ inputs, backend, attrs }) => {
  const { x } = inputs as Record<string, TensorInfo>;
  const axes = util.parseAxisParam((attrs as unknown as ReverseAttrs).dims, x.shape);
  const out = backend.makeOutput([...x.shape], x.dtype);
  copyReversed(backend.typedArrayFromHeap(x), x.shape, axes, backend.typedArrayFromHeap(out));
  return out;
};

/** Copies each box of `x` into a new tensor of the box's size. */
function copiedParts(backend: HeapBackend, x: TensorInfo, parts: Array<{ begin: number[]; size: number[] }>): TensorInfo[] {
  const outs = parts.map(({ size }) => backend.makeOutput(size, x.dtype));
  const src = backend.typedArrayFromHeap(x);
  const rows = rowCopier(backend);
  parts.forEach(({ begin, size }, i) => {
    copyBox(src, { shape: x.shape, begin }, backend.typedArrayFromHeap(outs[i]), { shape: size, begin: zeros(size.length) }, size, rows);
  });
  return outs;
}

/** Our SIMD module's row copy where it runs: many short runs (a few channels per pixel) cost a JS loop each otherwise. */
function rowCopier(backend: HeapBackend): RowCopier | undefined {
  return simdKernelsFor(backend)?.copyRows;
}

const copyKernels: ReadonlyArray<[string, CopyKernel]> = [[Slice, slice], [Unpack, unpack], [SplitV, splitV], [Concat, concat], [Reverse, reverse]];

/**
 * Kernels that only move memory, replacing the wasm backend's where those copy short runs one
 * TypedArray.set at a time or element by element (an Unpack of a rank-5 tensor in the bilinear
 * upsampling gradient took seconds). Strings keep the replaced kernel.
 */
export function copyKernelConfigs(backendName: string, replaced: (kernelName: string) => KernelConfig | undefined): KernelConfig[] {
  return copyKernels.map(([kernelName, kernel]) => {
    const original = replaced(kernelName);
    const fallback = original?.kernelFunc;
    const kernelFunc = (args: CopyArgs) => {
      const first = Object.values(args.inputs)[0] as TensorInfo;
      if (first.dtype === 'string' || first.dtype === 'complex64') {
        if (fallback === undefined) throw new Error(`${kernelName} of ${first.dtype} tensors is not supported on ${backendName}`);
        return fallback(args as unknown as Parameters<KernelFunc>[0]);
      }
      return kernel(args);
    };
    // The replaced kernel's setup (binding its wasm function, if any) still has to run for the fallback.
    return { kernelName, backendName, kernelFunc: kernelFunc as unknown as KernelFunc, setupFunc: original?.setupFunc };
  });
}
