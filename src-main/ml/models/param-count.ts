import type * as tfl from '@tensorflow/tfjs-layers';

/** Trainable parameters, each weight counted once however many times its layer is applied (BN moving statistics excluded). */
export function trainableParamCount(model: tfl.LayersModel): number {
  const unique = new Set(model.trainableWeights);
  let count = 0;
  for (const weight of unique) count += weight.read().size;
  return count;
}
