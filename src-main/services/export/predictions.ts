import { resolve, sep } from 'node:path';
import type { CheckpointChoice, ExportEvent, ExportSummary } from '../../../src-shared/api/inference';
import { firstExisting, scanDataset } from '../../dataset/frames';
import { outputPathsFor, planInference } from '../inference/discover';
import { resolveRunModel } from '../inference/model-source';
import { runInferencePlan } from '../inference/run-inference';
import type { InferenceDeps } from '../inference/start-inference';
import { trainConfigOf } from '../../ml/train/stored-config';
import type { ExportJob } from './export-job';
import { UserError } from '../../../src-shared/errors';

export interface ExportPredictionsRequest {
  readonly runId: number;
  readonly outputDir: string;
  /** Default `val`. */
  readonly split?: string;
  readonly checkpoint?: CheckpointChoice;
  /** Redo predictions that exist; otherwise they are kept, so an interrupted export resumes. */
  readonly overwrite?: boolean;
  readonly workers?: number;
}

/**
 * Colour masks of a run's predictions on a split of the dataset it trained on, in its label spec's
 * colours, through the inference service. A Cityscapes photo `leftImg8bit/<split>/<city>/<stem>_leftImg8bit.png`
 * (or under the folder the dataset's manifest names) gives `<outputDir>/<split>/<city>/<stem>_color.png`;
 * photos outside that folder mirror the dataset tree.
 */
export async function startPredictionsExport(request: ExportPredictionsRequest, deps: InferenceDeps, onEvent: (event: ExportEvent) => void = () => {}): Promise<ExportJob> {
  const split = request.split ?? 'val';
  const model = await resolveRunModel(request.runId, request.checkpoint ?? 'best', deps);
  const { datasetRoot } = trainConfigOf(deps.store.getRun(request.runId)!);
  const { frames, photos: photoRoot } = await scanDataset(datasetRoot).catch((error: unknown) => {
    throw new UserError(`run ${request.runId}: its dataset ${datasetRoot} cannot be read${error instanceof UserError ? ` (${error.message})` : ''}`);
  });
  const photos = (await Promise.all(frames.filter((frame) => frame.split === split).map((frame) => firstExisting(frame.photoCandidates))))
    .filter((path) => path !== null).sort();
  if (photos.length === 0) throw new UserError(`run ${request.runId}: its dataset ${datasetRoot} has no photos in the ${JSON.stringify(split)} split`);
  const inputDir = photos.every((path) => path.startsWith(photoRoot + sep)) ? photoRoot : resolve(datasetRoot);
  const outputDir = resolve(request.outputDir);
  const plan = await planInference(photos, inputDir, outputDir, ['color'], request.overwrite ?? false);

  const started = performance.now();
  const job = runInferencePlan({ model, plan, outputDir, workers: request.workers, backend: deps.backend }, (event) => {
    if (event.type === 'progress') onEvent({ type: 'progress', done: event.done, total: event.total, failed: event.failed });
    else if (event.type === 'file-failed') onEvent(event);
  });
  const finished = job.finished.then((inference) => {
    const failedPaths = new Set(inference.failures.map((failure) => failure.path));
    const files = plan.jobs.filter((planned) => !failedPaths.has(planned.inputPath))
      .map((planned) => outputPathsFor(inputDir, outputDir, planned.inputPath, ['color']).color.slice(outputDir.length + 1));
    const summary: ExportSummary = {
      kind: 'predictions', outputDir, files: inference.cancelled ? [] : files, failures: inference.failures,
      seconds: (performance.now() - started) / 1000, cancelled: inference.cancelled, inference,
    };
    onEvent({ type: 'finished', summary });
    return summary;
  });
  return { finished, cancel: job.cancel };
}
