import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-layers';
import { beforeAll, describe, expect, it } from 'vitest';
import { initEngine } from '../engine/init-engine';
import { randomValues, scaledError, seededRandom, valuesOn } from '../testing/backend-parity';
import { fusedBatchNormGradient } from './fused-batch-norm-gradient';

// Captured before initEngine replaces it: tfjs-layers' import above registered tfjs-core's gradients.
const tfjsCoreGradient = tf.getGradient(tf.FusedBatchNorm);

const TOLERANCE = 1e-5;

interface BatchNormCase {
  x: number[];
}

/** Gradients of Σ batchNorm(x; moments(x), γ, β) · r for x, γ and β, as in training. */
function batchNormGradients(c: BatchNormCase): () => tf.Tensor[] {
  const random = seededRandom(61);
  const channels = c.x[c.x.length - 1];
  const x = randomValues(c.x, random);
  const gamma = randomValues([channels], random);
  const beta = randomValues([channels], random);
  const r = randomValues(c.x, random);
  return () => {
    const loss = (xs: tf.Tensor, g: tf.Tensor, b: tf.Tensor) => {
      const { mean, variance } = tf.moments(xs, c.x.map((_, i) => i).slice(0, -1));
      return tf.sum(tf.mul(tf.batchNorm(xs, mean, variance, b, g, 1e-3), tf.tensor(r, c.x)));
    };
    return tf.grads(loss)([tf.tensor(x, c.x), tf.tensor(gamma, [channels]), tf.tensor(beta, [channels])]);
  };
}

async function valuesWith(gradient: tf.GradConfig, backend: string, c: BatchNormCase): Promise<Float32Array[]> {
  tf.registerGradient(gradient);
  return valuesOn(backend, batchNormGradients(c));
}

beforeAll(async () => {
  await initEngine({ backend: 'wasm', env: {} });
});

describe('fusedBatchNormGradient', () => {
  it('replaces tfjs-core gradient once the engine starts', () => {
    expect(tf.getGradient(tf.FusedBatchNorm)).toBe(fusedBatchNormGradient);
    expect(tfjsCoreGradient).toBeDefined();
  });

  it.each([
    ['NHWC activations', { x: [3, 5, 7, 4] }],
    ['odd sizes', { x: [2, 9, 3, 5] }],
    ['dense activations', { x: [6, 3] }],
  ] as Array<[string, BatchNormCase]>)('matches tfjs-core gradient on cpu and wasm: %s', async (_, c) => {
    const expected = await valuesWith(tfjsCoreGradient!, 'cpu', c);
    for (const backend of ['cpu', 'wasm']) {
      const actual = await valuesWith(fusedBatchNormGradient, backend, c);
      expect(actual).toHaveLength(expected.length);
      expect(Math.max(...expected.map((e, i) => scaledError(e, actual[i])))).toBeLessThan(TOLERANCE);
    }
  });
});
