import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { beforeAll, describe, expect, it } from 'vitest';
import { initEngine } from '../engine/init-engine';
import { randomValues, scaledError, seededRandom } from '../testing/backend-parity';
import { TrainingBatchNormalization } from './training-batch-norm';

const ARGS = { axis: -1, epsilon: 1e-5, momentum: 0.9, center: true, scale: true } as const;
const SHAPE = [2, 6, 5, 8];

beforeAll(async () => {
  await initEngine({ backend: 'wasm', env: {} });
});

/** Training-mode calls and their gradients; returns y, dx, dγ, dβ and the moving mean and variance after three calls. */
function trainingCall(layer: tfl.layers.Layer): Float32Array[] {
  const random = seededRandom(23);
  const x = tf.tensor(randomValues(SHAPE, random), SHAPE);
  const r = tf.tensor(randomValues(SHAPE, random), SHAPE);
  layer.build(SHAPE);
  const [, , movingMean, movingVariance] = layer.getWeights();
  const gamma = tf.tensor(randomValues([8], random), [8]);
  const beta = tf.tensor(randomValues([8], random), [8]);
  layer.setWeights([gamma, beta, movingMean, movingVariance]);
  tf.dispose([gamma, beta]);
  const f = (xs: tf.Tensor) => layer.apply(xs, { training: true }) as tf.Tensor;
  const y = f(x);
  const { value, grads } = tf.variableGrads(() => tf.sum(tf.mul(f(x), r)) as tf.Scalar, layer.trainableWeights.map((w) => w.read() as tf.Variable));
  const dx = tf.grad((xs: tf.Tensor) => tf.sum(tf.mul(f(xs), r)))(x);
  const values = [y, dx, ...Object.values(grads), ...layer.getWeights().slice(2)].map((t) => Float32Array.from(t.dataSync()));
  tf.dispose([x, r, y, value, dx, ...Object.values(grads)]);
  return values;
}

describe('TrainingBatchNormalization', () => {
  it('trains as tfjs-layers BatchNormalization does: output, gradients and moving averages', () => {
    const expected = trainingCall(tfl.layers.batchNormalization({ ...ARGS }));
    const actual = trainingCall(new TrainingBatchNormalization({ ...ARGS }));
    expect(actual).toHaveLength(6);
    actual.forEach((values, i) => expect(scaledError(expected[i], values)).toBeLessThan(2e-5));
  });

  it('saves as BatchNormalization and loads back as itself', async () => {
    const input = tfl.input({ shape: [4, 4, 8] });
    const output = new TrainingBatchNormalization({ ...ARGS, name: 'bn' }).apply(input) as tfl.SymbolicTensor;
    const model = tfl.model({ inputs: input, outputs: output });
    const topology = model.toJSON(null, false) as { config: { layers: Array<{ class_name: string }> } };
    expect(topology.config.layers.map((l) => l.class_name)).toContain('BatchNormalization');
    const loaded = await tfl.models.modelFromJSON({ modelTopology: topology });
    expect(loaded.getLayer('bn')).toBeInstanceOf(TrainingBatchNormalization);
  });
});
