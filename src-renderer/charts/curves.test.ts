import { describe, expect, it } from 'vitest';
import { forLogScale, latestIndex, smoothed, stepLossData, withStepLoss } from './curves';

describe('per-step loss', () => {
  it('smooths with a debiased moving average: no pull towards zero at the start', () => {
    expect(smoothed([2, 2, 2], 0.9)).toEqual([2, 2, 2].map(() => expect.closeTo(2, 10)));
    const values = smoothed([1, 0, 1, 0, 1, 0], 0.6);
    expect(values[0]).toBe(1);
    expect(Math.max(...values.slice(2)) - Math.min(...values.slice(2))).toBeLessThan(0.5);
    expect(smoothed([3, 1], 0)).toEqual([3, 1]);
  });

  it('charts steps with the raw and the smoothed loss', () => {
    expect(stepLossData([{ globalStep: 1, loss: 2 }, { globalStep: 2, loss: 1 }], 0)).toEqual([[1, 2], [2, 1], [2, 1]]);
  });

  it('keeps steps in order; a continued run replaces the steps after its checkpoint', () => {
    let steps = [1, 2, 3, 4].reduce((all, n) => withStepLoss(all, { globalStep: n, loss: n }), [] as ReturnType<typeof withStepLoss>);
    steps = withStepLoss(steps, { globalStep: 3, loss: 0.5 });
    expect(steps.map((s) => [s.globalStep, s.loss])).toEqual([[1, 1], [2, 2], [3, 0.5]]);
    expect(withStepLoss(steps, { globalStep: 4, loss: 1 }, 2).map((s) => s.globalStep)).toEqual([3, 4]);
  });
});

describe('legends and scales', () => {
  it('finds the latest point with a value, for the legend to show without hovering', () => {
    expect(latestIndex([[1, 2, 3], [0.5, 0.4, null], [null, 0.9, null]])).toBe(1);
    expect(latestIndex([[], []])).toBeNull();
  });

  it('leaves gaps where a log scale cannot draw', () => {
    expect(forLogScale([[1, 2, 3], [0.5, 0, -1], [null, 2, 3]])).toEqual([[1, 2, 3], [0.5, null, null], [null, 2, 3]]);
  });
});
