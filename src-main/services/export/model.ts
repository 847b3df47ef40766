import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { CheckpointChoice, ExportSummary } from '../../../src-shared/api/inference';
import { writeFilesAtomic } from '../../util/atomic-write';
import { MODEL_METADATA_FILE, modelMetadata, resolveRunModel, type ModelSourceDeps } from '../inference/model-source';

/**
 * A run's checkpoint as a standalone model folder: model.json + weights.bin (the tfjs layers format,
 * loadable by tf.loadLayersModel once segstudio's custom layers are registered) and
 * segstudio-model.json (architecture, input size, normalization, label spec), which is what
 * inference needs to run it as `{ modelDir }`. The three files land together or not at all.
 */
export async function exportModel(request: { runId: number; outputDir: string; checkpoint?: CheckpointChoice }, deps: ModelSourceDeps): Promise<ExportSummary> {
  const started = performance.now();
  const model = await resolveRunModel(request.runId, request.checkpoint ?? 'best', deps);
  const [modelJson, weights] = await Promise.all([readFile(join(model.weightsDir, 'model.json')), readFile(join(model.weightsDir, 'weights.bin'))]);
  const metadata = modelMetadata(model, deps.store.getRun(request.runId));
  const files = [
    { path: join(request.outputDir, 'model.json'), data: modelJson },
    { path: join(request.outputDir, 'weights.bin'), data: weights },
    { path: join(request.outputDir, MODEL_METADATA_FILE), data: `${JSON.stringify(metadata, null, 2)}\n` },
  ];
  await writeFilesAtomic(files);
  return { kind: 'model', outputDir: request.outputDir, files: ['model.json', 'weights.bin', MODEL_METADATA_FILE], failures: [], seconds: (performance.now() - started) / 1000, cancelled: false };
}
