import * as tfl from '@tensorflow/tfjs-layers';
import { BACKBONE_BUILDERS } from './backbones';
import { BilinearUpsample } from './bilinear-upsample';
import { applyLayer, aspp, concat, convBnAct, logitsHead, scaleChannels } from './blocks';
import { REFERENCE_WIDTH, requireInputMultipleOf, resolveModelConfig } from './config';
import type { ModelConfig } from './types';

const ASPP_RATES: Record<8 | 16, readonly number[]> = { 16: [6, 12, 18], 8: [12, 24, 36] };
const ASPP_CHANNELS = 256;
const LOW_LEVEL_CHANNELS = 48;
const DECODER_CHANNELS = 256;
/** The low-level features' stride. */
const DECODER_STRIDE = 4;

/**
 * DeepLabv3+ (Chen et al. 2018): backbone → ASPP at `outputStride`, upsampled to stride 4
 * and concatenated with the low-level features projected to 48 channels, 3×3 decoder
 * convs, 1×1 to classes, ×4 bilinear upsampling. Every channel count is scaled by width / 64.
 */
export function buildDeeplabv3plus(config: ModelConfig): tfl.LayersModel {
  const c = resolveModelConfig(config, 'deeplabv3plus');
  const { outputStride, seed } = c;
  requireInputMultipleOf(c, outputStride, `output stride ${outputStride}`);
  const multiplier = c.width / REFERENCE_WIDTH;
  const image = tfl.input({ name: 'image', shape: [c.inputHeight, c.inputWidth, c.inChannels] });

  const { lowLevel, highLevel } = BACKBONE_BUILDERS[c.backbone](image, { multiplier, outputStride, seed });
  const context = aspp(highLevel, {
    channels: scaleChannels(ASPP_CHANNELS, multiplier), rates: ASPP_RATES[outputStride], dropout: c.dropout, seed,
  });
  const upsampledContext = applyLayer(
    new BilinearUpsample({ name: 'decoder.upsample', factor: [outputStride / DECODER_STRIDE, outputStride / DECODER_STRIDE] }),
    context,
  );
  const details = convBnAct(lowLevel, {
    name: 'decoder.low_level', filters: scaleChannels(LOW_LEVEL_CHANNELS, multiplier), kernelSize: 1, activation: 'relu', seed,
  });
  let x = concat([upsampledContext, details], 'decoder.concat');
  for (let index = 1; index <= c.decoderConvs; index++) {
    x = convBnAct(x, {
      name: `decoder.conv${index}`, filters: scaleChannels(DECODER_CHANNELS, multiplier), kernelSize: 3, activation: 'relu', seed,
    });
  }
  const logits = applyLayer(
    new BilinearUpsample({ name: 'head.upsample', factor: [DECODER_STRIDE, DECODER_STRIDE] }),
    logitsHead(x, c.numClasses, seed),
  );
  return tfl.model({ name: 'deeplabv3plus', inputs: image, outputs: logits });
}
