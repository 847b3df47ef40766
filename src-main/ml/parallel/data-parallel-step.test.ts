import * as tfl from '@tensorflow/tfjs-layers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initEngine } from '../engine/init-engine';
import { randomValues, scaledError, seededRandom } from '../testing/backend-parity';
import type { LossConfig } from '../train/losses';
import { TrainingOptimizer } from '../train/optimizers';
import { trainStep, type StepBatch } from '../train/training-step';
import { DataParallelStep } from './data-parallel-step';

const CLASSES = 5;
const [HEIGHT, WIDTH] = [8, 10];
// Float32 sums in a different order: Adam's first steps move each weight by ~lr whatever the gradient's size.
const TOLERANCE = 1e-5;

/** No BatchNorm: its batch statistics are the one thing a shard legitimately computes differently. */
function smallNet(): tfl.LayersModel {
  const model = tfl.sequential();
  model.add(tfl.layers.conv2d({ inputShape: [HEIGHT, WIDTH, 3], filters: 6, kernelSize: 3, padding: 'same', activation: 'relu' }));
  model.add(tfl.layers.conv2d({ filters: 4, kernelSize: 3, padding: 'same', activation: 'relu' }));
  model.add(tfl.layers.conv2d({ filters: CLASSES, kernelSize: 1 }));
  return model;
}

function twinModels(): [tfl.LayersModel, tfl.LayersModel] {
  const a = smallNet();
  const b = smallNet();
  b.setWeights(a.getWeights());
  return [a, b];
}

function randomBatch(count: number, seed: number): StepBatch {
  const random = seededRandom(seed);
  const labels = Uint8Array.from({ length: count * HEIGHT * WIDTH }, () => {
    const r = (random() + 1) / 2;
    return r < 0.1 ? 255 : Math.floor(r * CLASSES);
  });
  return { count, height: HEIGHT, width: WIDTH, images: randomValues([count, HEIGHT, WIDTH, 3], random), labels };
}

function weightsOf(model: tfl.LayersModel): Float32Array[] {
  return model.getWeights().map((w) => w.dataSync() as Float32Array);
}

let parallel: DataParallelStep | undefined;

beforeAll(async () => {
  await initEngine({ backend: 'wasm', env: {} });
});

afterAll(async () => {
  await parallel?.close();
});

describe('DataParallelStep', () => {
  it.each([
    ['cross-entropy, 4 images on 2 threads', { name: 'cross-entropy' }, 4],
    ['class-weighted cross-entropy, 3 images split 2 + 1', { name: 'cross-entropy', classWeights: [1, 2, 0.5, 3, 1] }, 3],
    ['focal loss', { name: 'focal', gamma: 2 }, 4],
  ] as Array<[string, LossConfig, number]>)('updates the weights as one step on the whole batch: %s', async (_, loss, count) => {
    const [single, split] = twinModels();
    const singleOptimizer = new TrainingOptimizer({ name: 'adam', lr: 1e-2 });
    const splitOptimizer = new TrainingOptimizer({ name: 'adam', lr: 1e-2 });
    parallel = await DataParallelStep.start(split, 2, 'wasm');
    for (const seed of [11, 12, 13]) {
      const batch = randomBatch(count, seed);
      const singleLoss = trainStep(single, singleOptimizer, batch, loss);
      const splitLoss = await parallel.step(split, splitOptimizer, batch, loss);
      expect(Math.abs(splitLoss - singleLoss)).toBeLessThan(TOLERANCE * Math.max(1, singleLoss));
    }
    const expected = weightsOf(single);
    const actual = weightsOf(split);
    expect(Math.max(...expected.map((e, i) => scaledError(e, actual[i])))).toBeLessThan(TOLERANCE);
    await parallel.close();
    parallel = undefined;
    singleOptimizer.dispose();
    splitOptimizer.dispose();
    single.dispose();
    split.dispose();
  }, 60_000);

  it('reports a worker that cannot rebuild the model', async () => {
    const model = smallNet();
    const broken = Object.assign(Object.create(Object.getPrototypeOf(model)), model, { toJSON: () => '{"class_name": "NoSuchModel"}' });
    await expect(DataParallelStep.start(broken as tfl.LayersModel, 2, 'wasm')).rejects.toThrow(/training thread could not start/);
    model.dispose();
  }, 60_000);
});
