import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import type { LayerArgs } from '@tensorflow/tfjs-layers/dist/engine/topology';

type Pair = [number, number];

/**
 * Bilinear upsampling by integer factors, matching PyTorch's
 * F.interpolate(mode='bilinear', align_corners=False) (half-pixel centers, edges clamped).
 * tfjs computes this forward pass correctly, but its ResizeBilinearGrad kernels (cpu and
 * wasm) ignore halfPixelCenters, so the gradient here is our own exact adjoint.
 */
export function upsampleBilinear(x: tf.Tensor4D, factor: Pair): tf.Tensor4D {
  const [, height, width] = x.shape;
  const withGradient = tf.customGrad((...args: Array<tf.Tensor | tf.GradSaveFunc>) => {
    const input = args[0] as tf.Tensor4D;
    return {
      value: tf.image.resizeBilinear(input, [height * factor[0], width * factor[1]], false, true),
      gradFunc: (dy: tf.Tensor4D) => upsampleAdjoint(upsampleAdjoint(dy, 2, factor[1]), 1, factor[0]),
    };
  });
  return withGradient(x) as tf.Tensor4D;
}

/**
 * The transpose of 1-D bilinear upsampling along `axis`. Output `i * factor + r` reads
 * input `i` and one neighbour `i ± 1` (clamped at the edges) with weights fixed per phase `r`.
 */
function upsampleAdjoint(dy: tf.Tensor4D, axis: 1 | 2, factor: number): tf.Tensor4D {
  if (factor === 1) return dy;
  const [n, h, w, c] = dy.shape;
  const size = (axis === 1 ? h : w) / factor;
  const phases = tf.unstack(tf.reshape(dy, axis === 1 ? [n, size, factor, w, c] : [n, h, size, factor, c]), axis + 1);
  // received[k + 1]: what input i + k receives from the outputs of block i.
  const received: Array<tf.Tensor | undefined> = [undefined, undefined, undefined];
  const receive = (k: number, phase: tf.Tensor, weight: number) => {
    if (weight === 0) return;
    const term = tf.mul(phase, weight);
    received[k + 1] = received[k + 1] === undefined ? term : tf.add(received[k + 1]!, term);
  };
  phases.forEach((phase, r) => {
    const offset = (r + 0.5) / factor - 0.5;
    receive(0, phase, 1 - Math.abs(offset));
    receive(offset >= 0 ? 1 : -1, phase, Math.abs(offset));
  });
  // Index j of `padded` is input j - 1, so the clamped neighbours land at 0 and size + 1.
  const padded = tf.addN(
    received.flatMap((term, slot) => (term === undefined ? [] : [padAlong(term, axis, slot, 2 - slot)])),
  );
  const inside = sliceAlong(padded, axis, 1, size);
  const first = padAlong(sliceAlong(padded, axis, 0, 1), axis, 0, size - 1);
  const last = padAlong(sliceAlong(padded, axis, size + 1, 1), axis, size - 1, 0);
  return tf.addN([inside, first, last]) as tf.Tensor4D;
}

function padAlong(x: tf.Tensor, axis: 1 | 2, before: number, after: number): tf.Tensor {
  const paddings: Array<[number, number]> = [[0, 0], [0, 0], [0, 0], [0, 0]];
  paddings[axis] = [before, after];
  return tf.pad(x, paddings);
}

function sliceAlong(x: tf.Tensor, axis: 1 | 2, begin: number, size: number): tf.Tensor {
  const begins = [0, 0, 0, 0];
  const sizes = [-1, -1, -1, -1];
  begins[axis] = begin;
  sizes[axis] = size;
  return tf.slice(x, begins, sizes);
}

interface BilinearUpsampleArgs extends LayerArgs {
  factor: Pair;
}

/** A layer for upsampleBilinear: [N, H, W, C] → [N, H·fh, W·fw, C]. */
export class BilinearUpsample extends tfl.layers.Layer {
  static className = 'BilinearUpsample';
  readonly factor: Pair;

  constructor(args: BilinearUpsampleArgs) {
    super(args);
    this.factor = [args.factor[0], args.factor[1]];
  }

  override computeOutputShape(inputShape: tfl.Shape | tfl.Shape[]): tfl.Shape {
    const [n, h, w, c] = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tfl.Shape;
    return [n, h === null ? null : h * this.factor[0], w === null ? null : w * this.factor[1], c];
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    const x = (Array.isArray(inputs) ? inputs[0] : inputs) as tf.Tensor4D;
    return upsampleBilinear(x, this.factor);
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), factor: this.factor };
  }
}
tf.serialization.registerClass(BilinearUpsample);
