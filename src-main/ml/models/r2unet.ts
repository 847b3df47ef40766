import * as tfl from '@tensorflow/tfjs-layers';
import { convKernelInitializer, layerSeed } from './initializers';
import { add, applyLayer, conv2d, dropout, logitsHead, transposedConv, unetEncoder, type Tensor } from './blocks';
import { requireInputMultipleOf, resolveModelConfig } from './config';
import type { ModelConfig } from './types';

const LEVELS = 5;
/** Applications of each recurrent conv: y = f(f(x) + x). */
const RECURRENCE = 2;

/**
 * R2U-Net as in seed 001: recurrent residual (RRCNN) blocks without BatchNorm; the decoder
 * upsamples with a 2×2 stride-2 transposed conv, runs an RRCNN block to half the channels
 * and adds the skip.
 */
export function buildR2unet(config: ModelConfig): tfl.LayersModel {
  const c = resolveModelConfig(config, 'r2unet');
  requireInputMultipleOf(c, 2 ** (LEVELS - 1), 'four 2x2 max-pools');
  const widths = Array.from({ length: LEVELS }, (_, level) => c.width * 2 ** level);
  const image = tfl.input({ name: 'image', shape: [c.inputHeight, c.inputWidth, c.inChannels] });

  const { seed } = c;
  const skips = unetEncoder(image, widths, (x, name, width) => rrcnnBlock(x, name, width, seed));
  let x = skips[skips.length - 1];
  for (let level = LEVELS - 2; level >= 0; level--) {
    const name = `dec${level + 1}`;
    const upsampled = transposedConv(x, { name: `${name}.up`, filters: widths[level + 1], kernelSize: 2, stride: 2, seed });
    x = add([skips[level], rrcnnBlock(upsampled, name, widths[level], seed)], `${name}.skip`);
  }
  const logits = logitsHead(dropout(x, c.dropout, 'head.dropout'), c.numClasses, seed);
  return tfl.model({ name: 'r2unet', inputs: image, outputs: logits });
}

/** RRCNN(in → out): x₀ = ReLU(Conv3×3(x)); out = Rec_B(Rec_A(x₀)) + x₀. `seed` is the model's. */
function rrcnnBlock(x: Tensor, name: string, filters: number, seed: number | undefined): Tensor {
  const x0 = conv2d(x, { name: `${name}.conv_in`, filters, kernelSize: 3, activation: 'relu', seed });
  const recurrent = recurrentConv(recurrentConv(x0, `${name}.rec_a`, seed), `${name}.rec_b`, seed);
  return add([recurrent, x0], `${name}.residual`);
}

/** f = Conv3×3 + ReLU with one set of weights, applied RECURRENCE times: f(… f(f(x) + x) …+ x). */
function recurrentConv(x: Tensor, name: string, seed: number | undefined): Tensor {
  const shared = tfl.layers.conv2d({
    name: `${name}.conv`,
    filters: x.shape[3] as number,
    kernelSize: 3,
    padding: 'same',
    activation: 'relu',
    kernelInitializer: convKernelInitializer(layerSeed(seed, `${name}.conv`)),
  });
  let y = applyLayer(shared, x);
  for (let step = 1; step < RECURRENCE; step++) y = applyLayer(shared, add([y, x], `${name}.add${step}`));
  return y;
}
