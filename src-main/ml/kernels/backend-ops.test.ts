import { describe, expect, it } from 'vitest';
import { mergeTransposeAxes } from './backend-ops';

describe('mergeTransposeAxes', () => {
  it('merges axes that stay neighbours', () => {
    expect(mergeTransposeAxes([4, 128, 128, 32], [3, 1, 2, 0])).toEqual({ shape: [4, 16384, 32], perm: [2, 1, 0] });
  });

  it('drops size-1 axes', () => {
    expect(mergeTransposeAxes([1, 5, 1, 3], [3, 2, 1, 0])).toEqual({ shape: [5, 3], perm: [1, 0] });
  });

  it('reduces a rank-6 phase interleave to rank 5', () => {
    expect(mergeTransposeAxes([2, 3, 4, 5, 6, 7], [2, 3, 0, 4, 1, 5])).toEqual({
      shape: [2, 3, 20, 6, 7],
      perm: [2, 0, 3, 1, 4],
    });
  });

  it('turns an identity permutation into one axis', () => {
    expect(mergeTransposeAxes([2, 3, 4], [0, 1, 2])).toEqual({ shape: [24], perm: [0] });
  });
});
