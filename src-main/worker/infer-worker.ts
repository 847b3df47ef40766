import { parentPort, workerData } from 'node:worker_threads';
import sharp from 'sharp';
import { ImagePredictor } from '../services/inference/image-predictor';
import type { InferWorkerData, InferWorkerReply, InferWorkerRequest } from '../services/inference/worker-protocol';

// One libvips thread per worker: the pool already runs one worker per core.
sharp.concurrency(1);

const data = ((workerData as { data?: InferWorkerData }).data ?? workerData) as InferWorkerData;
const port = parentPort!;
const post = (reply: InferWorkerReply) => port.postMessage(reply);

const predictor = ImagePredictor.load(data.model, data.backend);
predictor.then(
  (loaded) => post({ type: 'ready', engine: loaded.engine.backend }),
  (error: Error) => post({ type: 'init-failed', error: error.message.split('\n')[0] }),
);

port.on('message', async ({ seq, job }: InferWorkerRequest) => {
  const loaded = await predictor;
  try {
    post({ type: 'done', seq, files: await loaded.predict(job) });
  } catch (error) {
    post({ type: 'failed', seq, error: (error as Error).message.split('\n')[0] });
  }
});
