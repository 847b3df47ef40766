import { describe, expect, it } from 'vitest';
import { buildLabelIndex, CITYSCAPES } from '../../src-shared/labels';
import { disagreementMask, errorMask, resampleNearest, trainIdsFromColors } from './prediction-masks';

describe('prediction masks', () => {
  it('reads train ids back from the train-id palette, unknown colours as ignore', () => {
    const { colorByTrainId, trainClasses } = buildLabelIndex(CITYSCAPES);
    const rgba = Uint8ClampedArray.from([128, 64, 128, 255, 0, 0, 142, 255, 1, 2, 3, 255]);
    expect([...trainIdsFromColors(rgba, colorByTrainId, trainClasses.length)]).toEqual([0, 13, 255]);
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
