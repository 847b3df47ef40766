import { mobilenetV2 } from './mobilenetv2';
import { resnet } from './resnet';
import type { Backbone, BackboneBuilder } from './types';

/** Every backbone DeepLabv3+ can sit on, by the name the CLI and the train view use (as segmentation_models.pytorch picks encoders). */
export const BACKBONE_BUILDERS: Readonly<Record<Backbone, BackboneBuilder>> = {
  resnet50: (x, spec) => resnet(x, 50, spec),
  resnet18: (x, spec) => resnet(x, 18, spec),
  mobilenetv2: mobilenetV2,
};
