import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { beforeAll, describe, expect, it } from 'vitest';
import { initEngine } from '../engine/init-engine';
import { buildModel } from './registry';

beforeAll(async () => {
  await initEngine({ backend: 'wasm', env: {} });
});

describe('saved models', () => {
  it('load back with our custom layers (atrous convs, bilinear upsampling) and predict the same', async () => {
    // Output stride 8 dilates two stages and upsamples ×2 and ×4.
    const model = buildModel({
      arch: 'deeplabv3plus', inputHeight: 32, inputWidth: 32, numClasses: 3, width: 8, backbone: 'resnet18', outputStride: 8,
    });
    const layerClasses = new Set(model.layers.map((layer) => layer.getClassName()));
    expect(layerClasses).toContain('AtrousConv2D');
    expect(layerClasses).toContain('BilinearUpsample');

    let saved: tf.io.ModelArtifacts | undefined;
    await model.save(tf.io.withSaveHandler(async (artifacts) => {
      saved = artifacts;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }));
    const restored = await tfl.loadLayersModel(tf.io.fromMemory(saved!));

    const images = tf.randomNormal([2, 32, 32, 3], 0, 1, 'float32', 3);
    const [expected, actual] = [model, restored].map((m) => m.predict(images) as tf.Tensor);
    expect(actual.shape).toEqual([2, 32, 32, 3]);
    expect(tf.max(tf.abs(tf.sub(expected, actual))).dataSync()[0]).toBeLessThan(1e-5);
    tf.dispose([images, expected, actual]);
    model.dispose();
    restored.dispose();
  });
});
