import * as tfl from '@tensorflow/tfjs-layers';
import { concat, dropout, logitsHead, maxPool2x2, transposedConv, unetBlock } from './blocks';
import { resolveModelConfig } from './config';
import type { ModelConfig } from './types';

/** The only input size at which the reference's transposed convs meet the skips. */
const INPUT_SIZE = 256;
const DILATION = 3;
/** A dilation-3 conv with padding 1, as in the reference, shrinks the map by 4. */
const DILATED_PADDING = 1;

/**
 * DDU-Net as in seed 001: U-Net blocks of width, 2·width (dilation 1) and 4·width,
 * 8·width (dilation 3, padding 1), three max-pools; the decoder's transposed convs
 * (k3 s3 crop 2, k3 s3 crop 8, k2 s2) restore the skips' sizes, which only works at 256×256.
 */
export function buildDdunet(config: ModelConfig): tfl.LayersModel {
  const c = resolveModelConfig(config, 'ddunet');
  if (c.inputHeight !== INPUT_SIZE || c.inputWidth !== INPUT_SIZE) {
    throw new Error(
      `ddunet: input must be ${INPUT_SIZE}x${INPUT_SIZE} (the reference architecture's transposed convs only line up there), ` +
        `got ${c.inputHeight}x${c.inputWidth}`,
    );
  }
  const [w1, w2, w3, w4] = [1, 2, 4, 8].map((factor) => c.width * factor);
  const image = tfl.input({ name: 'image', shape: [c.inputHeight, c.inputWidth, c.inChannels] });

  const { seed } = c;
  const dilated = { dilation: DILATION, padding: DILATED_PADDING, seed };

  const enc1 = unetBlock(image, 'enc1', w1, { seed });
  const enc2 = unetBlock(maxPool2x2(enc1, 'enc2.pool'), 'enc2', w2, { seed });
  const enc3 = unetBlock(maxPool2x2(enc2, 'enc3.pool'), 'enc3', w3, dilated);
  const enc4 = unetBlock(maxPool2x2(enc3, 'enc4.pool'), 'enc4', w4, dilated);

  const up3 = transposedConv(enc4, { name: 'dec3.up', filters: w4, kernelSize: 3, stride: 3, padding: 2, seed });
  const dec3 = unetBlock(concat([enc3, up3], 'dec3.concat'), 'dec3', w3, dilated);
  const up2 = transposedConv(dec3, { name: 'dec2.up', filters: w3, kernelSize: 3, stride: 3, padding: 8, seed });
  const dec2 = unetBlock(concat([enc2, up2], 'dec2.concat'), 'dec2', w2, { seed });
  const up1 = transposedConv(dec2, { name: 'dec1.up', filters: w2, kernelSize: 2, stride: 2, seed });
  const dec1 = unetBlock(concat([enc1, up1], 'dec1.concat'), 'dec1', w1, { seed });

  const logits = logitsHead(dropout(dec1, c.dropout, 'head.dropout'), c.numClasses, seed);
  return tfl.model({ name: 'ddunet', inputs: image, outputs: logits });
}
