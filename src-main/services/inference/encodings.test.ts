import { describe, expect, it } from 'vitest';
import { buildLabelIndex, CITYSCAPES } from '../../../src-shared/labels';
import { blendOverlay, colorize, labelIdByTrainId, mapPixels } from './encodings';

const labels = buildLabelIndex(CITYSCAPES);

describe('prediction encodings', () => {
  it('maps Cityscapes train ids to label ids as the official trainId2label does, and anything else to unlabeled', () => {
    const table = labelIdByTrainId(labels);
    expect([...mapPixels(Uint8Array.from([0, 1, 2, 10, 11, 13, 18, 19, 255]), table)]).toEqual([7, 8, 11, 23, 24, 26, 33, 0, 0]);
  });

  it('colours train ids with the official palette', () => {
    expect([...colorize(Uint8Array.from([0, 13]), labels.colorByTrainId)]).toEqual([128, 64, 128, 0, 0, 142]);
  });

  it('blends the prediction colours over the photo', () => {
    expect([...blendOverlay(Uint8Array.from([0, 100, 255]), Uint8Array.from([255, 100, 0]), 0.5)]).toEqual([128, 100, 128]);
    expect(() => blendOverlay(new Uint8Array(3), new Uint8Array(6))).toThrow(/overlay/);
  });
});
