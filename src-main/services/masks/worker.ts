import { parentPort, workerData } from 'node:worker_threads';
import sharp from 'sharp';
import { buildLabelIndex, type LabelSpec } from '../../../src-shared/labels';
import { FrameConverter } from './convert';
import type { MaskJob } from './discover';

export interface MaskWorkerData { readonly spec: LabelSpec }
export type MaskWorkerRequest = { readonly seq: number; readonly job: MaskJob };

// One libvips thread per worker: the pool already runs one worker per core.
sharp.concurrency(1);

const data = ((workerData as { data?: MaskWorkerData }).data ?? workerData) as MaskWorkerData;
const converter = new FrameConverter(buildLabelIndex(data.spec));
const port = parentPort!;
port.on('message', async ({ seq, job }: MaskWorkerRequest) => {
  port.postMessage({ seq, result: await converter.convert(job) });
});
