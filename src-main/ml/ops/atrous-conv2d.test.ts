import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { initEngine } from '../engine/init-engine';
import { randomValues, scaledError, seededRandom, valuesOn } from '../testing/backend-parity';
import { atrousConv2d, atrousDepthwiseConv2d, type AtrousPadding } from './atrous-conv2d';

const TOLERANCE = 1e-5;

type T4 = tf.Tensor4D;
type Shape4 = [number, number, number, number];

interface AtrousCase {
  x: Shape4;
  filter: Shape4;
  rate: number;
  pad: AtrousPadding;
  depthwise: boolean;
}

const cases: Array<[string, AtrousCase]> = [
  ['conv 3×3, rate 2, same', { x: [2, 11, 12, 3], filter: [3, 3, 3, 4], rate: 2, pad: 'same', depthwise: false }],
  ['conv 3×3, rate 3, valid, odd sizes', { x: [2, 13, 11, 3], filter: [3, 3, 3, 2], rate: 3, pad: 'valid', depthwise: false }],
  ['conv 3×3, rate 6 (ASPP), same, map smaller than the reach', { x: [1, 9, 10, 4], filter: [3, 3, 4, 3], rate: 6, pad: 'same', depthwise: false }],
  ['depthwise 3×3, rate 2, multiplier 2, same', { x: [2, 11, 9, 3], filter: [3, 3, 3, 2], rate: 2, pad: 'same', depthwise: true }],
  ['depthwise 3×3, rate 4, valid', { x: [2, 14, 13, 2], filter: [3, 3, 2, 1], rate: 4, pad: 'valid', depthwise: true }],
];

function expandedFilter(values: Float32Array, [kh, kw, c, m]: Shape4, rate: number): tf.Tensor4D {
  const shape: Shape4 = [(kh - 1) * rate + 1, (kw - 1) * rate + 1, c, m];
  const out = new Float32Array(shape[0] * shape[1] * c * m);
  for (let a = 0; a < kh; a++) {
    for (let b = 0; b < kw; b++) {
      const from = (a * kw + b) * c * m;
      out.set(values.subarray(from, from + c * m), (a * rate * shape[1] + b * rate) * c * m);
    }
  }
  return tf.tensor4d(out, shape);
}

/** [output, dx, dw] of Σ op(x, w) · r. */
function outputAndGradients(c: AtrousCase, op: (x: T4, w: T4) => T4, expandFilter: boolean): () => tf.Tensor[] {
  const random = seededRandom(51);
  const x = randomValues(c.x, random);
  const w = randomValues(c.filter, random);
  return () => {
    const xs = tf.tensor4d(x, c.x);
    const ws = expandFilter ? expandedFilter(w, c.filter, c.rate) : tf.tensor4d(w, c.filter);
    const y = op(xs, ws);
    const r = tf.tensor(randomValues(y.shape, seededRandom(52)), y.shape);
    const [dx, dw] = tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(op(a as T4, b as T4), r)))([xs, ws]);
    const filterGradient = expandFilter ? tf.stridedSlice(dw, [0, 0, 0, 0], dw.shape, [c.rate, c.rate, 1, 1]) : dw;
    return [y, dx, filterGradient];
  };
}

function atrous(c: AtrousCase) {
  return (x: T4, w: T4) => (c.depthwise ? atrousDepthwiseConv2d : atrousConv2d)(x, w, c.rate, c.pad);
}

/** The same convolution with the filter spread out by zeros: undilated, so tfjs-core can differentiate it. */
function undilated(c: AtrousCase) {
  return (x: T4, w: T4) => (c.depthwise ? tf.depthwiseConv2d(x, w, 1, c.pad) : tf.conv2d(x, w, 1, c.pad));
}

async function worstError(backend: string, c: AtrousCase): Promise<number> {
  const expected = await valuesOn('cpu', outputAndGradients(c, undilated(c), true));
  const actual = await valuesOn(backend, outputAndGradients(c, atrous(c), false));
  return Math.max(...expected.map((e, i) => scaledError(e, actual[i])));
}

beforeAll(async () => {
  await initEngine({ backend: 'wasm', env: {} });
});

describe('atrous convolutions', () => {
  it('exist because tfjs-core refuses gradients of dilated convolutions', async () => {
    await tf.setBackend('cpu');
    const dilated = (w: tf.Tensor) => tf.sum(tf.conv2d(tf.ones([1, 8, 8, 2]) as T4, w as T4, 1, 'same', 'NHWC', 2));
    expect(() => tf.grad(dilated)(tf.ones([3, 3, 2, 2]))).toThrow(/dilation rates greater than 1/);
  });

  it.each(cases)('%s: output and gradients match an undilated conv on cpu, on wasm', async (_, c) => {
    expect(await worstError('wasm', c)).toBeLessThan(TOLERANCE);
  });

  it.each(cases)('%s: output and gradients match an undilated conv on cpu, on cpu', async (_, c) => {
    expect(await worstError('cpu', c)).toBeLessThan(TOLERANCE);
  });

  it('is a plain convolution at rate 1', async () => {
    await tf.setBackend('cpu');
    const x = tf.ones([1, 5, 5, 2]) as T4;
    const w = tf.ones([3, 3, 2, 1]) as T4;
    expect(tf.grad((a: tf.Tensor) => tf.sum(atrousConv2d(a as T4, w, 1, 'same')))(x).shape).toEqual([1, 5, 5, 2]);
  });
});
