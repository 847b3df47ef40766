// npm run bench -- train-kernels [--runs R] [--json]
// Convolution gradient kernels on the wasm backend (ours) against its forward Conv2D, its built-in
// Conv2DBackpropInput, the filter gradient as an XNNPACK convolution or im2col + matMul, and the cpu backend.
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-wasm';
import { parseArgs } from 'node:util';
import { convAxes, filterGradient } from '../src-main/ml/conv-gradients/gradients';
import { initEngine } from '../src-main/ml/engine/init-engine';
import { BackendOps } from '../src-main/ml/kernels/backend-ops';
import { median } from './lib/process-timer';

type Shape4 = [number, number, number, number];

interface Row {
  readonly name: string;
  readonly backend: string;
  readonly shape: string;
  readonly medianMs: number;
  readonly gflops: number;
  readonly note?: string;
}

const { values: args } = parseArgs({
  options: { runs: { type: 'string', default: '7' }, json: { type: 'boolean', default: false } },
});
const runs = Number(args.runs);

const builtinBackpropInput = tf.getKernel('Conv2DBackpropInput', 'wasm');
if (builtinBackpropInput === undefined) throw new Error('the wasm backend has no Conv2DBackpropInput kernel');

const engine = await initEngine({ backend: 'wasm' });
builtinBackpropInput.setupFunc?.(tf.backend());
const rows: Row[] = [];

/** Median wall time of `run`; wasm kernels are synchronous, so no read-back is needed. */
function timeMs(run: () => tf.TensorInfo | tf.Tensor, repeats = runs): number {
  dispose(run());
  const samples: number[] = [];
  for (let i = 0; i < repeats; i++) {
    const started = performance.now();
    const out = run();
    samples.push(performance.now() - started);
    dispose(out);
  }
  return median(samples);
}

function dispose(out: tf.TensorInfo | tf.Tensor): void {
  if (out instanceof tf.Tensor) out.dispose();
  else tf.backend().disposeData(out.dataId);
}

function convFlops(x: Shape4, filter: Shape4, stride: number): number {
  const [n, h, w] = x;
  const [kh, kw, cin, cout] = filter;
  return 2 * n * Math.ceil(h / stride) * Math.ceil(w / stride) * kh * kw * cin * cout;
}

function record(name: string, x: Shape4, filter: Shape4, stride: number, ms: number, note?: string): void {
  const depthwise = name.startsWith('Depthwise');
  const flops = depthwise ? convFlops(x, [filter[0], filter[1], 1, filter[2] * filter[3]], stride) : convFlops(x, filter, stride);
  rows.push({
    name,
    backend: tf.getBackend(),
    shape: `x ${x.join('×')}, filter ${filter.join('×')}, stride ${stride}`,
    medianMs: ms,
    gflops: flops / ms / 1e6,
    note,
  });
}

function runKernel(name: string, inputs: tf.NamedTensorMap, attrs: object): tf.Tensor {
  return tf.engine().runKernel(name, inputs, attrs as tf.NamedAttrMap) as tf.Tensor;
}

/** dw as one matMul: im2col of the padded input (9 slices, concatenated) times dy, built from tf ops. */
function im2colFilterGradient(x: tf.Tensor4D, dy: tf.Tensor4D, k: number): tf.Tensor {
  return tf.tidy(() => {
    const [n, h, w, cin] = x.shape;
    const pad = (k - 1) >> 1;
    const channelsFirst = tf.pad(tf.transpose(x, [3, 0, 1, 2]), [[0, 0], [0, 0], [pad, k - 1 - pad], [pad, k - 1 - pad]]);
    const taps: tf.Tensor[] = [];
    for (let a = 0; a < k; a++) {
      for (let b = 0; b < k; b++) {
        taps.push(tf.reshape(tf.slice(channelsFirst, [0, 0, a, b], [cin, n, h, w]), [cin, n * h * w]));
      }
    }
    const patches = tf.concat(taps, 0);
    return tf.reshape(tf.matMul(patches, tf.reshape(dy, [n * h * w, dy.shape[3]])), [k, k, cin, dy.shape[3]]);
  });
}

/** dw as segstudio computed it before its SIMD kernel: XNNPACK's convolution with the batch as channels. */
function xnnpackFilterGradient(x: tf.Tensor4D, dy: tf.Tensor4D, filter: Shape4, stride: number): tf.TensorInfo {
  const info = tf.backend_util.computeConv2DInfo(x.shape, filter, stride, 1, 'same');
  const ops = new BackendOps(tf.backend(), tf.getBackend());
  return ops.release(ops.reshape(filterGradient(ops, 'regular', x, dy, convAxes(info)), filter));
}

function benchConv(x: Shape4, filter: Shape4, stride: number, withIm2col: boolean): void {
  const [kh, , , cout] = filter;
  const dyShape: Shape4 = [x[0], Math.ceil(x[1] / stride), Math.ceil(x[2] / stride), cout];
  const xs = tf.randomNormal(x) as tf.Tensor4D;
  const dy = tf.randomNormal(dyShape) as tf.Tensor4D;
  const w = tf.randomNormal(filter) as tf.Tensor4D;
  const common = { strides: stride, pad: 'same', dataFormat: 'NHWC' };
  record('Conv2D (forward)', x, filter, stride, timeMs(() => tf.conv2d(xs, w, stride, 'same')));
  record('Conv2DBackpropFilter', x, filter, stride,
    timeMs(() => runKernel('Conv2DBackpropFilter', { x: xs, dy }, { ...common, filterShape: filter })), 'ours (SIMD module)');
  record('Conv2DBackpropFilter', x, filter, stride, timeMs(() => xnnpackFilterGradient(xs, dy, filter, stride)),
    'alternative: XNNPACK conv, batch as channels (ours before)');
  if (withIm2col) {
    record('Conv2DBackpropFilter', x, filter, stride, timeMs(() => im2colFilterGradient(xs, dy, kh)), 'alternative: im2col + matMul');
  }
  const inputAttrs = { ...common, inputShape: x };
  record('Conv2DBackpropInput', x, filter, stride,
    timeMs(() => runKernel('Conv2DBackpropInput', { dy, filter: w }, inputAttrs)), 'ours');
  record('Conv2DBackpropInput', x, filter, stride,
    timeMs(() => builtinBackpropInput.kernelFunc({
      inputs: { dy, filter: w }, attrs: inputAttrs as unknown as tf.NamedAttrMap, backend: tf.backend(),
    }) as tf.TensorInfo), 'tfjs-backend-wasm built-in');
  tf.dispose([xs, dy, w]);
}

function benchDepthwise(x: Shape4, filter: Shape4, stride: number): void {
  const dyShape: Shape4 = [x[0], Math.ceil(x[1] / stride), Math.ceil(x[2] / stride), filter[2] * filter[3]];
  const xs = tf.randomNormal(x) as tf.Tensor4D;
  const dy = tf.randomNormal(dyShape) as tf.Tensor4D;
  const w = tf.randomNormal(filter) as tf.Tensor4D;
  const common = { strides: stride, pad: 'same', dilations: 1 };
  record('DepthwiseConv2dNative (forward)', x, filter, stride, timeMs(() => tf.depthwiseConv2d(xs, w, stride, 'same')));
  record('DepthwiseConv2dNativeBackpropFilter', x, filter, stride,
    timeMs(() => runKernel('DepthwiseConv2dNativeBackpropFilter', { x: xs, dy }, { ...common, filterShape: filter })));
  record('DepthwiseConv2dNativeBackpropInput', x, filter, stride,
    timeMs(() => runKernel('DepthwiseConv2dNativeBackpropInput', { dy, filter: w }, { ...common, inputShape: x })));
  tf.dispose([xs, dy, w]);
}

/** The cpu backend at a smaller shape; notes give the time scaled to `target` by work. */
function benchCpu(x: Shape4, filter: Shape4, target: Shape4): void {
  const scale = convFlops(target, filter, 1) / convFlops(x, filter, 1);
  const scaled = (ms: number) => `≈ ${((ms * scale) / 1000).toFixed(1)} s scaled ×${scale} to x ${target.join('×')}`;
  const dyShape: Shape4 = [x[0], x[1], x[2], filter[3]];
  const xs = tf.randomNormal(x) as tf.Tensor4D;
  const dy = tf.randomNormal(dyShape) as tf.Tensor4D;
  const w = tf.randomNormal(filter) as tf.Tensor4D;
  const common = { strides: 1, pad: 'same', dataFormat: 'NHWC' };
  const cpuRuns = Math.max(3, Math.min(runs, 5));
  const forward = timeMs(() => tf.conv2d(xs, w, 1, 'same'), cpuRuns);
  record('Conv2D (forward)', x, filter, 1, forward, scaled(forward));
  const backpropFilter = timeMs(() => runKernel('Conv2DBackpropFilter', { x: xs, dy }, { ...common, filterShape: filter }), cpuRuns);
  record('Conv2DBackpropFilter', x, filter, 1, backpropFilter, scaled(backpropFilter));
  const backpropInput = timeMs(() => runKernel('Conv2DBackpropInput', { dy, filter: w }, { ...common, inputShape: x }), cpuRuns);
  record('Conv2DBackpropInput', x, filter, 1, backpropInput, scaled(backpropInput));
  tf.dispose([xs, dy, w]);
}

const target: Shape4 = [4, 128, 128, 32];
const filter3x3: Shape4 = [3, 3, 32, 32];
benchConv(target, filter3x3, 1, true);
benchConv(target, filter3x3, 2, false);
benchConv([4, 64, 64, 64], [1, 1, 64, 64], 1, false);
benchConv([4, 64, 64, 64], [2, 2, 64, 64], 2, false);
benchDepthwise(target, [3, 3, 32, 1], 1);
benchDepthwise(target, [3, 3, 32, 1], 2);
await tf.setBackend('cpu');
benchCpu([1, 32, 32, 32], filter3x3, target);

if (args.json) {
  console.log(JSON.stringify({ engine, runs, rows }, null, 2));
} else {
  console.log(`engine: ${engine.backend}, ${engine.device}; ${engine.description}; median of ${runs} runs`);
  for (const row of rows) {
    const ms = row.medianMs.toFixed(1).padStart(9);
    const rate = row.gflops.toFixed(2).padStart(6);
    console.log(`${row.backend.padEnd(5)} ${row.name.padEnd(36)} ${row.shape.padEnd(48)} ${ms} ms ${rate} GFLOP/s  ${row.note ?? ''}`);
  }
}
