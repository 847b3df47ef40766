import { describe, expect, it } from 'vitest';
import { learningRateAt } from './schedules';

describe('learning-rate schedules', () => {
  it('keeps a constant rate', () => {
    expect(learningRateAt({ name: 'constant' }, 0.01, 57, 100)).toBe(0.01);
  });

  it('decays poly as (1 - t/T)^0.9', () => {
    expect(learningRateAt({ name: 'poly' }, 0.01, 0, 100)).toBeCloseTo(0.01, 12);
    expect(learningRateAt({ name: 'poly' }, 0.01, 50, 100)).toBeCloseTo(0.01 * 0.5 ** 0.9, 12);
    expect(learningRateAt({ name: 'poly' }, 0.01, 100, 100)).toBe(0);
  });

  it('multiplies by gamma every stepSize steps', () => {
    const schedule = { name: 'step', stepSize: 30, gamma: 0.1 } as const;
    expect(learningRateAt(schedule, 1, 29, 100)).toBe(1);
    expect(learningRateAt(schedule, 1, 30, 100)).toBeCloseTo(0.1, 12);
    expect(learningRateAt(schedule, 1, 65, 100)).toBeCloseTo(0.01, 12);
  });

  it('follows half a cosine to minLr', () => {
    const schedule = { name: 'cosine', minLr: 0.001 } as const;
    expect(learningRateAt(schedule, 0.1, 0, 100)).toBeCloseTo(0.1, 12);
    expect(learningRateAt(schedule, 0.1, 50, 100)).toBeCloseTo(0.0505, 12);
    expect(learningRateAt(schedule, 0.1, 100, 100)).toBeCloseTo(0.001, 12);
  });

  it('warms up linearly, then runs the schedule over the remaining steps', () => {
    const schedule = { name: 'cosine', warmupSteps: 10, warmupStartFactor: 0 } as const;
    expect(learningRateAt(schedule, 0.1, 0, 110)).toBe(0);
    expect(learningRateAt(schedule, 0.1, 5, 110)).toBeCloseTo(0.05, 12);
    expect(learningRateAt(schedule, 0.1, 10, 110)).toBeCloseTo(0.1, 12);
    expect(learningRateAt(schedule, 0.1, 60, 110)).toBeCloseTo(0.05, 12);
  });
});
