import type { LossConfig } from '../train/losses';
import type { StepBatch } from '../train/training-step';

/** Splits a batch into `parts` runs of whole images, as even as the count allows; empty parts are left out. */
export function splitBatch(batch: StepBatch, parts: number): StepBatch[] {
  const { count, height, width } = batch;
  const pixels = height * width;
  const shards: StepBatch[] = [];
  let first = 0;
  for (let part = 0; part < parts; part++) {
    const end = Math.round(((part + 1) * count) / parts);
    if (end > first) {
      shards.push({
        count: end - first, height, width,
        images: batch.images.slice(first * pixels * 3, end * pixels * 3),
        labels: batch.labels.slice(first * pixels, end * pixels),
      });
    }
    first = end;
  }
  return shards;
}

/**
 * What a shard's mean loss weighs in the batch's: the sum of its pixels' class weights (1 each
 * without them), ignored pixels and ids outside the classes counting 0. Cross-entropy and focal
 * are Σ loss·w / Σ w, so the batch loss and gradient are the shards' averaged by these weights;
 * Dice is not a per-pixel mean, and averaging its shards is the usual data-parallel stand-in.
 */
export function shardLossWeight(batch: StepBatch, loss: LossConfig, numClasses: number): number {
  const ignoreIndex = loss.ignoreIndex ?? 255;
  const classWeights = loss.name === 'dice' ? undefined : loss.classWeights;
  let total = 0;
  for (const label of batch.labels) {
    if (label === ignoreIndex || label >= numClasses) continue;
    total += classWeights === undefined ? 1 : classWeights[label];
  }
  return total;
}
