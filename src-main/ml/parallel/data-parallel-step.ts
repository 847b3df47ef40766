import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import type { Worker } from 'node:worker_threads';
import { startWorker } from '../../util/ts-worker';
import type { EngineName } from '../engine/engine-names';
import type { LossConfig } from '../train/losses';
import type { TrainingOptimizer } from '../train/optimizers';
import { lossGradients, type StepBatch } from '../train/training-step';
import type { ShardStepReply, ShardStepRequest, ShardWorkerReady, ShardWorkerSetup } from './messages';
import { shardLossWeight, splitBatch } from './shards';

// From source the worker is ./shard-worker.ts; in a bundle it is train-shard-worker.mjs beside the chunk.
const SHARD_WORKER = import.meta.url.endsWith('.ts') ? new URL('./shard-worker.ts', import.meta.url) : new URL('./train-shard-worker.mjs', import.meta.url);

interface ShardGradients {
  readonly batch: StepBatch;
  readonly loss: number;
  readonly gradients: Float32Array[];
  readonly nonTrainable: Float32Array[];
}

/**
 * Data-parallel training steps: the batch is split by images over this thread and `threads − 1`
 * worker threads, each with its own engine (a wasm instance runs on one core) and a copy of the
 * model that receives the current weights every step. The gradients are averaged as the
 * full batch's loss weighs them and applied here, so the optimizer and its state stay in one
 * place. BatchNorm sees each shard's statistics, as in PyTorch's DistributedDataParallel
 * without SyncBatchNorm; its moving averages are averaged over the shards.
 */
export class DataParallelStep {
  private nextStepId = 0;

  private constructor(private readonly workers: ShardWorker[]) {}

  /** Starts `threads − 1` workers, each rebuilding `model` on `backend`; resolves once all are ready. */
  static async start(model: tfl.LayersModel, threads: number, backend: EngineName): Promise<DataParallelStep> {
    const setup: ShardWorkerSetup = {
      modelTopology: model.toJSON(null, true) as string,
      backend,
      weightShapes: [...model.trainableWeights, ...model.nonTrainableWeights].map((w) => w.shape as number[]),
    };
    const workers = Array.from({ length: Math.max(0, threads - 1) }, () => new ShardWorker(setup));
    try {
      await Promise.all(workers.map((worker) => worker.ready));
    } catch (error) {
      await Promise.all(workers.map((worker) => worker.close()));
      throw error;
    }
    return new DataParallelStep(workers);
  }

  get threads(): number {
    return this.workers.length + 1;
  }

  /** One optimizer step on the whole batch; returns the batch's loss before the step. */
  async step(model: tfl.LayersModel, optimizer: TrainingOptimizer, batch: StepBatch, loss: LossConfig): Promise<number> {
    const shards = splitBatch(batch, this.threads);
    const trainable = readWeights(model.trainableWeights);
    const nonTrainable = readWeights(model.nonTrainableWeights);
    const stepId = this.nextStepId++;
    const remote = shards.slice(1).map((shard, i) => this.workers[i].step({ stepId, batch: shard, loss, trainable, nonTrainable }));
    const variables = model.trainableWeights.map((weight) => weight.read() as tf.Variable);
    const local = lossGradients(model, variables, shards[0], loss);
    const localGradients = local.gradients.map((g) => g.dataSync() as Float32Array);
    tf.dispose(local.gradients);
    const results: ShardGradients[] = [
      { batch: shards[0], loss: local.loss, gradients: localGradients, nonTrainable: readWeights(model.nonTrainableWeights) },
    ];
    for (const [i, reply] of (await Promise.all(remote)).entries()) {
      results.push({ batch: shards[i + 1], loss: reply.loss, gradients: reply.gradients, nonTrainable: reply.nonTrainable });
    }
    const numClasses = model.outputs[0].shape[3] as number;
    const lossWeights = results.map((r) => shardLossWeight(r.batch, loss, numClasses));
    const total = lossWeights.reduce((a, b) => a + b, 0);
    const shares = total > 0 ? lossWeights.map((w) => w / total) : results.map(() => 1 / results.length);
    const averaged: tf.NamedTensorMap = {};
    variables.forEach((variable, v) => {
      averaged[variable.name] = tf.tensor(weightedSum(results.map((r) => r.gradients[v]), shares), variable.shape);
    });
    try {
      optimizer.applyGradients(averaged, variables);
    } finally {
      tf.dispose(Object.values(averaged));
    }
    writeAveragedWeights(model.nonTrainableWeights, results.map((r) => r.nonTrainable), results.map((r) => r.batch.count / batch.count));
    return results.reduce((sum, r, k) => sum + r.loss * shares[k], 0);
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((worker) => worker.close()));
  }
}

function readWeights(weights: tfl.LayerVariable[]): Float32Array[] {
  return weights.map((weight) => (weight.read().dataSync() as Float32Array).slice());
}

function writeAveragedWeights(weights: tfl.LayerVariable[], values: Float32Array[][], shares: number[]): void {
  weights.forEach((weight, w) => {
    const averaged = weightedSum(values.map((shard) => shard[w]), shares);
    tf.tidy(() => {
      weight.write(tf.tensor(averaged, weight.shape as number[]));
    });
  });
}

/** Σₖ shares[k]·parts[k], elementwise. */
function weightedSum(parts: Float32Array[], shares: number[]): Float32Array {
  const sum = new Float32Array(parts[0].length);
  parts.forEach((part, k) => {
    const share = shares[k];
    for (let i = 0; i < sum.length; i++) sum[i] += part[i] * share;
  });
  return sum;
}

type StepReply = Extract<ShardStepReply, { gradients: Float32Array[] }>;

/** One shard worker thread, answering one step request at a time. */
class ShardWorker {
  readonly ready: Promise<void>;
  private readonly worker: Worker;
  private pending: { stepId: number; resolve: (reply: StepReply) => void; reject: (error: Error) => void } | undefined;
  private failure: Error | undefined;

  constructor(setup: ShardWorkerSetup) {
    this.worker = startWorker(SHARD_WORKER, { workerData: setup });
    this.ready = new Promise((resolve, reject) => {
      this.worker.once('message', (message: ShardWorkerReady) => {
        if (message.ready) resolve();
        else reject(new Error(`training thread could not start: ${message.error}`));
        this.worker.on('message', (reply: ShardStepReply) => this.settle(reply));
      });
      this.worker.on('error', (error: Error) => {
        this.fail(new Error(`training thread failed: ${error.message}`));
        reject(this.failure);
      });
    });
    this.worker.on('exit', (code) => this.fail(new Error(`training thread exited with code ${code}`)));
  }

  step(request: ShardStepRequest): Promise<StepReply> {
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => {
      this.pending = { stepId: request.stepId, resolve, reject };
      this.worker.postMessage(request);
    });
  }

  async close(): Promise<void> {
    this.fail(new Error('training threads are closed'));
    await this.worker.terminate();
  }

  private settle(reply: ShardStepReply): void {
    const pending = this.pending;
    if (pending === undefined || pending.stepId !== reply.stepId) return;
    this.pending = undefined;
    if ('error' in reply) pending.reject(new Error(`training thread: ${reply.error}`));
    else pending.resolve(reply);
  }

  private fail(error: Error): void {
    this.failure ??= error;
    this.pending?.reject(this.failure);
    this.pending = undefined;
  }
}
