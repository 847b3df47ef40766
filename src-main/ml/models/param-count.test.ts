import type * as tfl from '@tensorflow/tfjs-layers';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { initEngine } from '../engine/init-engine';
import { trainableParamCount } from './param-count';
import { buildModel } from './registry';
import type { ModelConfig } from './types';

// Counting needs only the weights, which do not depend on the input size of these fully
// convolutional nets, so the models are built small and on cpu, where building is cheapest.
const reference = (config: Partial<ModelConfig> & Pick<ModelConfig, 'arch'>): ModelConfig => ({
  inputHeight: 64, inputWidth: 64, inChannels: 3, numClasses: 19, ...config,
});

let model: tfl.LayersModel | undefined;
afterEach(() => {
  model?.dispose();
  model = undefined;
});

beforeAll(async () => {
  await initEngine({ backend: 'cpu', env: {} });
});

describe('trainable parameters at the default width, 3 channels, 19 classes, equal the PyTorch references', () => {
  it.each([
    { name: 'U-Net', config: reference({ arch: 'unet' }), expected: 31_391_891 },
    { name: 'R2U-Net (shared recurrent weights counted once)', config: reference({ arch: 'r2unet' }), expected: 49_526_163 },
    { name: 'DDU-Net', config: reference({ arch: 'ddunet', inputHeight: 256, inputWidth: 256 }), expected: 10_805_267 },
    { name: 'DeepLabv3+ ResNet-50, two 3x3 decoder convs', config: reference({ arch: 'deeplabv3plus' }), expected: 40_351_667 },
    {
      name: 'DeepLabv3+ ResNet-50, one 3x3 decoder conv',
      config: reference({ arch: 'deeplabv3plus', decoderConvs: 1 }),
      expected: 39_761_331,
    },
    {
      name: 'DeepLabv3+ ResNet-18, two 3x3 decoder convs',
      config: reference({ arch: 'deeplabv3plus', backbone: 'resnet18' }),
      expected: 16_607_667,
    },
    // torchvision's mobilenet_v2 (3,504,872) less its classifier and 1x1 conv to 1280, plus ASPP and decoder.
    { name: 'DeepLabv3+ MobileNetV2', config: reference({ arch: 'deeplabv3plus', backbone: 'mobilenetv2' }), expected: 5_815_539 },
  ])('$name: $expected', ({ config, expected }) => {
    model = buildModel(config);
    expect(trainableParamCount(model)).toBe(expected);
  });

  it('does not count BatchNorm moving statistics', () => {
    model = buildModel(reference({ arch: 'unet', width: 8 }));
    expect(model.countParams()).toBeGreaterThan(trainableParamCount(model));
  });
});

describe('R2U-Net recurrent convolutions', () => {
  it("apply one set of weights twice: the seed README's 80.94M counts each application", () => {
    model = buildModel(reference({ arch: 'r2unet' }));
    const recurrent = model.layers.filter((layer) => /\.rec_[ab]\.conv$/.test(layer.name));
    expect(recurrent).toHaveLength(18);
    for (const layer of recurrent) {
      expect(layer.inboundNodes).toHaveLength(2);
      expect(layer.trainableWeights).toHaveLength(2);
    }
    const perApplication = model.layers.reduce((sum, layer) => sum + layer.countParams() * layer.inboundNodes.length, 0);
    expect(perApplication).toBe(80_940_179);
    expect(trainableParamCount(model)).toBe(49_526_163);
  });
});

describe('the width multiplier', () => {
  const kernelShape = (name: string) => model!.getLayer(name).getWeights()[0].shape;

  it("sets the U-Nets' base filters, doubling per level", () => {
    model = buildModel(reference({ arch: 'unet', width: 16 }));
    expect(kernelShape('enc1.conv1')).toEqual([3, 3, 3, 16]);
    expect(kernelShape('enc5.conv2')).toEqual([3, 3, 256, 256]);
    expect(kernelShape('head')).toEqual([1, 1, 16, 19]);
  });

  it('scales every DeepLabv3+ channel count by width / 64', () => {
    model = buildModel(reference({ arch: 'deeplabv3plus', width: 32 }));
    expect(kernelShape('backbone.stem.conv')).toEqual([7, 7, 3, 32]);
    expect(kernelShape('aspp.project.conv')).toEqual([1, 1, 5 * 128, 128]);
    expect(kernelShape('decoder.low_level.conv')).toEqual([1, 1, 128, 24]);
    expect(kernelShape('decoder.conv1.conv')).toEqual([3, 3, 128 + 24, 128]);
  });
});
