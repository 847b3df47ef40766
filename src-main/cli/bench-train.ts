import * as tf from '@tensorflow/tfjs-core';
import { parseArgs } from 'node:util';
import { engineNames, type EngineName } from '../ml/engine/engine-names';
import { initEngine } from '../ml/engine/init-engine';
import { buildModel, trainableParamCount } from '../ml/models';
import { ARCHS, type Arch } from '../ml/models/types';
import { DataParallelStep } from '../ml/parallel/data-parallel-step';
import { defaultTrainingThreads } from '../ml/parallel/threads';
import { TrainingOptimizer } from '../ml/train/optimizers';
import { trainStep, type StepBatch } from '../ml/train/training-step';
import { parseChoice, parsePositiveInteger, parseSize } from './flags';
import { UsageError } from './usage-error';

export const BENCH_USAGE = `segstudio bench train --arch A --width N --size WxH --batch N --steps N [--warmup N] [--backend B] [--threads N] [--profile] [--json]

Times training steps (Adam, cross-entropy, 19 classes) on random data in this process. Prints the
median over the timed steps after the warm-up steps (wall and CPU time, all threads); --json prints
{"msPerStep", "cpuMsPerStep", "engine", ...}.
--threads splits each batch over that many threads (data-parallel; default: one per core on wasm
and cpu, 1 on the TensorFlow engines). --profile adds one single-thread step under tf.profile and
prints its time per kernel.`;

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
      threads: { type: 'string' },
      profile: { type: 'boolean', default: false },
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
  const requested = values.threads === undefined ? defaultTrainingThreads(engine.backend) : parsePositiveInteger('--threads', values.threads);
  const threads = Math.min(requested, batchSize);
  const model = buildModel({ arch, width, inputHeight: size.height, inputWidth: size.width, numClasses: CLASSES });
  const optimizer = new TrainingOptimizer({ name: 'adam', lr: 1e-3 });
  const batch = randomBatch(batchSize, size.height, size.width);
  const loss = { name: 'cross-entropy' } as const;
  const parallel = threads > 1 ? await DataParallelStep.start(model, threads, engine.backend) : undefined;
  const timings: number[] = [];
  const cpuTimings: number[] = [];
  try {
    for (let i = 0; i < warmup + steps; i++) {
      const started = performance.now();
      const cpuStarted = process.cpuUsage();
      if (parallel) await parallel.step(model, optimizer, batch, loss);
      else trainStep(model, optimizer, batch, loss);
      const cpu = process.cpuUsage(cpuStarted);
      if (i >= warmup) {
        timings.push(performance.now() - started);
        cpuTimings.push((cpu.user + cpu.system) / 1000);
      }
    }
  } finally {
    await parallel?.close();
  }
  const kernels = values.profile ? await kernelProfile(() => trainStep(model, optimizer, batch, loss)) : undefined;
  const msPerStep = median(timings);
  const result = {
    msPerStep, cpuMsPerStep: median(cpuTimings), engine: engine.backend, device: engine.device, threads: parallel?.threads ?? 1, arch, width, size: `${size.width}x${size.height}`,
    batch: batchSize, steps, warmup, imagesPerSecond: (batchSize * 1000) / msPerStep, trainableParams: trainableParamCount(model), stepMs: timings,
    ...(kernels ? { kernels } : {}),
  };
  model.dispose();
  optimizer.dispose();
  if (kernels && !values.json) {
    for (const k of kernels.filter((k) => k.ms >= 1)) console.log(`  ${k.kernel.padEnd(28)} ${k.ms.toFixed(1).padStart(8)} ms ${String(k.calls).padStart(5)} calls`);
  }
  console.log(values.json ? JSON.stringify(result) : `${arch} width ${width} ${result.size} batch ${batchSize}: ${msPerStep.toFixed(0)} ms/step (median of ${steps}) on ${engine.backend}, ${result.threads} thread(s), ${result.imagesPerSecond.toFixed(2)} images/s`);
  return 0;
}

/** Milliseconds and calls per kernel name in one run of `step`, slowest first; composed kernels count as one. */
async function kernelProfile(step: () => void): Promise<Array<{ kernel: string; ms: number; calls: number }>> {
  const info = await tf.profile(step);
  const byName = new Map<string, { ms: number; calls: number }>();
  for (const k of info.kernels) {
    const entry = byName.get(k.name) ?? { ms: 0, calls: 0 };
    entry.ms += k.kernelTimeMs as number;
    entry.calls++;
    byName.set(k.name, entry);
  }
  return [...byName].map(([kernel, e]) => ({ kernel, ...e })).sort((a, b) => b.ms - a.ms);
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
