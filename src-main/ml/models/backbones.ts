import type { Backbone } from './types';
import type { Tensor } from './blocks';
import { mobilenetV2 } from './mobilenetv2';
import { resnet } from './resnet';

export interface BackboneSpec {
  /** Scales every channel count. */
  multiplier: number;
  /** Input size over the deepest features' size: later strides become dilations. */
  outputStride: 8 | 16;
  /** The model's seed (see ConvSpec). */
  seed?: number;
}

export interface BackboneFeatures {
  /** Stride 4, for the DeepLabv3+ decoder. */
  lowLevel: Tensor;
  /** Stride `outputStride`, for ASPP. */
  highLevel: Tensor;
}

/** The DeepLabv3+ encoder's two feature maps from the chosen backbone. */
export function backboneFeatures(x: Tensor, backbone: Backbone, spec: BackboneSpec): BackboneFeatures {
  switch (backbone) {
    case 'resnet50':
      return resnet(x, 50, spec);
    case 'resnet18':
      return resnet(x, 18, spec);
    case 'mobilenetv2':
      return mobilenetV2(x, spec);
  }
}
