import { readdir, rm } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { basename, dirname, join } from 'node:path';
import type { Worker } from 'node:worker_threads';
import type { InferEvent, InferFailure, InferSummary } from '../../../src-shared/api/inference';
import type { EngineName } from '../../ml/engine/engine-names';
import { startWorker } from '../../util/ts-worker';
import type { InferImageJob, InferPlan } from './discover';
import type { ResolvedModel } from './model-source';
import type { InferWorkerData, InferWorkerReply } from './worker-protocol';

// From source the worker is src-main/worker/infer-worker.ts; in the CLI bundle (out/cli) infer-worker.mjs beside the chunk.
const INFER_WORKER = import.meta.url.endsWith('.ts') ? new URL('../../worker/infer-worker.ts', import.meta.url) : new URL('./infer-worker.mjs', import.meta.url);

export interface InferenceJob {
  /** Resolves once every image is done or the job was cancelled; rejects only when the model cannot run at all. */
  readonly finished: Promise<InferSummary>;
  /** Stops at once: workers are ended mid-image, and their half-written temp files removed. */
  cancel(): void;
}

export interface RunPlanOptions {
  readonly model: ResolvedModel;
  readonly plan: InferPlan;
  readonly outputDir: string;
  readonly workers?: number;
  readonly backend?: EngineName;
}

/** Predicts the plan's images on a pool of worker threads, each with its own engine and a copy of the model. */
export function runInferencePlan(options: RunPlanOptions, onEvent: (event: InferEvent) => void): InferenceJob {
  const pool = new InferencePool(options, onEvent);
  return { finished: pool.finished, cancel: () => pool.cancel() };
}

class InferencePool {
  readonly finished: Promise<InferSummary>;
  private readonly started = performance.now();
  private readonly jobs: readonly InferImageJob[];
  private readonly workers: Worker[] = [];
  /** The job each worker slot is on. */
  private readonly inFlight = new Map<number, InferImageJob>();
  private readonly failures: InferFailure[] = [];
  private next = 0;
  private done = 0;
  private written = 0;
  private files = 0;
  private firstReadyAt: number | null = null;
  private isCancelled = false;
  private isSettled = false;
  private resolve!: (summary: InferSummary) => void;
  private reject!: (error: Error) => void;

  constructor(private readonly options: RunPlanOptions, private readonly onEvent: (event: InferEvent) => void) {
    this.jobs = options.plan.jobs;
    this.finished = new Promise((resolve, reject) => {
      this.resolve = resolve;
      this.reject = reject;
    });
    const threads = Math.min(options.workers ?? availableParallelism(), this.jobs.length);
    onEvent({ type: 'started', total: options.plan.total, skipped: options.plan.skipped.length, workers: threads });
    for (const conflict of options.plan.conflicts) this.fileFailed(conflict);
    if (this.jobs.length === 0) void this.finish();
    for (let slot = 0; slot < threads; slot++) this.startWorker(slot);
  }

  cancel(): void {
    if (this.isSettled) return;
    this.isCancelled = true;
    void this.finish();
  }

  private startWorker(slot: number): void {
    const workerData: InferWorkerData = { model: this.options.model, backend: this.options.backend };
    const worker = startWorker(INFER_WORKER, { workerData });
    this.workers.push(worker);
    worker.on('message', (reply: InferWorkerReply) => this.receive(worker, slot, reply));
    worker.once('error', (error: Error) => this.abort(new Error(`an inference worker failed: ${error.message}`)));
    worker.once('exit', (code) => {
      if (!this.isSettled && code !== 0) this.abort(new Error(`an inference worker exited with code ${code}`));
    });
  }

  private receive(worker: Worker, slot: number, reply: InferWorkerReply): void {
    switch (reply.type) {
      case 'ready':
        this.firstReadyAt ??= performance.now();
        this.feed(worker, slot);
        return;
      case 'init-failed':
        // Every worker loads the same model: if one cannot, none can.
        this.abort(new Error(`cannot load the model from ${this.options.model.weightsDir}: ${reply.error}`));
        return;
      case 'done':
      case 'failed': {
        const job = this.inFlight.get(slot)!;
        this.inFlight.delete(slot);
        this.done++;
        if (reply.type === 'done') {
          this.written++;
          this.files += reply.files;
        } else {
          this.fileFailed({ path: job.inputPath, error: reply.error });
        }
        if (!this.isSettled) this.reportProgress();
        this.feed(worker, slot);
      }
    }
  }

  private feed(worker: Worker, slot: number): void {
    if (this.isSettled) return;
    if (this.next < this.jobs.length) {
      const seq = this.next++;
      this.inFlight.set(slot, this.jobs[seq]);
      worker.postMessage({ seq, job: this.jobs[seq] });
    } else if (this.done === this.jobs.length) {
      void this.finish();
    }
  }

  private reportProgress(): void {
    const seconds = this.firstReadyAt === null ? 0 : (performance.now() - this.firstReadyAt) / 1000;
    const imagesPerSecond = seconds > 0 ? this.done / seconds : 0;
    this.onEvent({
      type: 'progress', done: this.done, total: this.jobs.length, failed: this.failures.length, imagesPerSecond,
      etaSeconds: imagesPerSecond > 0 ? (this.jobs.length - this.done) / imagesPerSecond : 0,
    });
  }

  private fileFailed(failure: InferFailure): void {
    this.failures.push(failure);
    this.onEvent({ type: 'file-failed', ...failure });
  }

  private async finish(): Promise<void> {
    if (this.isSettled) return;
    this.isSettled = true;
    await Promise.all(this.workers.map((worker) => worker.terminate()));
    // A worker ended mid-write leaves its temp files; the outputs themselves were never renamed into place.
    await Promise.all([...this.inFlight.values()].map(removeTempOutputs));
    const { plan, outputDir } = this.options;
    const summary: InferSummary = {
      total: plan.total, written: this.written, skipped: plan.skipped.length, failed: this.failures.length, failures: this.failures,
      files: this.files, seconds: (performance.now() - this.started) / 1000, cancelled: this.isCancelled, outputDir,
    };
    this.onEvent({ type: 'finished', summary });
    this.resolve(summary);
  }

  private abort(error: Error): void {
    if (this.isSettled) return;
    this.isSettled = true;
    void Promise.all(this.workers.map((worker) => worker.terminate())).then(() => this.reject(error));
  }
}

async function removeTempOutputs(job: InferImageJob): Promise<void> {
  for (const path of Object.values(job.outputs)) {
    const prefix = `.${basename(path!)}.`;
    const names = await readdir(dirname(path!)).catch(() => [] as string[]);
    await Promise.all(names.filter((name) => name.startsWith(prefix) && name.endsWith('.tmp')).map((name) => rm(join(dirname(path!), name), { force: true })));
  }
}
