import * as tf from '@tensorflow/tfjs-core';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CITYSCAPES } from '../../src-shared/labels';
import { IMAGENET_STATS } from '../../src-main/ml/data/normalize';
import { initEngine } from '../../src-main/ml/engine/init-engine';
import { buildModel, type ModelConfig } from '../../src-main/ml/models';
import { MODEL_METADATA_FILE, MODEL_METADATA_FORMAT, type ModelMetadata } from '../../src-main/services/inference/model-source';

/**
 * Writes a freshly built (untrained) model as the folder `segstudio export model` writes, so that
 * `segstudio infer --model DIR` runs it: throughput does not depend on the weights.
 */
export async function writeUntrainedModelFolder(dir: string, config: ModelConfig): Promise<void> {
  await initEngine();
  const model = buildModel(config);
  let artifacts: tf.io.ModelArtifacts | undefined;
  await model.save(tf.io.withSaveHandler(async (saved) => {
    artifacts = saved;
    return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
  }));
  model.dispose();
  const { arch, inputHeight, inputWidth, numClasses: _, ...settings } = config;
  const metadata: ModelMetadata = {
    format: MODEL_METADATA_FORMAT, version: 1, arch, settings, inputHeight, inputWidth, normalization: IMAGENET_STATS, labels: CITYSCAPES,
  };
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'model.json'), JSON.stringify({
    format: 'layers-model', generatedBy: artifacts!.generatedBy, convertedBy: null, modelTopology: artifacts!.modelTopology,
    weightsManifest: [{ paths: ['weights.bin'], weights: artifacts!.weightSpecs }],
  }));
  await writeFile(join(dir, 'weights.bin'), new Uint8Array(tf.io.CompositeArrayBuffer.join(artifacts!.weightData!)));
  await writeFile(join(dir, MODEL_METADATA_FILE), JSON.stringify(metadata, null, 2));
}
