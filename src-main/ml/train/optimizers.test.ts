import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { initEngine } from '../engine/init-engine';
import { TrainingOptimizer, type OptimizerConfig } from './optimizers';

beforeAll(async () => {
  await initEngine({ backend: 'wasm', env: {} });
});

/** w after one step on loss = sum(w · g) (so the gradient is g) from w = [[1, 2]]. */
function oneStep(config: OptimizerConfig, lr = config.lr): number[] {
  const w = tf.variable(tf.tensor2d([[1, 2]]), true, `w${Math.random()}`);
  const g = tf.tensor2d([[0.5, -1]]);
  const optimizer = new TrainingOptimizer(config);
  optimizer.setLearningRate(lr);
  optimizer.minimize(() => tf.sum(tf.mul(w, g)) as tf.Scalar, [w]);
  const out = Array.from(w.dataSync());
  tf.dispose([w, g]);
  optimizer.dispose();
  return out;
}

describe('training optimizers', () => {
  it('sgd with momentum takes a plain step first, with L2 weight decay added to the gradient', () => {
    expect(oneStep({ name: 'sgd', lr: 0.1 })).toEqual([expect.closeTo(0.95, 6), expect.closeTo(2.1, 6)]);
    expect(oneStep({ name: 'sgd', lr: 0.1, weightDecay: 0.1 })).toEqual([expect.closeTo(1 - 0.1 * 0.6, 6), expect.closeTo(2 - 0.1 * (-1 + 0.2), 6)]);
  });

  it('adam moves each weight by about lr against its gradient sign', () => {
    expect(oneStep({ name: 'adam', lr: 0.01 })).toEqual([expect.closeTo(0.99, 5), expect.closeTo(2.01, 5)]);
  });

  it('adamw decays weights after the step, decoupled from the gradient', () => {
    const [a, b] = oneStep({ name: 'adamw', lr: 0.01, weightDecay: 0.5 });
    expect(a).toBeCloseTo(0.99 * (1 - 0.005), 5);
    expect(b).toBeCloseTo(2.01 * (1 - 0.005), 5);
  });

  it('uses the learning rate set before the step', () => {
    expect(oneStep({ name: 'adam', lr: 0.01 }, 0.1)).toEqual([expect.closeTo(0.9, 5), expect.closeTo(2.1, 5)]);
    expect(oneStep({ name: 'sgd', lr: 0.01 }, 1)).toEqual([expect.closeTo(0.5, 5), expect.closeTo(3, 5)]);
  });
});
