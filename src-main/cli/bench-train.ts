import * as tf from '@tensorflow/tfjs-core';
import { parseArgs } from 'node:util';
import { engineNames, type EngineName } from '../ml/engine/engine-candidates';
import { initEngine } from '../ml/engine/init-engine';
import { buildModel, trainableParamCount } from '../ml/models';
import { ARCHS, type Arch } from '../ml/models/types';
import { TrainingOptimizer } from '../ml/train/optimizers';
import { trainStep, type StepBatch } from '../ml/train/training-step';
import { parseChoice, parsePositiveInteger, parseSize } from './flags';
import { UsageError } from './usage-error';

export const BENCH_USAGE = `segstudio bench train --arch A --width N --size WxH --batch N --steps N [--warmup N] [--backend B] [--json]

Times training steps (Adam, cross-entropy, 19 classes) on random data in this process. Prints the
median over the timed steps after the warm-up steps; --json prints {"msPerStep", "engine", ...}.`;

const CLASSES = 19;

export async function runBench(argv: string[]): Promise<number> {
  const [subcommand, ...rest] = argv;
  if (subcommand !== 'train') throw new UsageError(`unknown benchmark ${JSON.stringify(subcommand ?? '')} (available: train)`);
  const { values } = parseArgs({
    args: rest,
    strict: true,
    options: {
      arch: { type: 'string', default: 'unet' },
      width: { type: 'string', default: '16' },
      size: { type: 'string', default: '128x128' },
      batch: { type: 'string', default: '4' },
      steps: { type: 'string', default: '10' },
      warmup: { type: 'string', default: '2' },
      backend: { type: 'string' },
      json: { type: 'boolean', default: false },
    },
  });
  const arch = parseChoice('--arch', values.arch, ARCHS) as Arch;
  const width = parsePositiveInteger('--width', values.width);
  const size = parseSize(values.size);
  const batchSize = parsePositiveInteger('--batch', values.batch);
  const steps = parsePositiveInteger('--steps', values.steps);
  const warmup = Number(values.warmup);
  if (!Number.isInteger(warmup) || warmup < 0) throw new UsageError(`--warmup must be an integer >= 0, got ${JSON.stringify(values.warmup)}`);
  const backend = values.backend === undefined ? undefined : parseChoice('--backend', values.backend, engineNames) as EngineName;

  const engine = await initEngine({ backend });
  const model = buildModel({ arch, width, inputHeight: size.height, inputWidth: size.width, numClasses: CLASSES });
  const optimizer = new TrainingOptimizer({ name: 'adam', lr: 1e-3 });
  const batch = randomBatch(batchSize, size.height, size.width);
  const timings: number[] = [];
  for (let i = 0; i < warmup + steps; i++) {
    const started = performance.now();
    trainStep(model, optimizer, batch, { name: 'cross-entropy' });
    if (i >= warmup) timings.push(performance.now() - started);
  }
  const msPerStep = median(timings);
  const result = {
    msPerStep, engine: engine.backend, device: engine.device, arch, width, size: `${size.width}x${size.height}`, batch: batchSize,
    steps, warmup, imagesPerSecond: (batchSize * 1000) / msPerStep, trainableParams: trainableParamCount(model), stepMs: timings,
  };
  model.dispose();
  optimizer.dispose();
  console.log(values.json ? JSON.stringify(result) : `${arch} width ${width} ${result.size} batch ${batchSize}: ${msPerStep.toFixed(0)} ms/step (median of ${steps}) on ${engine.backend}, ${result.imagesPerSecond.toFixed(2)} images/s`);
  return 0;
}

function randomBatch(count: number, height: number, width: number): StepBatch {
  const images = new Float32Array(count * height * width * 3);
  const labels = new Uint8Array(count * height * width);
  let seed = 1;
  const random = () => ((seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) / 4294967296);
  for (let i = 0; i < images.length; i++) images[i] = random() * 2 - 1;
  for (let i = 0; i < labels.length; i++) labels[i] = Math.floor(random() * CLASSES);
  return { count, height, width, images, labels };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}
