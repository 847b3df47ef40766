import { describe, expect, it } from 'vitest';
import { filterGradientAxis, inputGradientPhases } from './geometry';

describe('filterGradientAxis', () => {
  it('pads both ends for a same-padded stride-1 conv', () => {
    expect(filterGradientAxis({ inSize: 8, outSize: 8, filterSize: 3, stride: 1, dilation: 1, padBefore: 1 }))
      .toEqual({ padBefore: 1, padAfter: 1, cropEnd: 0 });
  });

  it('crops the inputs a valid stride-2 conv never read', () => {
    // outputs 0..3 read inputs 0..8 of 10
    expect(filterGradientAxis({ inSize: 10, outSize: 4, filterSize: 3, stride: 2, dilation: 1, padBefore: 0 }))
      .toEqual({ padBefore: 0, padAfter: 0, cropEnd: 1 });
  });
});

describe('inputGradientPhases', () => {
  it('is one full correlation with the reversed filter at stride 1', () => {
    expect(inputGradientPhases({ inSize: 8, outSize: 8, filterSize: 3, stride: 1, dilation: 2, padBefore: 2 })).toEqual({
      phaseSize: 8,
      phases: [{ tapBegin: 0, taps: 3, tapStep: 1, dilation: 2, padBefore: 2, padAfter: 2 }],
    });
  });

  it('splits a stride-2 same conv over 5 inputs into even and odd outputs', () => {
    // y[i] = Σa x[2i + a − 1]·w[a]: dx[2q] = dy[q]·w1, dx[2q+1] = dy[q]·w2 + dy[q+1]·w0
    expect(inputGradientPhases({ inSize: 5, outSize: 3, filterSize: 3, stride: 2, dilation: 1, padBefore: 1 })).toEqual({
      phaseSize: 3,
      phases: [
        { tapBegin: 1, taps: 1, tapStep: 2, dilation: 1, padBefore: 0, padAfter: 0 },
        { tapBegin: 0, taps: 2, tapStep: 2, dilation: 1, padBefore: 0, padAfter: 1 },
      ],
    });
  });

  it('leaves phases no tap reaches empty', () => {
    const { phases } = inputGradientPhases({ inSize: 6, outSize: 2, filterSize: 1, stride: 3, dilation: 1, padBefore: 0 });
    expect(phases.map((p) => p.taps)).toEqual([1, 0, 0]);
  });
});
