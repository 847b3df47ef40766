import { describe, expect, it } from 'vitest';
import type { StepBatch } from '../train/training-step';
import { shardLossWeight, splitBatch } from './shards';

function batchOf(count: number, labels: number[]): StepBatch {
  return { count, height: 1, width: labels.length / count, images: Float32Array.from({ length: labels.length * 3 }, (_, i) => i), labels: Uint8Array.from(labels) };
}

describe('splitBatch', () => {
  it('splits whole images as evenly as the count allows, in order', () => {
    const shards = splitBatch(batchOf(3, [0, 1, 2, 3, 4, 5]), 2);
    expect(shards.map((s) => s.count)).toEqual([2, 1]);
    expect(Array.from(shards[1].labels)).toEqual([4, 5]);
    expect(shards[1].images[0]).toBe(12);
  });

  it('leaves out empty parts when there are more threads than images', () => {
    expect(splitBatch(batchOf(2, [0, 1]), 4).map((s) => s.count)).toEqual([1, 1]);
  });
});

describe('shardLossWeight', () => {
  it('counts pixels, not ignored ones or ids past the classes', () => {
    expect(shardLossWeight(batchOf(1, [0, 1, 255, 19, 3]), { name: 'cross-entropy' }, 19)).toBe(3);
  });

  it('sums class weights where the loss has them', () => {
    expect(shardLossWeight(batchOf(1, [0, 1, 1, 255]), { name: 'focal', classWeights: [0.5, 2] }, 2)).toBe(4.5);
  });

  it('counts pixels for Dice, which has no class weights', () => {
    expect(shardLossWeight(batchOf(1, [0, 1, 1]), { name: 'dice', classWeights: [0.5, 2] }, 2)).toBe(3);
  });
});
