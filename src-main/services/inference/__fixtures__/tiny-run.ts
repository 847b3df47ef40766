import * as tf from '@tensorflow/tfjs-core';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import sharp from 'sharp';
import { initEngine } from '../../../ml/engine/init-engine';
import { buildModel } from '../../../ml/models';
import { saveCheckpoint } from '../../../ml/train/checkpoint-io';
import { newTrainConfig, type TrainConfig } from '../../../ml/train/config';
import { trainPreset } from '../../../ml/train/presets';
import { openDatabase } from '../../../store/db';
import { RunStore } from '../../runs/run-store';

export const TINY_SIZE = { height: 32, width: 64 };

/**
 * A finished run recorded as the training service would leave it, without training: a U-Net of
 * width 2 with random weights, one epoch with metrics, and its checkpoint as both `last` and `best`.
 */
export async function createTinyRun(dataDir: string, datasetRoot = '/nonexistent/dataset'): Promise<{ runId: number; runDir: string }> {
  await initEngine({ backend: 'wasm' });
  const config: TrainConfig = {
    ...newTrainConfig(trainPreset('cpu-demo'), { datasetRoot }), model: { arch: 'unet', width: 2 }, inputHeight: TINY_SIZE.height, inputWidth: TINY_SIZE.width,
    normalization: 'imagenet', epochs: 2,
  };
  const db = openDatabase(dataDir);
  const store = new RunStore(db);
  const run = store.createRun({ name: 'tiny', arch: 'unet', preset: 'cpu-demo', config, datasetRoot });
  store.transition(run.id, 'running', { pid: process.pid, engine: 'wasm', device: 'CPU' });
  const runDir = join(dataDir, 'runs', String(run.id));
  const model = buildModel({ ...config.model, inputHeight: TINY_SIZE.height, inputWidth: TINY_SIZE.width, numClasses: 19 });
  const optimizer = tf.train.adam(1e-3);
  for (const epoch of [1, 2]) {
    const miou = epoch === 1 ? 0.25 : 0.2;
    store.recordEpoch(run.id, epoch, { trainLoss: 2 / epoch, valLoss: 2.5 / epoch, miou, pixelAccuracy: 0.5, meanDice: 0.3, imagesPerSecond: 10, seconds: 1.5, extra: { lr: 0.001 } },
      Array.from({ length: 19 }, (_, classTrainId) => ({
        classTrainId, iou: classTrainId === 18 ? null : 0.1 * epoch, dice: 0.2, accuracy: 0.3, sensitivity: 0.4, specificity: classTrainId === 18 ? null : 0.9,
      })));
    const path = await saveCheckpoint(runDir, model, optimizer, {
      epoch, globalStep: epoch, bestMiou: 0.25, bestEpoch: 1, bestMonitored: null, epochsWithoutImprovement: 0,
    });
    store.addCheckpoint(run.id, epoch, 'last', path);
    if (epoch === 1) store.addCheckpoint(run.id, epoch, 'best', path);
  }
  store.transition(run.id, 'done');
  model.dispose();
  optimizer.dispose();
  db.close();
  return { runId: run.id, runDir };
}

/** A noise photo at `path` (PNG or JPEG by extension), reproducible from `seed`. */
export async function writePhoto(path: string, width: number, height: number, seed = 1): Promise<void> {
  const pixels = Buffer.alloc(width * height * 3);
  let state = seed;
  for (let i = 0; i < pixels.length; i++) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    pixels[i] = state >>> 24;
  }
  mkdirSync(dirname(path), { recursive: true });
  const image = sharp(pixels, { raw: { width, height, channels: 3 } });
  writeFileSync(path, await (path.endsWith('.png') ? image.png() : image.jpeg()).toBuffer());
}
