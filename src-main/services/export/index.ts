import type { ExportEvent, ExportRequest, ExportSummary } from '../../../src-shared/api/inference';
import type { InferenceDeps } from '../inference/start-inference';
import type { ExportJob } from './export-job';
import { startMasksExport } from './masks';
import { exportModel } from './model';
import { startPredictionsExport } from './predictions';
import { exportReport } from './report';
import { UserError } from '../../../src-shared/errors';

export type { ExportJob } from './export-job';
export { startMasksExport, type ExportMasksRequest } from './masks';
export { startPredictionsExport, type ExportPredictionsRequest } from './predictions';
export { exportReport } from './report';
export { exportModel } from './model';

/**
 * Starts any export. Rejects with a UserError, before writing anything, when the request cannot
 * run (unknown run, missing folder or split). Report and model exports are done when this resolves.
 */
export async function startExport(request: ExportRequest, deps: InferenceDeps, onEvent: (event: ExportEvent) => void = () => {}): Promise<ExportJob> {
  switch (request.kind) {
    case 'masks':
      return startMasksExport({ datasetRoot: request.datasetRoot, outputDir: request.outputDir, split: request.split, pillow: request.pillow }, onEvent);
    case 'predictions':
      return startPredictionsExport(request, deps, onEvent);
    case 'report':
      return completed(await exportReport(request, deps), onEvent);
    case 'model':
      return completed(await exportModel(request, deps), onEvent);
  }
}

function completed(summary: ExportSummary, onEvent: (event: ExportEvent) => void): ExportJob {
  onEvent({ type: 'finished', summary });
  return { finished: Promise.resolve(summary), cancel: () => {} };
}
