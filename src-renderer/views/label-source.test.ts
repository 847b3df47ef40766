import { describe, expect, it } from 'vitest';
import { CITYSCAPES, type LabelSpec } from '../../src-shared/labels';
import { describeLabelSource } from './label-source';

const label = (name: string, id: number, trainId: number) => ({
  name, id, trainId, category: 'thing', categoryId: 1, hasInstances: false, ignoreInEval: false, color: [id, id, id] as [number, number, number],
});
const VOC: LabelSpec = { name: 'voc-6', background: 'background', labels: ['background', 'cat', 'dog', 'car', 'person', 'bottle'].map((n, i) => label(n, i, i)) };

describe('describeLabelSource', () => {
  it('names the spec, its class count and the file the dataset keeps it in', () => {
    expect(describeLabelSource(VOC, { kind: 'dataset', path: '/data/voc/segstudio.labels.json' })).toBe('voc-6 (6 classes) from segstudio.labels.json');
  });

  it('gives the whole path of a spec file the user named', () => {
    expect(describeLabelSource(VOC, { kind: 'given', path: '/specs/voc.json' })).toBe('voc-6 (6 classes) from /specs/voc.json');
  });

  it('says when the built-in table is used because nothing else was found', () => {
    expect(describeLabelSource(CITYSCAPES, { kind: 'default', path: null })).toBe('cityscapes (19 classes, default)');
  });
});
