import { buildLabelIndex, CITYSCAPES } from '../../src-shared/labels';
import { api } from '../api';
import { decodeImagePixels } from './decode';
import { trainIdsFromColors } from './prediction-masks';

/** The trainer paints its sample predictions in the Cityscapes train-id palette. */
export const PREDICTION_LABELS = buildLabelIndex(CITYSCAPES);

/** A run's saved prediction for a val frame at an epoch, read back into train ids at the training size. */
export async function loadRunSample(runId: number, epoch: number, frameId: string): Promise<{ width: number; height: number; trainIds: Uint8Array }> {
  const payload = await api.binary('runSample', { runId, epoch, frameId });
  const { width, height, rgba } = await decodeImagePixels(payload.bytes, payload.mime);
  return { width, height, trainIds: trainIdsFromColors(rgba, PREDICTION_LABELS.colorByTrainId, PREDICTION_LABELS.trainClasses.length) };
}
