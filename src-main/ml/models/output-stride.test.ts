import { describe, expect, it } from 'vitest';
import { OutputStridePlanner } from './output-stride';

const plan = (outputStride: number, start: number, strides: number[]) => {
  const planner = new OutputStridePlanner(outputStride, start);
  return strides.map((s) => planner.stage(s));
};

describe('OutputStridePlanner', () => {
  it('dilates ResNet stage 4 at output stride 16, its first block keeping the previous dilation', () => {
    expect(plan(16, 4, [1, 2, 2, 2])).toEqual([
      { firstStride: 1, firstDilation: 1, dilation: 1 },
      { firstStride: 2, firstDilation: 1, dilation: 1 },
      { firstStride: 2, firstDilation: 1, dilation: 1 },
      { firstStride: 1, firstDilation: 1, dilation: 2 },
    ]);
  });

  it('dilates stages 3 and 4 at output stride 8', () => {
    expect(plan(8, 4, [1, 2, 2, 2]).slice(2)).toEqual([
      { firstStride: 1, firstDilation: 1, dilation: 2 },
      { firstStride: 1, firstDilation: 2, dilation: 4 },
    ]);
  });
});
