import { parentPort, workerData } from 'node:worker_threads';
import sharp from 'sharp';
import { BatchAssembler, type BatchJob, type BatchSpec } from './batch-assembler';

export type LoaderRequest = BatchJob & { readonly jobId: number };
export type LoaderReply =
  | { readonly jobId: number; readonly images: Float32Array; readonly labels: Uint8Array }
  | { readonly jobId: number; readonly error: string };

// One libvips thread: the trainer needs the other core.
sharp.concurrency(1);

const spec = ((workerData as { data?: BatchSpec }).data ?? workerData) as BatchSpec;
const assembler = new BatchAssembler(spec);
const port = parentPort!;
let queue = Promise.resolve();

// One batch at a time, in arrival order, so the batch the trainer needs next is never slowed by later ones.
port.on('message', (request: LoaderRequest) => {
  queue = queue.then(async () => {
    try {
      const { images, labels } = await assembler.assemble(request);
      const reply: LoaderReply = { jobId: request.jobId, images, labels };
      port.postMessage(reply, [images.buffer as ArrayBuffer, labels.buffer as ArrayBuffer]);
    } catch (error) {
      const reply: LoaderReply = { jobId: request.jobId, error: (error as Error).message };
      port.postMessage(reply);
    }
  });
});
