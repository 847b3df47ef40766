import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { initEngine } from '../engine/init-engine';
import { randomValues, seededRandom, wasmErrorAgainstCpu } from '../testing/backend-parity';

// Our kernels agree with the cpu backend to float32 rounding (~1e-6); this leaves headroom, nothing more.
const TOLERANCE = 1e-5;

type Shape4 = [number, number, number, number];
type Padding = 'same' | 'valid' | number | [[0, 0], [number, number], [number, number], [0, 0]];
type RoundingMode = 'floor' | 'round' | 'ceil' | undefined;

interface ConvCase {
  x: Shape4;
  /** [kh, kw, Cin, Cout] for conv2d, [kh, kw, C, multiplier] for depthwise. */
  filter: Shape4;
  stride: number;
  dilation: number;
  pad: Padding;
  rounding?: RoundingMode;
  dataFormat?: 'NHWC' | 'NCHW';
}

const named: Array<[string, ConvCase]> = [
  ['stride 1, same, odd sizes, batch 2', { x: [2, 9, 11, 3], filter: [3, 3, 3, 4], stride: 1, dilation: 1, pad: 'same' }],
  ['stride 1, valid', { x: [2, 9, 11, 3], filter: [3, 3, 3, 4], stride: 1, dilation: 1, pad: 'valid' }],
  ['stride 2, same, odd sizes', { x: [2, 9, 11, 3], filter: [3, 3, 3, 4], stride: 2, dilation: 1, pad: 'same' }],
  ['stride 2, valid, unread last row', { x: [3, 10, 8, 2], filter: [3, 3, 2, 5], stride: 2, dilation: 1, pad: 'valid' }],
  ['stride 2, 2×2 filter (transposed-conv shape)', { x: [1, 8, 8, 4], filter: [2, 2, 4, 3], stride: 2, dilation: 1, pad: 'valid' }],
  ['stride 1, 1×1 filter, more inputs than outputs', { x: [2, 6, 5, 6], filter: [1, 1, 6, 3], stride: 1, dilation: 1, pad: 'valid' }],
  ['stride 2, 1×1 filter, same', { x: [2, 10, 7, 3], filter: [1, 1, 3, 5], stride: 2, dilation: 1, pad: 'same' }],
  ['stride 3, 5×5 filter, same', { x: [2, 7, 9, 3], filter: [5, 5, 3, 2], stride: 3, dilation: 1, pad: 'same' }],
  ['numeric padding 2 with ceil rounding', { x: [2, 7, 9, 3], filter: [3, 3, 3, 2], stride: 2, dilation: 1, pad: 2, rounding: 'ceil' }],
  ['stride 3, padding 2 (DDU-Net transposed conv)', { x: [2, 11, 11, 3], filter: [3, 3, 3, 2], stride: 3, dilation: 1, pad: 2 }],
  ['stride 3, padding 8 > filter (DDU-Net transposed conv)', { x: [1, 8, 8, 2], filter: [3, 3, 2, 3], stride: 3, dilation: 1, pad: 8 }],
  ['explicit asymmetric padding', { x: [2, 7, 9, 3], filter: [3, 3, 3, 2], stride: 2, dilation: 1, pad: [[0, 0], [2, 0], [1, 3], [0, 0]] }],
];

const namedDilated: Array<[string, ConvCase]> = [
  ['dilation 2, same', { x: [2, 12, 13, 3], filter: [3, 3, 3, 2], stride: 1, dilation: 2, pad: 'same' }],
  ['dilation 2, valid, odd sizes', { x: [2, 11, 9, 3], filter: [3, 3, 3, 2], stride: 1, dilation: 2, pad: 'valid' }],
  ['dilation 3, 2×2 filter, same', { x: [1, 9, 10, 2], filter: [2, 2, 2, 2], stride: 1, dilation: 3, pad: 'same' }],
];

function randomCase(random: () => number, allowDilation: boolean): ConvCase {
  const pick = <T>(options: readonly T[]): T => options[Math.floor(((random() + 1) / 2) * options.length)];
  const k = pick([1, 2, 3, 3, 4, 5]);
  const stride = pick([1, 1, 2, 2, 3]);
  const dilation = allowDilation && stride === 1 ? pick([1, 2, 3]) : 1;
  const reach = (k - 1) * dilation + 1;
  const size = () => reach + pick([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  const padAmount = () => pick([0, 1, 2]);
  const pad = pick<Padding>([
    'same', 'valid', padAmount(), [[0, 0], [padAmount(), padAmount()], [padAmount(), padAmount()], [0, 0]],
  ]);
  const rounding = typeof pad === 'number' ? pick<RoundingMode>(['floor', 'round', 'ceil', undefined]) : undefined;
  return {
    x: [pick([1, 2, 3]), size(), size(), pick([1, 2, 3, 5])],
    filter: [k, pick([k, k, 1, 3]), 0, pick([1, 2, 3, 4])],
    stride,
    dilation,
    pad,
    rounding,
  };
}

function randomCases(seed: number, count: number, allowDilation: boolean): Array<[string, ConvCase]> {
  const random = seededRandom(seed);
  return Array.from({ length: count }, (_, i) => {
    const c = randomCase(random, allowDilation);
    c.filter[2] = c.x[3];
    return [`seed ${seed} #${i}: ${describeCase(c)}`, c] as [string, ConvCase];
  });
}

function describeCase(c: ConvCase): string {
  return `x ${c.x.join('×')}, filter ${c.filter.join('×')}, stride ${c.stride}, dilation ${c.dilation}, pad ${JSON.stringify(c.pad)}${c.rounding ? ` (${c.rounding})` : ''}`;
}

function outputShape(c: ConvCase, depthwise: boolean): Shape4 {
  const info = tf.backend_util.computeConv2DInfo(
    c.x, c.filter, c.stride, c.dilation, c.pad, c.rounding, depthwise,
    c.dataFormat === 'NCHW' ? 'channelsFirst' : 'channelsLast',
  );
  return info.outShape;
}

function channelsFirst([n, h, w, c]: Shape4): Shape4 {
  return [n, c, h, w];
}

function expandedFilterShape([kh, kw, c, m]: Shape4, dilation: number): Shape4 {
  return [(kh - 1) * dilation + 1, (kw - 1) * dilation + 1, c, m];
}

/** Inserts dilation − 1 zeros between taps: a dilated filter as an undilated one, for the cpu reference. */
function expandedFilter(values: Float32Array, filter: Shape4, dilation: number): { values: Float32Array; shape: Shape4 } {
  const [kh, kw, c, m] = filter;
  const shape = expandedFilterShape(filter, dilation);
  const out = new Float32Array(shape[0] * shape[1] * c * m);
  for (let a = 0; a < kh; a++) {
    for (let b = 0; b < kw; b++) {
      const from = (a * kw + b) * c * m;
      out.set(values.subarray(from, from + c * m), (a * dilation * shape[1] + b * dilation) * c * m);
    }
  }
  return { values: out, shape };
}

function takeTaps(filterGradient: tf.Tensor, dilation: number): tf.Tensor {
  return tf.stridedSlice(filterGradient, [0, 0, 0, 0], filterGradient.shape, [dilation, dilation, 1, 1]);
}

function run(kernel: string, inputs: tf.NamedTensorMap, attrs: object): tf.Tensor {
  return tf.engine().runKernel(kernel, inputs, attrs as tf.NamedAttrMap) as tf.Tensor;
}

beforeAll(async () => {
  await initEngine({ backend: 'wasm', env: {} });
});

// Channel counts on the SIMD kernel's 4×8 tile take its unpadded path; the others above are padded.
const onSimdTile: Array<[string, ConvCase]> = [
  ['on the SIMD tile: 8 → 16 channels, stride 1, same', { x: [2, 13, 11, 8], filter: [3, 3, 8, 16], stride: 1, dilation: 1, pad: 'same' }],
  ['on the SIMD tile: 4 → 8 channels, stride 2, valid', { x: [3, 12, 9, 4], filter: [3, 3, 4, 8], stride: 2, dilation: 1, pad: 'valid' }],
  ['on the SIMD tile: 1×1, 12 → 8 channels', { x: [2, 5, 7, 12], filter: [1, 1, 12, 8], stride: 1, dilation: 1, pad: 'valid' }],
  ['on the SIMD tile: 2×2 stride 2 (transposed-conv shape)', { x: [1, 8, 8, 8], filter: [2, 2, 8, 8], stride: 2, dilation: 1, pad: 'valid' }],
  ['off the tile: 16 → 19 channels (a classifier head)', { x: [2, 6, 5, 16], filter: [3, 3, 16, 19], stride: 1, dilation: 1, pad: 'same' }],
];

describe('Conv2DBackpropFilter on wasm', () => {
  const cases = [
    ...named,
    ...onSimdTile,
    ['NCHW', { x: [2, 9, 11, 3], filter: [3, 3, 3, 4], stride: 2, dilation: 1, pad: 'same', dataFormat: 'NCHW' }] as [string, ConvCase],
    ...randomCases(101, 40, false),
  ];
  it.each(cases)('matches cpu: %s', async (_, c) => {
    const random = seededRandom(7);
    const dataFormat = c.dataFormat ?? 'NHWC';
    const xShape = dataFormat === 'NCHW' ? channelsFirst(c.x) : c.x;
    const dyShape = outputShape({ ...c, x: xShape }, false);
    const x = randomValues(xShape, random);
    const dy = randomValues(dyShape, random);
    const attrs = { strides: c.stride, pad: c.pad, dataFormat, dimRoundingMode: c.rounding, filterShape: c.filter };
    const error = await wasmErrorAgainstCpu(() =>
      run('Conv2DBackpropFilter', { x: tf.tensor(x, xShape), dy: tf.tensor(dy, dyShape) }, attrs));
    expect(error).toBeLessThan(TOLERANCE);
  });
});

describe('Conv2DBackpropInput on wasm (replacing the built-in scalar loop)', () => {
  const cases = [
    ...named,
    ['NCHW', { x: [2, 9, 11, 3], filter: [3, 3, 3, 4], stride: 2, dilation: 1, pad: 'same', dataFormat: 'NCHW' }] as [string, ConvCase],
    ...randomCases(202, 40, false),
  ];
  it.each(cases)('matches cpu: %s', async (_, c) => {
    const random = seededRandom(8);
    const dataFormat = c.dataFormat ?? 'NHWC';
    const xShape = dataFormat === 'NCHW' ? channelsFirst(c.x) : c.x;
    const dyShape = outputShape({ ...c, x: xShape }, false);
    const dy = randomValues(dyShape, random);
    const filter = randomValues(c.filter, random);
    const attrs = { strides: c.stride, pad: c.pad, dataFormat, dimRoundingMode: c.rounding, inputShape: xShape };
    const error = await wasmErrorAgainstCpu(() =>
      run('Conv2DBackpropInput', { dy: tf.tensor(dy, dyShape), filter: tf.tensor(filter, c.filter) }, attrs));
    expect(error).toBeLessThan(TOLERANCE);
  });
});

const depthwiseCases: Array<[string, ConvCase]> = [
  ...named.map(([name, c]) => [`${name}, multiplier ${c.filter[3]}`, c] as [string, ConvCase]),
  ...namedDilated,
  ['multiplier 1', { x: [2, 9, 11, 4], filter: [3, 3, 4, 1], stride: 2, dilation: 1, pad: 'same' }],
  // The SIMD depthwise filter gradient takes channels 16 then 4 at a time, padding the rest.
  ['multiplier 1, 20 channels (a SIMD block of 16 and one of 4), dilation 2', { x: [2, 9, 10, 20], filter: [3, 3, 20, 1], stride: 1, dilation: 2, pad: 'same' }],
  ['multiplier 1, 6 channels (padded to 8), stride 2, valid', { x: [3, 10, 9, 6], filter: [3, 3, 6, 1], stride: 2, dilation: 1, pad: 'valid' }],
  ...randomCases(303, 40, true),
];

// The cpu backend ignores dilation inside these two kernels (tfjs-core never calls them dilated),
// so dilated cases compare against cpu on the equivalent undilated filter with zeros between taps.
describe('DepthwiseConv2dNativeBackpropFilter on wasm', () => {
  it.each(depthwiseCases)('matches cpu: %s', async (_, c) => {
    const random = seededRandom(9);
    const dyShape = outputShape(c, true);
    const x = randomValues(c.x, random);
    const dy = randomValues(dyShape, random);
    const attrs = { strides: c.stride, pad: c.pad, dimRoundingMode: c.rounding };
    const inputs = () => ({ x: tf.tensor(x, c.x), dy: tf.tensor(dy, dyShape) });
    const error = await wasmErrorAgainstCpu(
      () => run('DepthwiseConv2dNativeBackpropFilter', inputs(), { ...attrs, dilations: c.dilation, filterShape: c.filter }),
      () => takeTaps(
        run('DepthwiseConv2dNativeBackpropFilter', inputs(), { ...attrs, dilations: 1, filterShape: expandedFilterShape(c.filter, c.dilation) }),
        c.dilation,
      ),
    );
    expect(error).toBeLessThan(TOLERANCE);
  });
});

describe('DepthwiseConv2dNativeBackpropInput on wasm', () => {
  it.each(depthwiseCases)('matches cpu: %s', async (_, c) => {
    const random = seededRandom(10);
    const dyShape = outputShape(c, true);
    const dy = randomValues(dyShape, random);
    const filter = randomValues(c.filter, random);
    const expanded = expandedFilter(filter, c.filter, c.dilation);
    const attrs = { strides: c.stride, pad: c.pad, dimRoundingMode: c.rounding, inputShape: c.x };
    const error = await wasmErrorAgainstCpu(
      () => run('DepthwiseConv2dNativeBackpropInput',
        { dy: tf.tensor(dy, dyShape), filter: tf.tensor(filter, c.filter) }, { ...attrs, dilations: c.dilation }),
      () => run('DepthwiseConv2dNativeBackpropInput',
        { dy: tf.tensor(dy, dyShape), filter: tf.tensor(expanded.values, expanded.shape) }, { ...attrs, dilations: 1 }),
    );
    expect(error).toBeLessThan(TOLERANCE);
  });
});

describe('training kernels on wasm', () => {
  it('leave no tensors or wasm buffers behind', async () => {
    await tf.setBackend('wasm');
    const x = tf.tensor(randomValues([2, 9, 11, 3], seededRandom(11)), [2, 9, 11, 3]);
    const w = tf.tensor(randomValues([3, 3, 3, 4], seededRandom(12)), [3, 3, 3, 4]) as tf.Tensor4D;
    const tensorsBefore = tf.memory().numTensors;
    const buffersBefore = tf.backend().numDataIds();
    const grads = tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, 2, 'same')));
    tf.dispose(grads([x, w]));
    expect(tf.memory().numTensors).toBe(tensorsBefore);
    expect(tf.backend().numDataIds()).toBe(buffersBefore);
  });
});
