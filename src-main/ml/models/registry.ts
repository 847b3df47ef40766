import type * as tfl from '@tensorflow/tfjs-layers';
import { buildDdunet } from './ddunet';
import { buildDeeplabv3plus } from './deeplabv3plus';
import { buildR2unet } from './r2unet';
import { buildUnet } from './unet';
import { ARCHS, type Arch, type ModelBuilder, type ModelConfig } from './types';

export interface ArchitectureInfo {
  arch: Arch;
  description: string;
  /** [height, width] the reference recipes train at. */
  defaultInput: readonly [number, number];
  build: ModelBuilder;
}

export const ARCHITECTURES: Readonly<Record<Arch, ArchitectureInfo>> = {
  unet: {
    arch: 'unet',
    description: 'U-Net: bilinear upsampling, concatenated skips',
    defaultInput: [256, 256],
    build: buildUnet,
  },
  r2unet: {
    arch: 'r2unet',
    description: 'R2U-Net: recurrent residual conv blocks (shared recurrent weights), added skips',
    defaultInput: [256, 256],
    build: buildR2unet,
  },
  ddunet: {
    arch: 'ddunet',
    description: 'DDU-Net: U-Net with dilated deep blocks and transposed-conv decoder (256x256 only)',
    defaultInput: [256, 256],
    build: buildDdunet,
  },
  deeplabv3plus: {
    arch: 'deeplabv3plus',
    description: 'DeepLabv3+: ResNet-50 at output stride 16, ASPP, low-level decoder (or ResNet-18, MobileNetV2)',
    defaultInput: [512, 1024],
    build: buildDeeplabv3plus,
  },
};

export function architectureInfo(arch: string): ArchitectureInfo {
  if (!(ARCHS as readonly string[]).includes(arch)) {
    throw new Error(`unknown architecture ${JSON.stringify(arch)} (choose from ${ARCHS.join(', ')})`);
  }
  return ARCHITECTURES[arch as Arch];
}

/** Builds `config.arch`'s model: logits [N, inputHeight, inputWidth, numClasses]. */
export function buildModel(config: ModelConfig): tfl.LayersModel {
  return architectureInfo(config.arch).build(config);
}
