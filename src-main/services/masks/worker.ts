import { parentPort, workerData } from 'node:worker_threads';
import { buildLabelIndex, type LabelSpec } from '../../../src-shared/labels';
import { FrameConverter } from './convert';
import type { MaskJob } from './discover';

export interface MaskWorkerData { readonly spec: LabelSpec }
export type MaskWorkerRequest = { readonly seq: number; readonly job: MaskJob };

const data = ((workerData as { data?: MaskWorkerData }).data ?? workerData) as MaskWorkerData;
const converter = new FrameConverter(buildLabelIndex(data.spec));
const port = parentPort!;
port.on('message', async ({ seq, job }: MaskWorkerRequest) => {
  port.postMessage({ seq, result: await converter.convert(job) });
});
