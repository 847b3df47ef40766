import * as tfl from '@tensorflow/tfjs-layers';

/**
 * The seed of one layer's initializer, from the model's seed and the layer's name (unique in a model):
 * every layer draws a different stream, and adding a layer does not change the others' weights.
 * Undefined when the model is unseeded.
 */
export function layerSeed(modelSeed: number | undefined, layerName: string): number | undefined {
  if (modelSeed === undefined) return undefined;
  // FNV-1a over the seed and the name, 32 bits.
  let hash = 0x811c9dc5;
  for (const char of `${modelSeed}/${layerName}`) {
    hash ^= char.codePointAt(0)!;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}

/** He (fan-in) uniform init for every conv kernel: suited to ReLU nets, and twice as fast to draw as the normal one. */
export function convKernelInitializer(seed: number | undefined) {
  return tfl.initializers.heUniform({ seed });
}
