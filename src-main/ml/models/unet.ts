import * as tfl from '@tensorflow/tfjs-layers';
import { BilinearUpsample } from './bilinear-upsample';
import { applyLayer, concat, dropout, logitsHead, unetBlock, unetEncoder } from './blocks';
import { requireInputMultipleOf, resolveModelConfig } from './config';
import type { ModelConfig } from './types';

const LEVELS = 5;

/**
 * U-Net as in seed 001: encoder blocks of width, 2·width … 16·width with 2×2 max-pools;
 * the decoder upsamples ×2 bilinearly (no conv), concatenates the skip and runs a block.
 */
export function buildUnet(config: ModelConfig): tfl.LayersModel {
  const c = resolveModelConfig(config, 'unet');
  requireInputMultipleOf(c, 2 ** (LEVELS - 1), 'four 2x2 max-pools');
  const widths = Array.from({ length: LEVELS }, (_, level) => c.width * 2 ** level);
  const image = tfl.input({ name: 'image', shape: [c.inputHeight, c.inputWidth, c.inChannels] });

  const skips = unetEncoder(image, widths, (x, name, width) => unetBlock(x, name, width, { seed: c.seed }));
  let x = skips[skips.length - 1];
  for (let level = LEVELS - 2; level >= 0; level--) {
    const upsampled = applyLayer(new BilinearUpsample({ name: `dec${level + 1}.upsample`, factor: [2, 2] }), x);
    x = unetBlock(concat([skips[level], upsampled], `dec${level + 1}.concat`), `dec${level + 1}`, widths[level], { seed: c.seed });
  }
  const logits = logitsHead(dropout(x, c.dropout, 'head.dropout'), c.numClasses, c.seed);
  return tfl.model({ name: 'unet', inputs: image, outputs: logits });
}
