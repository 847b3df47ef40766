import type { LabelIndex } from '../../src-shared/labels';
import { api } from '../api';
import { decodeImagePixels } from './decode';
import { trainIdsFromColors } from './prediction-masks';

/** A run's saved prediction for a val frame at an epoch, read back into train ids through the run's palette, at the training size. */
export async function loadRunSample(runId: number, epoch: number, frameId: string, labels: LabelIndex): Promise<{ width: number; height: number; trainIds: Uint8Array }> {
  const payload = await api.binary('runSample', { runId, epoch, frameId });
  const { width, height, rgba } = await decodeImagePixels(payload.bytes, payload.mime);
  return { width, height, trainIds: trainIdsFromColors(rgba, labels) };
}
