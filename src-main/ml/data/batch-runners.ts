import type { Worker } from 'node:worker_threads';
import { startWorker } from '../../util/ts-worker';
import { BatchAssembler, type AssembledBatch, type BatchJob, type BatchSpec } from './batch-assembler';
import type { LoaderReply, LoaderRequest } from './loader-worker';

// From source the worker is ./loader-worker.ts; in a bundle it is data-loader-worker.mjs beside the chunk.
const LOADER_WORKER = import.meta.url.endsWith('.ts') ? new URL('./loader-worker.ts', import.meta.url) : new URL('./data-loader-worker.mjs', import.meta.url);

/** Builds batches somewhere: in this thread or on worker threads. */
export interface BatchRunner {
  run(job: BatchJob): Promise<AssembledBatch>;
  close(): Promise<void>;
}

/** Builds batches one after another in this thread. */
export class InThreadRunner implements BatchRunner {
  private readonly assembler: BatchAssembler;
  private tail: Promise<unknown> = Promise.resolve();

  constructor(spec: BatchSpec) {
    this.assembler = new BatchAssembler(spec);
  }

  run(job: BatchJob): Promise<AssembledBatch> {
    const result = this.tail.then(() => this.assembler.assemble(job));
    this.tail = result.catch(() => undefined);
    return result;
  }

  async close(): Promise<void> {
    await this.tail;
  }
}

interface Outstanding {
  readonly worker: Worker;
  readonly resolve: (batch: AssembledBatch) => void;
  readonly reject: (error: Error) => void;
}

/** Hands each job to the worker with the fewest outstanding jobs; each worker works through its own in order. */
export class WorkerPoolRunner implements BatchRunner {
  private readonly workers: Worker[];
  private readonly outstanding = new Map<number, Outstanding>();
  private nextJobId = 0;
  private failure: Error | null = null;
  private isClosing = false;

  constructor(spec: BatchSpec, count: number) {
    this.workers = Array.from({ length: count }, () => this.start(spec));
  }

  run(job: BatchJob): Promise<AssembledBatch> {
    if (this.failure) return Promise.reject(this.failure);
    const worker = this.leastBusyWorker();
    const jobId = this.nextJobId++;
    return new Promise<AssembledBatch>((resolve, reject) => {
      this.outstanding.set(jobId, { worker, resolve, reject });
      const request: LoaderRequest = { ...job, jobId };
      worker.postMessage(request);
    });
  }

  async close(): Promise<void> {
    this.isClosing = true;
    this.failAll(new Error('batch loader is closed'));
    await Promise.all(this.workers.map((worker) => worker.terminate()));
  }

  private start(spec: BatchSpec): Worker {
    const worker = startWorker(LOADER_WORKER, { workerData: spec });
    worker.on('message', (reply: LoaderReply) => {
      const waiting = this.outstanding.get(reply.jobId);
      if (!waiting) return;
      this.outstanding.delete(reply.jobId);
      if ('error' in reply) waiting.reject(new Error(reply.error));
      else waiting.resolve({ images: reply.images, labels: reply.labels });
    });
    worker.on('error', (error: Error) => this.fail(new Error(`data loading thread failed: ${error.message}`)));
    worker.on('exit', (code) => {
      if (!this.isClosing) this.fail(new Error(`data loading thread exited unexpectedly (code ${code})`));
    });
    return worker;
  }

  private leastBusyWorker(): Worker {
    const load = new Map(this.workers.map((worker) => [worker, 0]));
    for (const { worker } of this.outstanding.values()) load.set(worker, load.get(worker)! + 1);
    return this.workers.reduce((best, worker) => (load.get(worker)! < load.get(best)! ? worker : best));
  }

  // Any thread failing stops the loader: retrying on the others would hide a broken environment.
  private fail(error: Error): void {
    this.failure ??= error;
    this.failAll(this.failure);
  }

  private failAll(error: Error): void {
    for (const waiting of this.outstanding.values()) waiting.reject(error);
    this.outstanding.clear();
  }
}
