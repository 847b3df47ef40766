import { availableParallelism } from 'node:os';
import type { Worker } from 'node:worker_threads';
import { buildLabelIndex, type LabelSpec } from '../../../src-shared/labels';
import type { PillowGeneration } from '../../../src-shared/raster';
import { startWorker } from '../../util/ts-worker';
import { FrameConverter, type FrameResult } from './convert';
import type { MaskJob } from './discover';
import type { MaskWorkerData } from './worker';

// From source the worker is ./worker.ts; in the CLI bundle (out/cli) it is masks-worker.mjs beside the chunk.
const MASK_WORKER = import.meta.url.endsWith('.ts') ? new URL('./worker.ts', import.meta.url) : new URL('./masks-worker.mjs', import.meta.url);

export interface GenerateProgress {
  readonly done: number;
  readonly total: number;
  readonly result: FrameResult;
}

/**
 * Converts every job, spread over `jobs` worker threads (one per core by default). Results arrive
 * through `onResult` as frames finish; a bad frame never stops the others. Once `signal` aborts, no
 * new frame starts; frames in flight finish (each is written all or none), and the results array has
 * holes where frames never ran.
 */
export async function generateMasks(
  jobsToRun: readonly MaskJob[],
  spec: LabelSpec,
  options: { jobs?: number; generation?: PillowGeneration; onResult?: (progress: GenerateProgress) => void; signal?: AbortSignal } = {},
): Promise<FrameResult[]> {
  const total = jobsToRun.length;
  const threads = Math.max(1, Math.min(options.jobs ?? availableParallelism(), total));
  const results: FrameResult[] = new Array(total);
  let done = 0;
  const record = (index: number, result: FrameResult) => {
    results[index] = result;
    options.onResult?.({ done: ++done, total, result });
  };

  if (threads === 1) {
    // Starting a thread costs more than converting one frame in place.
    const converter = new FrameConverter(buildLabelIndex(spec), options.generation);
    for (let i = 0; i < total && !options.signal?.aborted; i++) record(i, await converter.convert(jobsToRun[i]));
    return results;
  }

  const workerData: MaskWorkerData = { spec, generation: options.generation };
  const workers = Array.from({ length: threads }, () => startWorker(MASK_WORKER, { workerData }));
  let next = 0;
  try {
    await Promise.all(workers.map((worker) => drain(worker)));
  } finally {
    await Promise.all(workers.map((worker) => worker.terminate()));
  }
  return results;

  function drain(worker: Worker): Promise<void> {
    return new Promise((resolveDrain, rejectDrain) => {
      const feed = () => {
        if (next >= total || options.signal?.aborted) return resolveDrain();
        const seq = next++;
        worker.postMessage({ seq, job: jobsToRun[seq] });
      };
      worker.on('message', ({ seq, result }: { seq: number; result: FrameResult }) => {
        record(seq, result);
        feed();
      });
      worker.once('error', rejectDrain);
      worker.once('exit', (code) => {
        if ((next < total && !options.signal?.aborted) || code !== 0) rejectDrain(new Error(`mask worker exited with code ${code}`));
      });
      feed();
    });
  }
}
