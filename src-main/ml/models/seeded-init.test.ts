import * as tfl from '@tensorflow/tfjs-layers';
import { beforeAll, describe, expect, it } from 'vitest';
import { initEngine } from '../engine/init-engine';
import { conv2d } from './blocks';
import { layerSeed } from './initializers';
import { buildModel } from './registry';
import type { ModelConfig } from './types';

beforeAll(async () => {
  await initEngine({ backend: 'wasm', env: {} });
});

const SMALL: Record<string, Omit<ModelConfig, 'seed'>> = {
  unet: { arch: 'unet', inputHeight: 16, inputWidth: 16, numClasses: 3, width: 2 },
  r2unet: { arch: 'r2unet', inputHeight: 16, inputWidth: 16, numClasses: 3, width: 2 },
  ddunet: { arch: 'ddunet', inputHeight: 256, inputWidth: 256, numClasses: 3, width: 1 },
  // Output stride 8 puts atrous convs (our own layer) in the backbone and the ASPP.
  'deeplabv3plus resnet18': { arch: 'deeplabv3plus', inputHeight: 32, inputWidth: 32, numClasses: 3, width: 4, backbone: 'resnet18', outputStride: 8 },
  'deeplabv3plus mobilenetv2': { arch: 'deeplabv3plus', inputHeight: 32, inputWidth: 32, numClasses: 3, width: 8, backbone: 'mobilenetv2' },
};

/** Every kernel (rank ≥ 2; biases and BatchNorm start constant) of a fresh build, by weight name. */
function initialKernels(config: ModelConfig): Map<string, Float32Array> {
  const model = buildModel(config);
  const kernels = new Map(model.weights.filter((w) => w.shape.length >= 2).map((w) => [w.originalName, w.read().dataSync() as Float32Array]));
  model.dispose();
  return kernels;
}

describe('seeded initialization', () => {
  for (const [name, config] of Object.entries(SMALL)) {
    it(`${name}: the same seed draws the same weights, another seed different ones in every kernel`, () => {
      const first = initialKernels({ ...config, seed: 7 });
      const again = initialKernels({ ...config, seed: 7 });
      const other = initialKernels({ ...config, seed: 8 });
      expect(first.size).toBeGreaterThan(0);
      expect([...again.keys()]).toEqual([...first.keys()]);
      for (const [weight, values] of first) {
        expect(again.get(weight), weight).toEqual(values);
        expect(other.get(weight), weight).not.toEqual(values);
      }
    });
  }

  it('gives each layer its own stream: two convs of the same shape start different', () => {
    const image = tfl.input({ shape: [8, 8, 4] });
    const a = conv2d(image, { name: 'a', filters: 4, kernelSize: 3, seed: 1 });
    const b = conv2d(image, { name: 'b', filters: 4, kernelSize: 3, seed: 1 });
    const model = tfl.model({ inputs: image, outputs: [a, b] });
    const [kernelA, , kernelB] = model.getWeights().map((w) => w.dataSync());
    expect(kernelA).toHaveLength(kernelB.length);
    expect(kernelA).not.toEqual(kernelB);
    model.dispose();
  });

  it('leaves an unseeded build random', () => {
    const config = SMALL.unet;
    const [first, second] = [initialKernels(config), initialKernels(config)];
    expect(second.get('head/kernel')).not.toEqual(first.get('head/kernel'));
  });
});

describe('layerSeed', () => {
  it('depends on both the model seed and the layer name, and is a 32-bit integer', () => {
    const seeds = [layerSeed(1, 'enc1.conv1'), layerSeed(1, 'enc1.conv2'), layerSeed(2, 'enc1.conv1')];
    expect(new Set(seeds).size).toBe(3);
    for (const seed of seeds) expect(Number.isInteger(seed) && seed! >= 0 && seed! < 2 ** 32).toBe(true);
    expect(layerSeed(1, 'enc1.conv1')).toBe(seeds[0]);
  });

  it('is undefined for an unseeded model', () => {
    expect(layerSeed(undefined, 'head')).toBeUndefined();
  });
});
