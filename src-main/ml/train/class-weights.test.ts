import { describe, expect, it } from 'vitest';
import { enetClassWeights } from './class-weights';

describe('ENet class weights', () => {
  it('weigh rare classes up, bounded by 1 / ln(1.02)', () => {
    const [common, rare, absent] = enetClassWeights([0.5, 0.01, 0]);
    expect(common).toBeCloseTo(1 / Math.log(1.52), 10);
    expect(rare).toBeCloseTo(1 / Math.log(1.03), 10);
    expect(absent).toBeCloseTo(1 / Math.log(1.02), 10);
    expect(rare / common).toBeGreaterThan(10);
  });
});
