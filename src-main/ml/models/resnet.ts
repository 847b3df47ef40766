import * as tfl from '@tensorflow/tfjs-layers';
import type { BackboneFeatures, BackboneSpec } from './types';
import { OutputStridePlanner } from './output-stride';
import { activate, add, applyLayer, channelsOf, convBnAct, scaleChannels, type Tensor } from './blocks';

type BlockKind = 'basic' | 'bottleneck';

const RESNETS: Record<18 | 50, { block: BlockKind; blocks: readonly number[] }> = {
  18: { block: 'basic', blocks: [2, 2, 2, 2] },
  50: { block: 'bottleneck', blocks: [3, 4, 6, 3] },
};

const EXPANSION: Record<BlockKind, number> = { basic: 1, bottleneck: 4 };

/**
 * torchvision's ResNet v1.5 (stride on the 3×3 conv) without its classifier. Stages
 * that would exceed `outputStride` keep stride 1 and dilate instead; as in torchvision's
 * replace_stride_with_dilation, a dilated stage's first block keeps the previous dilation.
 */
export function resnet(x: Tensor, depth: 18 | 50, spec: BackboneSpec, name = 'backbone'): BackboneFeatures {
  const { block, blocks } = RESNETS[depth];
  let y = convBnAct(x, {
    name: `${name}.stem`, filters: scaleChannels(64, spec.multiplier), kernelSize: 7, stride: 2, padding: 3, activation: 'relu', seed: spec.seed,
  });
  // Zeros pad like PyTorch's -inf here: they follow a ReLU, so no window's maximum changes.
  y = applyLayer(tfl.layers.zeroPadding2d({ name: `${name}.maxpool.pad`, padding: [[1, 1], [1, 1]] }), y);
  y = applyLayer(tfl.layers.maxPooling2d({ name: `${name}.maxpool`, poolSize: 3, strides: 2, padding: 'valid' }), y);

  const strides = new OutputStridePlanner(spec.outputStride, 4);
  let lowLevel = y;
  blocks.forEach((count, stage) => {
    const { firstStride, firstDilation, dilation } = strides.stage(stage === 0 ? 1 : 2);
    const planes = scaleChannels(64 * 2 ** stage, spec.multiplier);
    for (let index = 0; index < count; index++) {
      y = residualBlock(y, block, `${name}.layer${stage + 1}.${index}`, {
        planes,
        stride: index === 0 ? firstStride : 1,
        dilation: index === 0 ? firstDilation : dilation,
        seed: spec.seed,
      });
    }
    if (stage === 0) lowLevel = y;
  });
  return { lowLevel, highLevel: y };
}

interface BlockSpec {
  planes: number;
  stride: number;
  dilation: number;
  /** The model's seed (see ConvSpec). */
  seed: number | undefined;
}

function residualBlock(x: Tensor, kind: BlockKind, name: string, { planes, stride, dilation, seed }: BlockSpec): Tensor {
  const outChannels = planes * EXPANSION[kind];
  let y: Tensor;
  if (kind === 'bottleneck') {
    y = convBnAct(x, { name: `${name}.conv1`, filters: planes, kernelSize: 1, activation: 'relu', seed });
    y = convBnAct(y, { name: `${name}.conv2`, filters: planes, kernelSize: 3, stride, dilation, activation: 'relu', seed });
    y = convBnAct(y, { name: `${name}.conv3`, filters: outChannels, kernelSize: 1, activation: 'linear', seed });
  } else {
    y = convBnAct(x, { name: `${name}.conv1`, filters: planes, kernelSize: 3, stride, dilation, activation: 'relu', seed });
    y = convBnAct(y, { name: `${name}.conv2`, filters: planes, kernelSize: 3, dilation, activation: 'linear', seed });
  }
  const shortcut = stride !== 1 || channelsOf(x) !== outChannels
    ? convBnAct(x, { name: `${name}.downsample`, filters: outChannels, kernelSize: 1, stride, activation: 'linear', seed })
    : x;
  return activate(add([y, shortcut], `${name}.add`), 'relu', `${name}.relu`);
}
