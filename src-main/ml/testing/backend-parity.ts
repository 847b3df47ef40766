import * as tf from '@tensorflow/tfjs-core';

/** Deterministic uniform numbers in [-1, 1) (mulberry32), so failures reproduce. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 31 - 1;
  };
}

export function randomValues(shape: readonly number[], random: () => number): Float32Array {
  return Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, random);
}

/** max |actual − expected| over max(1, max |expected|): an absolute error for small values, relative for large. */
export function scaledError(expected: Float32Array, actual: Float32Array): number {
  if (expected.length !== actual.length) return Infinity;
  let scale = 1;
  let worst = 0;
  for (let i = 0; i < expected.length; i++) {
    scale = Math.max(scale, Math.abs(expected[i]));
    worst = Math.max(worst, Math.abs(actual[i] - expected[i]));
  }
  return worst / scale;
}

/** Runs `compute` on a backend (it must create its own tensors) and reads every output. */
export async function valuesOn(backend: string, compute: () => tf.Tensor | tf.Tensor[]): Promise<Float32Array[]> {
  await tf.setBackend(backend);
  const outputs = tf.tidy(compute);
  const list = Array.isArray(outputs) ? outputs : [outputs];
  const values = list.map((t) => Float32Array.from(t.dataSync() as ArrayLike<number>));
  tf.dispose(list);
  return values;
}

/** The worst scaledError between `compute` on wasm and a reference computation on cpu (the same one unless given). */
export async function wasmErrorAgainstCpu(
  compute: () => tf.Tensor | tf.Tensor[],
  reference: () => tf.Tensor | tf.Tensor[] = compute,
): Promise<number> {
  const expected = await valuesOn('cpu', reference);
  const actual = await valuesOn('wasm', compute);
  if (expected.length !== actual.length) return Infinity;
  return Math.max(...expected.map((e, i) => scaledError(e, actual[i])));
}
