import { add, channelsOf, convBnAct, scaleChannels, type Tensor } from './blocks';
import type { BackboneFeatures, BackboneSpec } from './types';
import { OutputStridePlanner } from './output-stride';

/** torchvision's inverted residual settings: expansion t, channels c, repeats n, stride s. */
const INVERTED_RESIDUALS: ReadonlyArray<{ t: number; c: number; n: number; s: number }> = [
  { t: 1, c: 16, n: 1, s: 1 },
  { t: 6, c: 24, n: 2, s: 2 },
  { t: 6, c: 32, n: 3, s: 2 },
  { t: 6, c: 64, n: 4, s: 2 },
  { t: 6, c: 96, n: 3, s: 1 },
  { t: 6, c: 160, n: 3, s: 2 },
  { t: 6, c: 320, n: 1, s: 1 },
];

/** The stage whose output (24 channels at stride 4) feeds the DeepLabv3+ decoder. */
const LOW_LEVEL_STAGE = 1;

/**
 * MobileNetV2 up to its 320-channel features (without the final 1×1 to 1280 channels, as
 * DeepLab's reference uses it). Strides past `outputStride` become dilations, as in ResNet.
 */
export function mobilenetV2(x: Tensor, spec: BackboneSpec, name = 'backbone'): BackboneFeatures {
  let y = convBnAct(x, {
    name: `${name}.stem`, filters: scaleChannels(32, spec.multiplier), kernelSize: 3, stride: 2, activation: 'relu6', seed: spec.seed,
  });
  const strides = new OutputStridePlanner(spec.outputStride, 2);
  let lowLevel = y;
  INVERTED_RESIDUALS.forEach(({ t, c, n, s }, stage) => {
    const { firstStride, firstDilation, dilation } = strides.stage(s);
    const outChannels = scaleChannels(c, spec.multiplier);
    for (let index = 0; index < n; index++) {
      y = invertedResidual(y, `${name}.stage${stage + 1}.${index}`, {
        expansion: t,
        outChannels,
        stride: index === 0 ? firstStride : 1,
        dilation: index === 0 ? firstDilation : dilation,
        seed: spec.seed,
      });
    }
    if (stage === LOW_LEVEL_STAGE) lowLevel = y;
  });
  return { lowLevel, highLevel: y };
}

interface InvertedResidualSpec {
  expansion: number;
  outChannels: number;
  stride: number;
  dilation: number;
  /** The model's seed (see ConvSpec). */
  seed: number | undefined;
}

function invertedResidual(x: Tensor, name: string, spec: InvertedResidualSpec): Tensor {
  const { expansion, outChannels, stride, dilation, seed } = spec;
  const hidden = Math.round(channelsOf(x) * expansion);
  let y = expansion === 1
    ? x
    : convBnAct(x, { name: `${name}.expand`, filters: hidden, kernelSize: 1, activation: 'relu6', seed });
  y = convBnAct(y, {
    name: `${name}.depthwise`, filters: hidden, kernelSize: 3, stride, dilation, depthwise: true, activation: 'relu6', seed,
  });
  y = convBnAct(y, { name: `${name}.project`, filters: outChannels, kernelSize: 1, activation: 'linear', seed });
  return stride === 1 && channelsOf(x) === outChannels ? add([x, y], `${name}.add`) : y;
}
