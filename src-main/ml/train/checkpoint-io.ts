import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import '../models';
import { checkpointEpochOf, checkpointPath, checkpointsDir } from './checkpoint-files';

export { checkpointEpochs, checkpointPath } from './checkpoint-files';

/** Where a run's training stands after an epoch: with the seed, all a resume needs besides the weights. */
export interface TrainerState {
  /** Epochs completed (from 1). */
  readonly epoch: number;
  readonly globalStep: number;
  readonly bestMiou: number | null;
  readonly bestEpoch: number | null;
  /** The early-stopping monitor's best value (higher is better: −loss for val loss) and how long since it improved. */
  readonly bestMonitored: number | null;
  readonly epochsWithoutImprovement: number;
}

export interface LoadedCheckpoint {
  readonly model: tfl.LayersModel;
  readonly optimizerWeights: Array<{ name: string; tensor: tf.Tensor }>;
  readonly state: TrainerState;
}

/**
 * Writes model.json + weights.bin (the tfjs layers format), the optimizer's slots and the trainer
 * state into a temp folder, then renames it into place: a kill at any moment leaves either the whole
 * checkpoint or none.
 */
export async function saveCheckpoint(runDir: string, model: tfl.LayersModel, optimizer: tf.Optimizer, state: TrainerState): Promise<string> {
  const target = checkpointPath(runDir, state.epoch);
  const temp = `${join(checkpointsDir(runDir), `.epoch-${state.epoch}`)}.${process.pid}.tmp`;
  await rm(temp, { recursive: true, force: true });
  await mkdir(temp, { recursive: true });

  let artifacts: tf.io.ModelArtifacts | undefined;
  await model.save(tf.io.withSaveHandler(async (saved) => {
    artifacts = saved;
    return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
  }));
  const modelJson = {
    format: 'layers-model',
    generatedBy: artifacts!.generatedBy,
    convertedBy: null,
    modelTopology: artifacts!.modelTopology,
    weightsManifest: [{ paths: ['weights.bin'], weights: artifacts!.weightSpecs }],
  };
  const optimizerWeights = await optimizer.getWeights();
  const encoded = await tf.io.encodeWeights(optimizerWeights);
  await writeFile(join(temp, 'weights.bin'), new Uint8Array(tf.io.CompositeArrayBuffer.join(artifacts!.weightData!)));
  await writeFile(join(temp, 'model.json'), JSON.stringify(modelJson));
  await writeFile(join(temp, 'optimizer.bin'), new Uint8Array(tf.io.CompositeArrayBuffer.join(encoded.data)));
  await writeFile(join(temp, 'state.json'), JSON.stringify({ ...state, optimizer: { className: optimizer.getClassName(), weights: encoded.specs } }, null, 2));
  await rm(target, { recursive: true, force: true });
  await rename(temp, target);
  return target;
}

/** The model alone, e.g. for inference from a saved checkpoint. */
export async function loadCheckpointModel(dir: string): Promise<tfl.LayersModel> {
  const modelJson = JSON.parse(await readFile(join(dir, 'model.json'), 'utf8')) as tf.io.ModelJSON;
  const weights = await readFile(join(dir, 'weights.bin'));
  return tfl.loadLayersModel(tf.io.fromMemory({
    modelTopology: modelJson.modelTopology,
    weightSpecs: modelJson.weightsManifest[0].weights,
    weightData: toArrayBuffer(weights),
  }));
}

export async function loadCheckpoint(dir: string): Promise<LoadedCheckpoint> {
  const model = await loadCheckpointModel(dir);
  const saved = JSON.parse(await readFile(join(dir, 'state.json'), 'utf8')) as TrainerState & { optimizer: { weights: tf.io.WeightsManifestEntry[] } };
  const decoded = tf.io.decodeWeights(toArrayBuffer(await readFile(join(dir, 'optimizer.bin'))), saved.optimizer.weights);
  const { optimizer: _, ...state } = saved;
  // Order matters: tfjs optimizers match their slots to variables by position.
  return { model, optimizerWeights: saved.optimizer.weights.map((spec) => ({ name: spec.name, tensor: decoded[spec.name] })), state };
}

/** Removes every checkpoint not in `keep`, and temp folders a killed save left behind. */
export async function pruneCheckpoints(runDir: string, keep: ReadonlySet<number>): Promise<void> {
  const names = await readdir(checkpointsDir(runDir)).catch(() => [] as string[]);
  for (const name of names) {
    const epoch = checkpointEpochOf(name);
    const isStale = epoch !== null ? !keep.has(epoch) : name.endsWith('.tmp') && !name.includes(`.${process.pid}.`);
    if (isStale) await rm(join(checkpointsDir(runDir), name), { recursive: true, force: true });
  }
}

function toArrayBuffer(buffer: Buffer): ArrayBuffer {
  return buffer.buffer.slice(buffer.byteOffset, buffer.byteOffset + buffer.byteLength) as ArrayBuffer;
}
