import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { INFER_OUTPUT_TYPES, type InferEvent, type InferRequest } from '../../../src-shared/api/inference';
import type { EngineName } from '../../ml/engine/engine-names';
import type { RunStore } from '../runs/run-store';
import { findInputImages, planInference } from './discover';
import { resolveModelSource } from './model-source';
import { runInferencePlan, type InferenceJob } from './run-inference';
import { UserError } from '../../../src-shared/errors';

export interface InferenceDeps {
  readonly store: RunStore;
  /** The studio data dir (dataset statistics are cached under it). */
  readonly dataDir: string;
  /** Forces a tfjs engine in the workers (default: the fastest available, or $SEGSTUDIO_BACKEND). */
  readonly backend?: EngineName;
}

/**
 * Starts predicting every PNG and JPEG under `request.inputDir`, writing the requested outputs to a
 * mirror of its tree under `request.outputDir`. Rejects with an UserError, before any work,
 * when the request cannot run (unknown run or checkpoint, missing folder, no images, bad option).
 */
export async function startInference(request: InferRequest, deps: InferenceDeps, onEvent: (event: InferEvent) => void = () => {}): Promise<InferenceJob> {
  validateRequest(request);
  const inputDir = resolve(request.inputDir);
  const outputDir = resolve(request.outputDir);
  const info = await stat(inputDir).catch(() => null);
  if (!info?.isDirectory()) throw new UserError(`${request.inputDir}: no such folder`);
  // Outputs beside their photos would be read as photos on the next run; an output folder inside the input is skipped instead.
  if (outputDir === inputDir) throw new UserError(`${request.outputDir}: the output folder must differ from the input folder`);
  const model = await resolveModelSource(request, deps);
  const { files: images, problems } = await findInputImages(inputDir, outputDir);
  if (images.length === 0 && problems.length === 0) throw new UserError(`${request.inputDir}: no PNG or JPEG images in this folder`);
  const planned = await planInference(images, inputDir, outputDir, request.types, request.overwrite);
  // Folders that could not be read are failures of the job, reported with the images that could not be.
  const plan = { ...planned, conflicts: [...problems.map(({ path, reason }) => ({ path, error: reason })), ...planned.conflicts] };
  return runInferencePlan({ model, plan, outputDir, workers: request.workers, backend: deps.backend }, onEvent);
}

function validateRequest(request: InferRequest): void {
  if (request.types.length === 0) throw new UserError(`choose at least one output type (${INFER_OUTPUT_TYPES.join(', ')})`);
  const unknown = request.types.find((type) => !(INFER_OUTPUT_TYPES as readonly string[]).includes(type));
  if (unknown !== undefined) throw new UserError(`unknown output type ${JSON.stringify(unknown)} (choose from ${INFER_OUTPUT_TYPES.join(', ')})`);
  if (request.workers !== undefined && !(Number.isInteger(request.workers) && request.workers >= 1)) {
    throw new UserError(`workers must be a positive integer, got ${request.workers}`);
  }
  if ('runId' in request && !(Number.isInteger(request.runId) && request.runId >= 1)) throw new UserError(`run ids are positive integers, got ${request.runId}`);
}
