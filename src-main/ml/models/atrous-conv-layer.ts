import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import type { LayerArgs } from '@tensorflow/tfjs-layers/dist/engine/topology';
import { atrousConv2d, atrousDepthwiseConv2d } from '../ops/atrous-conv2d';
import { convKernelInitializer } from './initializers';

export interface AtrousConv2DArgs extends LayerArgs {
  kernelSize: number;
  /** Output channels; ignored when `depthwise` (one filter per input channel). */
  filters: number;
  rate: number;
  /** Zeros added on every side, as PyTorch's `padding`. */
  padding: number;
  depthwise?: boolean;
  useBias?: boolean;
  activation?: 'linear' | 'relu' | 'relu6';
  /** The kernel initializer's seed (this layer's, see layerSeed); unseeded unless given. */
  kernelSeed?: number;
}

/**
 * A dilated, stride-1 convolution (regular or depthwise) that can be trained:
 * tfjs-layers' Conv2D with dilationRate has no gradient, so this calls our atrous ops.
 */
export class AtrousConv2D extends tfl.layers.Layer {
  static className = 'AtrousConv2D';
  private readonly options: Required<Omit<AtrousConv2DArgs, keyof LayerArgs | 'kernelSeed'>>;
  private readonly kernelSeed?: number;
  private kernel?: tfl.LayerVariable;
  private bias?: tfl.LayerVariable;

  constructor(args: AtrousConv2DArgs) {
    super(args);
    const { kernelSize, filters, rate, padding, depthwise = false, useBias = true, activation = 'linear' } = args;
    this.options = { kernelSize, filters, rate, padding, depthwise, useBias, activation };
    this.kernelSeed = args.kernelSeed;
  }

  override build(inputShape: tfl.Shape | tfl.Shape[]): void {
    const channels = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape)[3] as number;
    const { kernelSize, filters, depthwise, useBias } = this.options;
    const shape = [kernelSize, kernelSize, channels, depthwise ? 1 : filters];
    this.kernel = this.addWeight('kernel', shape, 'float32', convKernelInitializer(this.kernelSeed));
    if (useBias) this.bias = this.addWeight('bias', [depthwise ? channels : filters], 'float32', tfl.initializers.zeros());
    this.built = true;
  }

  override computeOutputShape(inputShape: tfl.Shape | tfl.Shape[]): tfl.Shape {
    const [n, h, w, c] = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tfl.Shape;
    const { kernelSize, rate, padding, depthwise, filters } = this.options;
    const shrink = (kernelSize - 1) * rate - 2 * padding;
    return [n, h === null ? null : h - shrink, w === null ? null : w - shrink, depthwise ? c : filters];
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const x = (Array.isArray(inputs) ? inputs[0] : inputs) as tf.Tensor4D;
      const { kernelSize, rate, padding, depthwise, activation } = this.options;
      const isSame = 2 * padding === (kernelSize - 1) * rate;
      const padded = isSame || padding === 0 ? x : tf.pad(x, [[0, 0], [padding, padding], [padding, padding], [0, 0]]);
      const convolve = depthwise ? atrousDepthwiseConv2d : atrousConv2d;
      let y: tf.Tensor = convolve(padded, this.kernel!.read() as tf.Tensor4D, rate, isSame ? 'same' : 'valid');
      if (this.bias !== undefined) y = tf.add(y, this.bias.read());
      if (activation === 'relu') return tf.relu(y);
      if (activation === 'relu6') return tf.relu6(y);
      return y;
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), ...this.options, ...(this.kernelSeed === undefined ? {} : { kernelSeed: this.kernelSeed }) };
  }
}
tf.serialization.registerClass(AtrousConv2D);

