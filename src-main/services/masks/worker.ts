import { parentPort, workerData } from 'node:worker_threads';
import { buildLabelIndex, type LabelSpec } from '../../../src-shared/labels';
import type { PillowGeneration } from '../../../src-shared/raster';
import { FrameConverter } from './convert';
import type { MaskJob } from './discover';

export interface MaskWorkerData { readonly spec: LabelSpec; readonly generation?: PillowGeneration }
export type MaskWorkerRequest = { readonly seq: number; readonly job: MaskJob };

const data = ((workerData as { data?: MaskWorkerData }).data ?? workerData) as MaskWorkerData;
const converter = new FrameConverter(buildLabelIndex(data.spec), data.generation);
const port = parentPort!;
port.on('message', async ({ seq, job }: MaskWorkerRequest) => {
  port.postMessage({ seq, result: await converter.convert(job) });
});
