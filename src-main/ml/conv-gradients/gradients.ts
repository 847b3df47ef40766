import type { backend_util, TensorInfo } from '@tensorflow/tfjs-core';
import type { Pair, TensorOps } from './tensor-ops';
import {
  filterGradientAxis,
  inputGradientPhases,
  type ConvAxis,
  type InputGradientPhase,
} from './geometry';

/** Regular conv2d, or depthwise with filter [kh, kw, C, multiplier]. */
export type ConvKind = 'regular' | 'depthwise';

export interface ConvAxes {
  rows: ConvAxis;
  cols: ConvAxis;
}

export function convAxes(info: backend_util.Conv2DInfo): ConvAxes {
  return {
    rows: {
      inSize: info.inHeight,
      outSize: info.outHeight,
      filterSize: info.filterHeight,
      stride: info.strideHeight,
      dilation: info.dilationHeight,
      padBefore: info.padInfo.top,
    },
    cols: {
      inSize: info.inWidth,
      outSize: info.outWidth,
      filterSize: info.filterWidth,
      stride: info.strideWidth,
      dilation: info.dilationWidth,
      padBefore: info.padInfo.left,
    },
  };
}

/**
 * Filter gradient of an NHWC convolution, computed as one forward convolution
 * that contracts over batch and output positions: the input with its batch axis
 * moved to channels, convolved with dy as the filter.
 */
export function filterGradient(
  ops: TensorOps, kind: ConvKind, x: TensorInfo, dy: TensorInfo, axes: ConvAxes,
): TensorInfo {
  const { rows, cols } = axes;
  const r = filterGradientAxis(rows);
  const c = filterGradientAxis(cols);
  const [n, h, w, channels] = x.shape;
  const [, outH, outW, outChannels] = dy.shape;
  const xRead = ops.cropSpatial(x, [0, h - r.cropEnd], [0, w - c.cropEnd]);
  const window = {
    strides: [rows.dilation, cols.dilation] as Pair,
    dilations: [rows.stride, cols.stride] as Pair,
    padRows: [r.padBefore, r.padAfter] as Pair,
    padCols: [c.padBefore, c.padAfter] as Pair,
  };
  const [kh, kw] = [rows.filterSize, cols.filterSize];
  const unpadded = r.padBefore === 0 && r.padAfter === 0 && c.padBefore === 0 && c.padAfter === 0;
  if (kind === 'regular' && kh === 1 && kw === 1 && unpadded) {
    return pointwiseFilterGradient(ops, xRead, dy, rows.stride, cols.stride);
  }
  if (kind === 'regular') {
    const xByChannel = ops.transpose(xRead, [3, 1, 2, 0]);
    const dyAsFilter = ops.transpose(dy, [1, 2, 0, 3]);
    const grad = ops.conv2d(xByChannel, dyAsFilter, window);
    return ops.transpose(grad, [1, 2, 0, 3]);
  }
  const multiplier = outChannels / channels;
  const [readH, readW] = [xRead.shape[1], xRead.shape[2]];
  // Batch folded into channels: (n, c) pairs become depthwise channels, summed over n afterwards.
  const xFolded = ops.reshape(ops.transpose(xRead, [1, 2, 0, 3]), [1, readH, readW, n * channels]);
  const dyAsFilter = ops.reshape(ops.transpose(dy, [1, 2, 0, 3]), [outH, outW, n * channels, multiplier]);
  const grad = ops.depthwiseConv2d(xFolded, dyAsFilter, window);
  const perSample = ops.reshape(grad, [kh, kw, n, channels * multiplier]);
  const summed = n === 1 ? perSample : ops.sum(perSample, [2]);
  return ops.reshape(summed, [kh, kw, channels, multiplier]);
}

/** A 1×1 convolution's filter gradient is one matrix product, xᵀ·dy over all output pixels. */
function pointwiseFilterGradient(ops: TensorOps, xRead: TensorInfo, dy: TensorInfo, strideH: number, strideW: number) {
  const [n, h, w, inChannels] = xRead.shape;
  const [, outH, outW, outChannels] = dy.shape;
  const sampled = strideH === 1 && strideW === 1
    ? xRead
    : ops.stridedSlice(xRead, [0, 0, 0, 0], [n, h, w, inChannels], [1, strideH, strideW, 1]);
  const pixels = n * outH * outW;
  const xMatrix = ops.reshape(sampled, [pixels, inChannels]);
  const dyMatrix = ops.reshape(dy, [pixels, outChannels]);
  // Transpose whichever operand is smaller: the wasm MatMul is only fast untransposed.
  const grad = inChannels <= outChannels
    ? ops.matMul(ops.transpose(xMatrix, [1, 0]), dyMatrix)
    : ops.transpose(ops.matMul(ops.transpose(dyMatrix, [1, 0]), xMatrix), [1, 0]);
  return ops.reshape(grad, [1, 1, inChannels, outChannels]);
}

/**
 * Input gradient of an NHWC convolution as dense stride-1 convolutions of dy
 * with the reversed filter, one per stride phase, interleaved afterwards.
 */
export function inputGradient(
  ops: TensorOps, kind: ConvKind, dy: TensorInfo, filter: TensorInfo, inShape: number[], axes: ConvAxes,
): TensorInfo {
  const [n, h, w, channels] = inShape;
  const rowPlan = inputGradientPhases(axes.rows);
  const colPlan = inputGradientPhases(axes.cols);
  const reversed = reversedFilter(ops, kind, filter);
  const phaseShape = [n, rowPlan.phaseSize, colPlan.phaseSize, channels];
  const phases = rowPlan.phases.map((rowPhase) =>
    colPlan.phases.map((colPhase) =>
      phaseGradient(ops, kind, dy, reversed, rowPhase, colPhase, phaseShape)));
  if (phases.length === 1 && phases[0].length === 1) return phases[0][0];
  return ops.cropSpatial(interleavePhases(ops, phases, phaseShape), [0, h], [0, w]);
}

/** [kh, kw, Cin, Cout] → reversed [kh, kw, Cout, Cin]; depthwise [kh, kw, C, M] → reversed [kh, kw, C·M, 1]. */
function reversedFilter(ops: TensorOps, kind: ConvKind, filter: TensorInfo): TensorInfo {
  const [kh, kw, inner, outer] = filter.shape;
  if (kind === 'depthwise') return ops.reverse(ops.reshape(filter, [kh, kw, inner * outer, 1]), [0, 1]);
  return ops.transpose(ops.reverse(filter, [0, 1]), [0, 1, 3, 2]);
}

function phaseGradient(
  ops: TensorOps,
  kind: ConvKind,
  dy: TensorInfo,
  reversed: TensorInfo,
  rowPhase: InputGradientPhase,
  colPhase: InputGradientPhase,
  phaseShape: number[],
): TensorInfo {
  const [, outH, outW] = dy.shape;
  const rowRead = readRange(rowPhase, outH);
  const colRead = readRange(colPhase, outW);
  if (rowPhase.taps === 0 || colPhase.taps === 0 || rowRead.size <= 0 || colRead.size <= 0) {
    return ops.zeros(phaseShape);
  }
  const dyRead = ops.cropSpatial(dy, [rowRead.begin, rowRead.size], [colRead.begin, colRead.size]);
  const window = {
    strides: [1, 1] as Pair,
    dilations: [rowPhase.dilation, colPhase.dilation] as Pair,
    padRows: [Math.max(0, rowPhase.padBefore), Math.max(0, rowPhase.padAfter)] as Pair,
    padCols: [Math.max(0, colPhase.padBefore), Math.max(0, colPhase.padAfter)] as Pair,
  };
  const subFilter = phaseFilter(ops, reversed, rowPhase, colPhase);
  if (kind === 'regular') return ops.conv2d(dyRead, subFilter, window);
  const perOutputChannel = ops.depthwiseConv2d(dyRead, subFilter, window);
  const multiplier = perOutputChannel.shape[3] / phaseShape[3];
  if (multiplier === 1) return perOutputChannel;
  return ops.sum(ops.reshape(perOutputChannel, [...phaseShape, multiplier]), [4]);
}

function readRange(phase: InputGradientPhase, size: number): { begin: number; size: number } {
  const begin = Math.max(0, -phase.padBefore);
  return { begin, size: size - begin - Math.max(0, -phase.padAfter) };
}

function phaseFilter(
  ops: TensorOps, reversed: TensorInfo, rowPhase: InputGradientPhase, colPhase: InputGradientPhase,
): TensorInfo {
  const [kh, kw, inner, outer] = reversed.shape;
  if (rowPhase.taps === kh && colPhase.taps === kw) return reversed;
  const end = (p: InputGradientPhase) => p.tapBegin + p.tapStep * (p.taps - 1) + 1;
  return ops.stridedSlice(
    reversed,
    [rowPhase.tapBegin, colPhase.tapBegin, 0, 0],
    [end(rowPhase), end(colPhase), inner, outer],
    [rowPhase.tapStep, colPhase.tapStep, 1, 1],
  );
}

/** phases[r][c] holds rows r, r+sh, … and columns c, c+sw, …; returns [N, Qh·sh, Qw·sw, C]. */
function interleavePhases(ops: TensorOps, phases: TensorInfo[][], phaseShape: number[]): TensorInfo {
  const [n, qh, qw, channels] = phaseShape;
  const sh = phases.length;
  const sw = phases[0].length;
  const rowBlocks = phases.map((columnPhases) => {
    const stacked = ops.reshape(ops.concat(columnPhases, 0), [sw, n * qh * qw, channels]);
    return ops.reshape(ops.transpose(stacked, [1, 0, 2]), [n, qh, qw * sw * channels]);
  });
  const stacked = ops.reshape(ops.concat(rowBlocks, 0), [sh, n, qh, qw * sw * channels]);
  return ops.reshape(ops.transpose(stacked, [1, 2, 0, 3]), [n, qh * sh, qw * sw, channels]);
}
