import { describe, expect, it } from 'vitest';
import { CITYSCAPES, buildLabelIndex } from '../../src-shared/labels';
import { hideLabelColors, hideLabelPixels, invertLabels, soloLabel } from './label-visibility';

const labels = buildLabelIndex(CITYSCAPES);
const ROAD = 7;
const CAR = 26;
const SKY = 23;

function rgbaOf(ids: number[]): Uint8ClampedArray {
  const out = new Uint8ClampedArray(ids.length * 4);
  ids.forEach((id, p) => out.set([...labels.colorById.subarray(id * 3, id * 3 + 3), 255], p * 4));
  return out;
}

describe('label visibility', () => {
  it('makes the hidden labels transparent in a mask drawn from label ids', () => {
    const ids = Uint8Array.from([ROAD, CAR, SKY, CAR]);
    const out = hideLabelPixels(rgbaOf([...ids]), ids, new Set([CAR]));
    expect([out[3], out[7], out[11], out[15]]).toEqual([255, 0, 255, 0]);
  });

  it('makes a hidden label transparent in a colour mask, but not a colour a shown label shares', () => {
    const out = hideLabelColors(rgbaOf([ROAD, CAR, 0, 1]), labels, new Set([CAR, 0]));
    // Ids 0 (unlabeled) and 1 (ego vehicle) are both black: 1 is still shown, so black stays.
    expect([out[3], out[7], out[11], out[15]]).toEqual([255, 0, 255, 255]);
  });

  it('solos a label, and soloing it again shows every label', () => {
    const present = [ROAD, CAR, SKY];
    const solo = soloLabel(present, new Set(), CAR);
    expect([...solo].sort()).toEqual([ROAD, SKY].sort());
    expect(soloLabel(present, solo, CAR).size).toBe(0);
  });

  it('inverts which present labels are shown', () => {
    expect([...invertLabels([ROAD, CAR, SKY], new Set([CAR]))].sort()).toEqual([ROAD, SKY].sort());
  });
});
