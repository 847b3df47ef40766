import type * as tfl from '@tensorflow/tfjs-layers';

export const ARCHS = ['unet', 'r2unet', 'ddunet', 'deeplabv3plus'] as const;
export type Arch = (typeof ARCHS)[number];

export const BACKBONES = ['resnet50', 'resnet18', 'mobilenetv2'] as const;
export type Backbone = (typeof BACKBONES)[number];

export interface ModelConfig {
  arch: Arch;
  inputHeight: number;
  inputWidth: number;
  /** Image channels; 3 unless given. */
  inChannels?: number;
  numClasses: number;
  /**
   * Base filters, the width multiplier of every model: the reference width (64) unless given.
   * U-Net, R2U-Net, DDU-Net: the first encoder level's channels (doubling per level).
   * DeepLabv3+: every channel count (backbone, ASPP, decoder) is scaled by width / 64.
   */
  width?: number;
  /** DeepLabv3+ only: 'resnet50' unless given. */
  backbone?: Backbone;
  /** DeepLabv3+ only: 3×3 convs after the decoder's concat, 2 unless given. */
  decoderConvs?: 1 | 2;
  /** DeepLabv3+ only: input size over the backbone's feature size, 16 unless given. */
  outputStride?: 16 | 8;
  /** DeepLabv3+: dropout after the ASPP projection (0.1 unless given); the U-Nets: dropout before the 1×1 head (0, none, unless given). */
  dropout?: number;
  /** Makes the initial weights reproducible: each layer's kernel is drawn from a seed derived from this one. Unseeded unless given. */
  seed?: number;
}

/** A ModelConfig with every default filled in, as a run records it. */
export interface ResolvedModelConfig extends Required<Omit<ModelConfig, 'backbone' | 'decoderConvs' | 'outputStride' | 'seed'>> {
  seed?: number;
  backbone?: Backbone;
  decoderConvs?: 1 | 2;
  outputStride?: 16 | 8;
}

/** Builds a fresh model whose output is per-pixel logits [N, inputHeight, inputWidth, numClasses] (no softmax). */
export type ModelBuilder = (config: ModelConfig) => tfl.LayersModel;

/** How a backbone is built inside a model. */
export interface BackboneSpec {
  /** Scales every channel count. */
  multiplier: number;
  /** Input size over the deepest features' size: later strides become dilations. */
  outputStride: 8 | 16;
  /** The model's seed (see ConvSpec). */
  seed?: number;
}

/** A symbolic tensor of the layers graph being built. */
export type SymbolicTensor = tfl.SymbolicTensor;

export interface BackboneFeatures {
  /** Stride 4, for the DeepLabv3+ decoder. */
  lowLevel: SymbolicTensor;
  /** Stride `outputStride`, for ASPP. */
  highLevel: SymbolicTensor;
}

/** Builds a backbone's feature maps on the input tensor. */
export type BackboneBuilder = (x: SymbolicTensor, spec: BackboneSpec) => BackboneFeatures;
