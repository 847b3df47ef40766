import { describe, expect, it } from 'vitest';
import { checkpointKinds, keptCheckpointEpochs } from './checkpoint-policy';

describe('checkpoint policy', () => {
  it('marks every checkpoint last, every Nth and the final one periodic, and a new best as best', () => {
    expect(checkpointKinds(3, 5, 20, false)).toEqual(['last']);
    expect(checkpointKinds(5, 5, 20, true)).toEqual(['last', 'periodic', 'best']);
    expect(checkpointKinds(20, 7, 20, false)).toEqual(['last', 'periodic']);
  });

  it('keeps the newest, the best and the periodic checkpoints', () => {
    expect([...keptCheckpointEpochs(12, 7, 5)].sort((a, b) => a - b)).toEqual([5, 7, 10, 12]);
    expect([...keptCheckpointEpochs(3, null, 5)]).toEqual([3]);
  });
});
