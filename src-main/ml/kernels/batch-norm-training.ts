import * as tf from '@tensorflow/tfjs-core';
import type { KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import { simdKernelsFor, type SimdKernels } from '../simd/simd-kernels';
import type { HeapBackend } from './heap-backend';

/**
 * BatchNorm in training as one kernel: statistics of the batch, then the normalization, where tf.moments
 * and tf.batchNorm take about nine whole-tensor kernels forward and as many backward. Outputs
 * [y, mean, variance] with the biased variance, as tfjs-layers' BatchNormalization computes them.
 */
export const BATCH_NORM_TRAINING = 'SegstudioBatchNormTraining';
/** Its gradient: [dx, dScale, dOffset] from dy, the saved x, scale, mean and variance, and the dys of mean and variance. */
export const BATCH_NORM_TRAINING_GRAD = 'SegstudioBatchNormTrainingGrad';

interface Attrs {
  varianceEpsilon: number;
}

interface KernelArgs {
  inputs: Record<string, TensorInfo>;
  backend: HeapBackend;
  attrs: Attrs;
}

/** y, mean, variance of x over every axis but the last; x is normalized and scaled per channel. */
export function batchNormTraining(x: tf.Tensor, scale: tf.Tensor, offset: tf.Tensor, epsilon: number): [tf.Tensor, tf.Tensor, tf.Tensor] {
  const outputs = tf.engine().runKernel(BATCH_NORM_TRAINING, { x, scale, offset }, { varianceEpsilon: epsilon } as unknown as tf.NamedAttrMap);
  return outputs as unknown as [tf.Tensor, tf.Tensor, tf.Tensor];
}

/** Whether the current backend runs the fused kernels (wasm with SIMD). */
export function batchNormTrainingAvailable(): boolean {
  return tf.getKernel(BATCH_NORM_TRAINING, tf.getBackend()) !== undefined && simdKernelsFor(tf.backend()) !== undefined;
}

export const batchNormTrainingGradient: tf.GradConfig = {
  kernelName: BATCH_NORM_TRAINING,
  inputsToSave: ['x', 'scale'],
  outputsToSave: [false, true, true],
  gradFunc: (dys, saved, attrs) => {
    const [dy, dMean, dVariance] = dys as tf.Tensor[];
    const [x, scale, mean, variance] = saved;
    const [dx, dScale, dOffset] = tf.engine().runKernel(
      BATCH_NORM_TRAINING_GRAD, { dy, x, mean, variance, scale, dMean, dVariance }, attrs as tf.NamedAttrMap,
    ) as unknown as tf.Tensor[];
    return { x: () => dx, scale: () => dScale, offset: () => dOffset };
  },
};

export function batchNormTrainingKernels(backendName: string): KernelConfig[] {
  return [
    { kernelName: BATCH_NORM_TRAINING, backendName, kernelFunc: forward as unknown as KernelFunc },
    { kernelName: BATCH_NORM_TRAINING_GRAD, backendName, kernelFunc: backward as unknown as KernelFunc },
  ];
}

function simdFor(backend: HeapBackend): SimdKernels {
  const simd = simdKernelsFor(backend);
  if (simd === undefined) throw new Error(`${BATCH_NORM_TRAINING} needs the wasm backend with SIMD`);
  return simd;
}

function geometry(x: TensorInfo): { pixels: number; channels: number } {
  const channels = x.shape[x.shape.length - 1];
  return { pixels: tf.util.sizeFromShape(x.shape) / channels, channels };
}

function forward({ inputs, backend, attrs }: KernelArgs): TensorInfo[] {
  const simd = simdFor(backend);
  const { x, scale, offset } = inputs;
  const { pixels, channels } = geometry(x);
  const y = backend.makeOutput([...x.shape], 'float32');
  const mean = backend.makeOutput([channels], 'float32');
  const variance = backend.makeOutput([channels], 'float32');
  const scratch = backend.makeOutput([3 * channels], 'float32');
  // a, b = 0, k of channelAffine: y = a·x + k with a = γ/√(σ² + ε), k = β − μ·a.
  const coefficients = backend.makeOutput([3 * channels], 'float32');
  const at = (t: TensorInfo) => backend.typedArrayFromHeap(t).byteOffset;
  simd.channelMoments(at(x), pixels, channels, at(mean), at(variance), at(scratch));
  const mu = backend.typedArrayFromHeap(mean);
  const sigma2 = backend.typedArrayFromHeap(variance);
  const gamma = backend.typedArrayFromHeap(scale);
  const beta = backend.typedArrayFromHeap(offset);
  const c = backend.typedArrayFromHeap(coefficients) as Float32Array;
  for (let k = 0; k < channels; k++) {
    const a = gamma[k] / Math.sqrt(sigma2[k] + attrs.varianceEpsilon);
    c[k] = a;
    c[channels + k] = 0;
    c[2 * channels + k] = beta[k] - mu[k] * a;
  }
  const base = c.byteOffset;
  simd.channelAffine(at(x), at(x), base, base + 4 * channels, base + 8 * channels, at(y), pixels, channels);
  backend.disposeData(scratch.dataId);
  backend.disposeData(coefficients.dataId);
  return [y, mean, variance];
}

/**
 * With r = 1/√(σ² + ε), D = Σ dy and S = Σ dy·(x − μ) over the N pixels of a channel:
 * dx = γr·dy − γr³S/N·(x − μ) − γrD/N, plus dμ/N and 2dσ²·(x − μ)/N from the statistics' own dys;
 * dγ = rS, dβ = D.
 */
function backward({ inputs, backend, attrs }: KernelArgs): TensorInfo[] {
  const simd = simdFor(backend);
  const { dy, x, mean, variance, scale, dMean, dVariance } = inputs;
  const { pixels, channels } = geometry(x);
  const dx = backend.makeOutput([...x.shape], 'float32');
  const dScale = backend.makeOutput([channels], 'float32');
  const dOffset = backend.makeOutput([channels], 'float32');
  const scratch = backend.makeOutput([6 * channels], 'float32');
  const sums = backend.makeOutput([2 * channels], 'float32');
  const coefficients = backend.makeOutput([3 * channels], 'float32');
  const at = (t: TensorInfo) => backend.typedArrayFromHeap(t).byteOffset;
  const sumsAt = at(sums);
  simd.channelGradientSums(at(dy), at(x), at(mean), pixels, channels, sumsAt, sumsAt + 4 * channels, at(scratch));
  const s = backend.typedArrayFromHeap(sums);
  const mu = backend.typedArrayFromHeap(mean);
  const sigma2 = backend.typedArrayFromHeap(variance);
  const gamma = backend.typedArrayFromHeap(scale);
  const upstreamMean = backend.typedArrayFromHeap(dMean);
  const upstreamVariance = backend.typedArrayFromHeap(dVariance);
  const gradScale = backend.typedArrayFromHeap(dScale);
  const gradOffset = backend.typedArrayFromHeap(dOffset);
  const c = backend.typedArrayFromHeap(coefficients) as Float32Array;
  for (let k = 0; k < channels; k++) {
    const total = s[k];
    const centered = s[channels + k];
    const r = 1 / Math.sqrt(sigma2[k] + attrs.varianceEpsilon);
    const a = gamma[k] * r;
    const b = (-a * r * r * centered + 2 * upstreamVariance[k]) / pixels;
    c[k] = a;
    c[channels + k] = b;
    c[2 * channels + k] = (-a * total + upstreamMean[k]) / pixels - b * mu[k];
    gradScale[k] = r * centered;
    gradOffset[k] = total;
  }
  const base = c.byteOffset;
  simd.channelAffine(at(dy), at(x), base, base + 4 * channels, base + 8 * channels, at(dx), pixels, channels);
  for (const t of [scratch, sums, coefficients]) backend.disposeData(t.dataId);
  return [dx, dScale, dOffset];
}
