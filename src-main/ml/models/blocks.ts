import * as tfl from '@tensorflow/tfjs-layers';
import { AtrousConv2D } from './atrous-conv-layer';
import { convKernelInitializer, layerSeed } from './initializers';
import { TrainingBatchNormalization } from './training-batch-norm';

export type Tensor = tfl.SymbolicTensor;
export type Activation = 'linear' | 'relu' | 'relu6';

// PyTorch's BatchNorm2d defaults; its momentum 0.1 is tfjs' 0.9 (tfjs weighs the old average).
const BATCH_NORM = { axis: -1, epsilon: 1e-5, momentum: 0.9, center: true, scale: true } as const;

export function applyLayer(layer: tfl.layers.Layer, x: Tensor | Tensor[]): Tensor {
  return layer.apply(x) as Tensor;
}

export function channelsOf(x: Tensor): number {
  return x.shape[3] as number;
}

/** A channel count scaled by a width multiplier, at least 1. */
export function scaleChannels(channels: number, multiplier: number): number {
  return Math.max(1, Math.round(channels * multiplier));
}

export interface ConvSpec {
  name: string;
  filters: number;
  kernelSize: number;
  stride?: number;
  dilation?: number;
  /** Zeros added on every side, as PyTorch's `padding`; by default what keeps the size at stride 1. */
  padding?: number;
  useBias?: boolean;
  activation?: Activation;
  /** One filter per input channel (`filters` is then ignored). */
  depthwise?: boolean;
  /** The model's seed: the kernel's init draws from a seed derived from it and `name`; unseeded unless given. */
  seed?: number;
}

/**
 * A convolution with PyTorch's padding semantics: symmetric zeros, also for strided
 * convs, where tfjs' 'same' would pad only the bottom and right.
 */
export function conv2d(x: Tensor, spec: ConvSpec): Tensor {
  const { name, filters, kernelSize, stride = 1, dilation = 1, useBias = true, activation = 'linear', depthwise = false } = spec;
  const padding = spec.padding ?? (dilation * (kernelSize - 1)) / 2;
  const kernelSeed = layerSeed(spec.seed, name);
  if (dilation > 1) {
    if (stride !== 1) throw new Error(`${name}: a dilated convolution must have stride 1`);
    return applyLayer(
      new AtrousConv2D({ name, kernelSize, filters, rate: dilation, padding, depthwise, useBias, activation, kernelSeed }),
      x,
    );
  }
  const keepsSize = stride === 1 && 2 * padding === kernelSize - 1;
  const input = keepsSize || padding === 0
    ? x
    : applyLayer(tfl.layers.zeroPadding2d({ name: `${name}.pad`, padding: [[padding, padding], [padding, padding]] }), x);
  const common = { name, kernelSize, strides: stride, padding: keepsSize ? 'same' : 'valid', useBias, activation } as const;
  const layer = depthwise
    ? tfl.layers.depthwiseConv2d({ ...common, depthMultiplier: 1, depthwiseInitializer: convKernelInitializer(kernelSeed) })
    : tfl.layers.conv2d({ ...common, filters, kernelInitializer: convKernelInitializer(kernelSeed) });
  return applyLayer(layer, input);
}

export function batchNorm(x: Tensor, name: string): Tensor {
  return applyLayer(new TrainingBatchNormalization({ ...BATCH_NORM, name }), x);
}

export function activate(x: Tensor, activation: Activation, name: string): Tensor {
  return activation === 'linear' ? x : applyLayer(tfl.layers.activation({ activation, name }), x);
}

/** Conv (no bias) → BatchNorm → activation, named `${name}.conv`, `${name}.bn`, `${name}.act`. */
export function convBnAct(x: Tensor, spec: ConvSpec & { activation: Activation }): Tensor {
  const { name, activation } = spec;
  const y = conv2d(x, { ...spec, name: `${name}.conv`, useBias: false, activation: 'linear' });
  return activate(batchNorm(y, `${name}.bn`), activation, `${name}.act`);
}

export interface UnetBlockOptions {
  dilation?: number;
  /** As ConvSpec's: by default what keeps the size. */
  padding?: number;
  /** The model's seed (see ConvSpec). */
  seed?: number;
}

/** The U-Net block of seed 001: [Conv3×3 (bias) → ReLU → BatchNorm] × 2. */
export function unetBlock(x: Tensor, name: string, filters: number, options: UnetBlockOptions = {}): Tensor {
  const { dilation = 1, padding, seed } = options;
  let y = x;
  for (const index of [1, 2]) {
    y = conv2d(y, { name: `${name}.conv${index}`, filters, kernelSize: 3, dilation, padding, activation: 'relu', seed });
    y = batchNorm(y, `${name}.bn${index}`);
  }
  return y;
}

export function maxPool2x2(x: Tensor, name: string): Tensor {
  return applyLayer(tfl.layers.maxPooling2d({ name, poolSize: 2, strides: 2, padding: 'valid' }), x);
}

/**
 * The contracting path of a U-shaped net: `block` at each width, a 2×2 max-pool between levels.
 * Returns every level's output, shallowest first; the last one is the bottleneck.
 */
export function unetEncoder(image: Tensor, widths: readonly number[], block: (x: Tensor, name: string, width: number) => Tensor): Tensor[] {
  const levels: Tensor[] = [];
  let x = image;
  widths.forEach((width, level) => {
    if (level > 0) x = maxPool2x2(x, `enc${level + 1}.pool`);
    x = block(x, `enc${level + 1}`, width);
    levels.push(x);
  });
  return levels;
}

export function concat(xs: Tensor[], name: string): Tensor {
  return applyLayer(tfl.layers.concatenate({ name, axis: -1 }), xs);
}

export function add(xs: Tensor[], name: string): Tensor {
  return applyLayer(tfl.layers.add({ name }), xs);
}

export function dropout(x: Tensor, rate: number, name: string): Tensor {
  return rate > 0 ? applyLayer(tfl.layers.dropout({ name, rate }), x) : x;
}

/** 1×1 conv with bias to per-pixel class logits; `seed` is the model's (see ConvSpec). */
export function logitsHead(x: Tensor, numClasses: number, seed: number | undefined, name = 'head'): Tensor {
  return conv2d(x, { name, filters: numClasses, kernelSize: 1, seed });
}

export interface AsppSpec {
  channels: number;
  rates: readonly number[];
  dropout: number;
  /** The model's seed (see ConvSpec). */
  seed?: number;
}

/**
 * Atrous spatial pyramid pooling (DeepLabv3): a 1×1 branch, one atrous 3×3 branch per
 * rate and an image-pooling branch, concatenated and projected by a 1×1 conv.
 */
export function aspp(x: Tensor, spec: AsppSpec, name = 'aspp'): Tensor {
  const { channels, rates, seed } = spec;
  const branches = [convBnAct(x, { name: `${name}.0`, filters: channels, kernelSize: 1, activation: 'relu', seed })];
  rates.forEach((rate, i) => {
    branches.push(convBnAct(x, { name: `${name}.${i + 1}`, filters: channels, kernelSize: 3, dilation: rate, activation: 'relu', seed }));
  });
  branches.push(imagePooling(x, channels, `${name}.${rates.length + 1}`, seed));
  const merged = concat(branches, `${name}.concat`);
  const projected = convBnAct(merged, { name: `${name}.project`, filters: channels, kernelSize: 1, activation: 'relu', seed });
  return dropout(projected, spec.dropout, `${name}.dropout`);
}

function imagePooling(x: Tensor, channels: number, name: string, seed: number | undefined): Tensor {
  const [, height, width] = x.shape as number[];
  const pooled = applyLayer(tfl.layers.globalAveragePooling2d({ name: `${name}.pool` }), x);
  const asImage = applyLayer(tfl.layers.reshape({ name: `${name}.reshape`, targetShape: [1, 1, channelsOf(x)] }), pooled);
  const projected = convBnAct(asImage, { name, filters: channels, kernelSize: 1, activation: 'relu', seed });
  // Bilinear resizing of a 1×1 map is a broadcast; nearest does it with an exact gradient.
  return applyLayer(tfl.layers.upSampling2d({ name: `${name}.broadcast`, size: [height, width] }), projected);
}

export interface TransposedConvSpec {
  name: string;
  filters: number;
  kernelSize: number;
  stride: number;
  /** Cropped from every side, as PyTorch's ConvTranspose2d `padding`. */
  padding?: number;
  /** The model's seed (see ConvSpec). */
  seed?: number;
}

/**
 * PyTorch's ConvTranspose2d(kernelSize, stride, padding) with bias: tfjs' 'valid'
 * transposed conv, then `padding` cropped from every side as PyTorch does.
 */
export function transposedConv(x: Tensor, spec: TransposedConvSpec): Tensor {
  const { name, filters, kernelSize, stride, padding = 0 } = spec;
  const layer = tfl.layers.conv2dTranspose({
    name, filters, kernelSize, strides: stride, padding: 'valid', kernelInitializer: convKernelInitializer(layerSeed(spec.seed, name)),
  });
  const y = applyLayer(layer, x);
  if (padding === 0) return y;
  return applyLayer(tfl.layers.cropping2D({ name: `${name}.crop`, cropping: [[padding, padding], [padding, padding]] }), y);
}
