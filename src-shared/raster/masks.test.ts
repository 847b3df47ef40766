import { describe, expect, it } from 'vitest';
import { parseAnnotation } from '../annotation';
import { buildLabelIndex, type LabelSpec } from '../labels';
import { renderMasks } from './masks';

// A custom spec whose instance values pass 65,535 (id 70: 70000 + k).
const SPEC: LabelSpec = {
  name: 'big-ids',
  background: 'background',
  labels: [
    { name: 'background', id: 0, trainId: 0, category: 'void', categoryId: 0, hasInstances: false, ignoreInEval: false, color: [0, 0, 0] },
    { name: 'ship', id: 70, trainId: 1, category: 'object', categoryId: 1, hasInstances: true, ignoreInEval: false, color: [200, 0, 0] },
  ],
};

describe('instanceIds', () => {
  it('clips values above 65,535 to 65,535, as Pillow saves a 32-bit "I" image to PNG, instead of wrapping', () => {
    // Pillow 9.4 and 12.0 both save an "I" pixel of 70123 as 65535 (and a negative one as 0).
    const labels = buildLabelIndex(SPEC);
    const text = JSON.stringify({ imgWidth: 4, imgHeight: 1, objects: [{ label: 'ship', polygon: [[0, 0], [1, 0]] }, { label: 'ship', polygon: [[2, 0], [3, 0]] }] });
    const { instanceIds } = renderMasks(parseAnnotation(text, 'f.json', labels).annotation!, labels, ['instanceIds']);
    expect([...instanceIds!]).toEqual([65535, 65535, 65535, 65535]);
  });
});
