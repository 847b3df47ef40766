import { describe, expect, it } from 'vitest';
import { resolveModelConfig } from './config';
import { buildModel } from './registry';
import type { ModelConfig } from './types';

const base = { inputHeight: 64, inputWidth: 64, numClasses: 5, width: 4 } as const;

describe('model configs', () => {
  it('fill in the reference defaults', () => {
    expect(resolveModelConfig({ arch: 'deeplabv3plus', ...base, width: undefined }, 'deeplabv3plus')).toEqual({
      arch: 'deeplabv3plus', inputHeight: 64, inputWidth: 64, inChannels: 3, numClasses: 5, width: 64,
      dropout: 0.1, backbone: 'resnet50', decoderConvs: 2, outputStride: 16,
    });
    expect(resolveModelConfig({ arch: 'unet', ...base }, 'unet')).toEqual({
      arch: 'unet', inputHeight: 64, inputWidth: 64, inChannels: 3, numClasses: 5, width: 4, dropout: 0,
    });
  });

  it.each([
    [{ arch: 'ddunet', ...base, inputHeight: 200, inputWidth: 256 },
      "ddunet: input must be 256x256 (the reference architecture's transposed convs only line up there), got 200x256"],
    [{ arch: 'unet', ...base, inputHeight: 250, inputWidth: 256 },
      'unet: input height and width must be multiples of 16 (four 2x2 max-pools), got 250x256'],
    [{ arch: 'r2unet', ...base, inputWidth: 72 },
      'r2unet: input height and width must be multiples of 16 (four 2x2 max-pools), got 64x72'],
    [{ arch: 'deeplabv3plus', ...base, inputHeight: 72 },
      'deeplabv3plus: input height and width must be multiples of 16 (output stride 16), got 72x64'],
    [{ arch: 'segformer', ...base }, 'unknown architecture "segformer" (choose from unet, r2unet, ddunet, deeplabv3plus)'],
    [{ arch: 'unet', ...base, backbone: 'resnet18' }, 'unet: backbone applies only to deeplabv3plus'],
    [{ arch: 'deeplabv3plus', ...base, backbone: 'vgg16' },
      'deeplabv3plus: unknown backbone "vgg16" (choose from resnet50, resnet18, mobilenetv2)'],
    [{ arch: 'deeplabv3plus', ...base, outputStride: 32 }, 'deeplabv3plus: outputStride must be 16 or 8, got 32'],
    [{ arch: 'deeplabv3plus', ...base, decoderConvs: 3 }, 'deeplabv3plus: decoderConvs must be 1 or 2, got 3'],
    [{ arch: 'unet', ...base, width: 0 }, 'unet: width must be a positive integer, got 0'],
    [{ arch: 'unet', ...base, numClasses: 2.5 }, 'unet: numClasses must be a positive integer, got 2.5'],
    [{ arch: 'unet', ...base, dropout: 1 }, 'unet: dropout must be in [0, 1), got 1'],
  ])('reject %j', (config, message) => {
    expect(() => buildModel(config as unknown as ModelConfig)).toThrow(message);
  });

  it('reject a config for another architecture in a builder', () => {
    expect(() => resolveModelConfig({ arch: 'unet', ...base }, 'ddunet')).toThrow('ddunet: the builder got a config for unet');
  });
});
