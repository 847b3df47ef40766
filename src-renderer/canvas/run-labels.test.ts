import { describe, expect, it } from 'vitest';
import { CITYSCAPES, type LabelSpec } from '../../src-shared/labels';
import { describeLabels, haveSameClasses, labelIndexOf, labelSpecId } from './run-labels';

const label = (name: string, id: number, trainId: number, color: [number, number, number] = [id, id, id]) => ({
  name, id, trainId, category: 'thing', categoryId: 1, hasInstances: false, ignoreInEval: false, color,
});
const VOC: LabelSpec = { name: 'voc-3', background: 'background', labels: [label('background', 0, 0), label('cat', 1, 1), label('dog', 2, 2)] };

describe('run labels', () => {
  it('builds one index per distinct spec, so reloaded details share it', () => {
    const copy = JSON.parse(JSON.stringify(VOC)) as LabelSpec;
    expect(labelIndexOf(copy)).toBe(labelIndexOf(VOC));
    expect(labelSpecId(labelIndexOf(copy))).toBe(labelSpecId(labelIndexOf(VOC)));
    expect(labelIndexOf(CITYSCAPES)).not.toBe(labelIndexOf(VOC));
    expect(labelSpecId(labelIndexOf(CITYSCAPES))).not.toBe(labelSpecId(labelIndexOf(VOC)));
  });

  it('compares runs whose classes match, whatever their colours or spec names', () => {
    const recoloured: LabelSpec = { ...VOC, name: 'voc-bright', labels: VOC.labels.map((l) => ({ ...l, color: [255, 0, l.id] as [number, number, number] })) };
    expect(haveSameClasses([{ labels: VOC }, { labels: recoloured }])).toBe(true);
    expect(haveSameClasses([{ labels: VOC }, { labels: CITYSCAPES }])).toBe(false);
    const renamed: LabelSpec = { ...VOC, labels: [label('background', 0, 0), label('cat', 1, 1), label('horse', 2, 2)] };
    expect(haveSameClasses([{ labels: VOC }, { labels: renamed }])).toBe(false);
  });

  it('names a spec with the classes a model predicts', () => {
    expect(describeLabels(labelIndexOf(CITYSCAPES))).toBe('cityscapes (19 classes)');
    expect(describeLabels(labelIndexOf(VOC))).toBe('voc-3 (3 classes)');
  });
});
