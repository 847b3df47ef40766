import { describe, expect, it } from 'vitest';
import { buildLabelIndex, CITYSCAPES } from '../../src-shared/labels';
import { disagreementMask, errorMask, resampleNearest, trainIdsFromColors } from './prediction-masks';

describe('prediction masks', () => {
  it('reads train ids back from the train-id palette, unknown colours as ignore', () => {
    const rgba = Uint8ClampedArray.from([128, 64, 128, 255, 0, 0, 142, 255, 1, 2, 3, 255]);
    expect([...trainIdsFromColors(rgba, buildLabelIndex(CITYSCAPES))]).toEqual([0, 13, 255]);
  });

  it('reads another spec through its own colours, whatever its train ids', () => {
    const label = (name: string, trainId: number, color: [number, number, number]) => ({
      name, id: trainId + 1, trainId, category: 'thing', categoryId: 1, hasInstances: false, ignoreInEval: false, color,
    });
    const spec = buildLabelIndex({ name: 'tiny', background: 'bg', labels: [label('bg', 255, [0, 0, 0]), label('cat', 0, [0, 0, 142]), label('dog', 5, [128, 64, 128])] });
    const rgba = Uint8ClampedArray.from([128, 64, 128, 255, 0, 0, 142, 255, 0, 0, 0, 255]);
    expect([...trainIdsFromColors(rgba, spec)]).toEqual([5, 0, 255]);
  });

  it('resamples nearest at pixel centres', () => {
    const source = Uint8Array.from([1, 2, 3, 4, 5, 6, 7, 8]);
    expect([...resampleNearest(source, 4, 2, 2, 1)]).toEqual([6, 8]);
    expect([...resampleNearest(Uint8Array.from([1, 2]), 2, 1, 4, 1)]).toEqual([1, 1, 2, 2]);
  });

  it('counts errors only where the ground truth is not ignored', () => {
    const result = errorMask(Uint8Array.from([0, 1, 2, 3]), Uint8Array.from([0, 2, 255, 3]));
    expect([...result.mask]).toEqual([0, 1, 0, 0]);
    expect(result).toMatchObject({ count: 1, total: 3 });
  });

  it('marks pixels where any two runs disagree', () => {
    const result = disagreementMask([Uint8Array.from([1, 1, 2]), Uint8Array.from([1, 2, 2]), Uint8Array.from([1, 1, 3])]);
    expect([...result.mask]).toEqual([0, 1, 1]);
    expect(result.count).toBe(2);
  });
});
