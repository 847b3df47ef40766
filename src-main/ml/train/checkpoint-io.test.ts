import * as tf from '@tensorflow/tfjs-core';
import { mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initEngine } from '../engine/init-engine';
import { buildModel } from '../models';
import { checkpointEpochs, loadCheckpoint, pruneCheckpoints, saveCheckpoint } from './checkpoint-io';
import { TrainingOptimizer } from './optimizers';
import { trainStep } from './training-step';

const runDir = mkdtempSync(join(tmpdir(), 'segstudio-ckpt-'));

beforeAll(async () => {
  await initEngine({ backend: 'wasm', env: {} });
});
afterAll(() => rmSync(runDir, { recursive: true, force: true }));

const BATCH = { count: 2, height: 16, width: 16, images: new Float32Array(2 * 16 * 16 * 3).map((_, i) => Math.sin(i)), labels: new Uint8Array(2 * 16 * 16).map((_, i) => (i % 7 === 0 ? 255 : i % 3)) };
const STATE = { epoch: 3, globalStep: 12, bestMiou: 0.4, bestEpoch: 2, bestMonitored: 0.4, epochsWithoutImprovement: 1 };

describe('checkpoints', () => {
  it('restore the model, the optimizer slots and the trainer state, so training continues identically', async () => {
    const model = buildModel({ arch: 'unet', inputHeight: 16, inputWidth: 16, numClasses: 3, width: 4 });
    const optimizer = new TrainingOptimizer({ name: 'adam', lr: 1e-2 });
    trainStep(model, optimizer, BATCH, { name: 'cross-entropy' });
    const path = await saveCheckpoint(runDir, model, optimizer.inner, STATE);
    expect(readdirSync(path).sort()).toEqual(['model.json', 'optimizer.bin', 'state.json', 'weights.bin']);

    const loaded = await loadCheckpoint(path);
    expect(loaded.state).toEqual(STATE);
    const resumedOptimizer = new TrainingOptimizer({ name: 'adam', lr: 1e-2 });
    await resumedOptimizer.inner.setWeights(loaded.optimizerWeights);
    const next = trainStep(model, optimizer, BATCH, { name: 'cross-entropy' });
    const resumedNext = trainStep(loaded.model, resumedOptimizer, BATCH, { name: 'cross-entropy' });
    expect(resumedNext).toBeCloseTo(next, 5);
    const [a, b] = [model, loaded.model].map((m) => m.predict(tf.tensor4d(BATCH.images, [2, 16, 16, 3])) as tf.Tensor);
    expect(tf.max(tf.abs(tf.sub(a, b))).dataSync()[0]).toBeLessThan(1e-4);
    tf.dispose([a, b]);
    model.dispose();
    loaded.model.dispose();
  });

  it('prune every epoch folder not kept, and temp folders of killed saves', async () => {
    const dir = join(runDir, 'prune');
    for (const name of ['epoch-0001', 'epoch-0002', 'epoch-0003', '.epoch-4.99999.tmp']) mkdirSync(join(dir, 'checkpoints', name), { recursive: true });
    await pruneCheckpoints(dir, new Set([1, 3]));
    expect(await checkpointEpochs(dir)).toEqual([1, 3]);
    expect(readdirSync(join(dir, 'checkpoints')).sort()).toEqual(['epoch-0001', 'epoch-0003']);
  });
});
