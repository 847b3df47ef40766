import { describe, expect, it } from 'vitest';
import { CITYSCAPES, buildLabelIndex } from '../../src-shared/labels';
import { colorizeLabels } from './colorize';

describe('colorizeLabels', () => {
  it('paints each label id in its official gtFine color, opaque', () => {
    const { colorById } = buildLabelIndex(CITYSCAPES);
    const rgba = colorizeLabels(Uint8Array.from([7, 26, 0, 23]), colorById);
    expect([...rgba]).toEqual([128, 64, 128, 255, 0, 0, 142, 255, 0, 0, 0, 255, 70, 130, 180, 255]);
  });
});
