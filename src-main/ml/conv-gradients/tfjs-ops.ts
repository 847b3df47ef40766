import * as tf from '@tensorflow/tfjs-core';
import type { ConvWindow, Pair, TensorOps } from './tensor-ops';
import { windowAttrs } from './tensor-ops';

type T4 = tf.Tensor4D;

/** TensorOps through the public tfjs ops, for gradient functions that must run on any backend. */
export class TfjsOps implements TensorOps {
  reshape(x: tf.TensorInfo, shape: number[]): tf.Tensor {
    return tf.reshape(x as tf.Tensor, shape);
  }

  transpose(x: tf.TensorInfo, perm: number[]): tf.Tensor {
    return tf.transpose(x as tf.Tensor, perm);
  }

  reverse(x: tf.TensorInfo, dims: number[]): tf.Tensor {
    return tf.reverse(x as tf.Tensor, dims);
  }

  sum(x: tf.TensorInfo, axis: number[]): tf.Tensor {
    return tf.sum(x as tf.Tensor, axis);
  }

  concat(tensors: tf.TensorInfo[], axis: number): tf.Tensor {
    return tf.concat(tensors as tf.Tensor[], axis);
  }

  stridedSlice(x: tf.TensorInfo, begin: number[], end: number[], strides: number[]): tf.Tensor {
    return tf.stridedSlice(x as tf.Tensor, begin, end, strides);
  }

  zeros(shape: number[]): tf.Tensor {
    return tf.zeros(shape);
  }

  matMul(a: tf.TensorInfo, b: tf.TensorInfo): tf.Tensor {
    return tf.matMul(a as tf.Tensor, b as tf.Tensor);
  }

  cropSpatial(x: tf.TensorInfo, [top, height]: Pair, [left, width]: Pair): tf.Tensor {
    const [b, h, w, c] = x.shape;
    if (top === 0 && height === h && left === 0 && width === w) return x as tf.Tensor;
    const rows = tf.slice(tf.reshape(x as tf.Tensor, [b, h, w * c]), [0, top, left * c], [b, height, width * c]);
    return tf.reshape(rows, [b, height, width, c]);
  }

  conv2d(x: tf.TensorInfo, filter: tf.TensorInfo, window: ConvWindow): tf.Tensor {
    const { strides, dilations, pad, dataFormat } = windowAttrs(window);
    return tf.conv2d(x as T4, filter as T4, strides, pad, dataFormat, dilations);
  }

  depthwiseConv2d(x: tf.TensorInfo, filter: tf.TensorInfo, window: ConvWindow): tf.Tensor {
    const { strides, dilations, pad, dataFormat } = windowAttrs(window);
    return tf.depthwiseConv2d(x as T4, filter as T4, strides, pad, dataFormat, dilations);
  }
}
