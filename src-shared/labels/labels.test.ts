import { describe, expect, it } from 'vitest';
import { CITYSCAPES, CITYSCAPES_LABELS, buildLabelIndex, parseLabelSpec, resolveLabel } from '.';

const index = buildLabelIndex(CITYSCAPES);

describe('Cityscapes label table', () => {
  it('has the 35 official labels with 19 train classes', () => {
    expect(CITYSCAPES_LABELS).toHaveLength(35);
    expect(index.trainClasses.map((l) => l.name)).toEqual([
      'road', 'sidewalk', 'building', 'wall', 'fence', 'pole', 'traffic light', 'traffic sign', 'vegetation',
      'terrain', 'sky', 'person', 'rider', 'car', 'truck', 'bus', 'train', 'motorcycle', 'bicycle',
    ]);
  });

  it('keeps the official ids, train ids, categories and colors', () => {
    expect(index.byName.get('car')).toEqual({
      name: 'car', id: 26, trainId: 13, category: 'vehicle', categoryId: 7, hasInstances: true, ignoreInEval: false, color: [0, 0, 142],
    });
    expect(index.byName.get('license plate')).toMatchObject({ id: -1, trainId: -1, ignoreInEval: true });
    expect(index.byName.get('caravan')).toMatchObject({ id: 29, trainId: 255, hasInstances: true, ignoreInEval: true });
    expect(index.byId.get(23)?.name).toBe('sky');
    expect(CITYSCAPES_LABELS.filter((l) => l.hasInstances).map((l) => l.name))
      .toEqual(['person', 'rider', 'car', 'truck', 'bus', 'caravan', 'trailer', 'train', 'motorcycle', 'bicycle']);
  });

  it('derives lookups from the table: first label wins a shared train id, as labels.py does', () => {
    expect(index.byTrainId.get(255)?.name).toBe('unlabeled');
    expect(index.byTrainId.get(5)?.name).toBe('pole');
    expect([...index.colorById.subarray(7 * 3, 7 * 3 + 3)]).toEqual([128, 64, 128]);
    expect(index.trainIdById[26]).toBe(13);
    expect(index.trainIdById[4]).toBe(255);
    expect([...index.colorByTrainId.subarray(18 * 3, 18 * 3 + 3)]).toEqual([119, 11, 32]);
  });

  it('resolves group labels like the official tools', () => {
    expect(resolveLabel(index, 'cargroup')).toMatchObject({ label: { name: 'car' }, isGroup: true });
    expect(resolveLabel(index, 'polegroup')).toMatchObject({ label: { name: 'polegroup' }, isGroup: false });
    expect(resolveLabel(index, 'skygroup')).toMatchObject({ label: { name: 'sky' }, isGroup: true });
    expect(resolveLabel(index, 'foogroup')).toBeUndefined();
    expect(resolveLabel(index, 'carr')).toBeUndefined();
  });
});

const VOC_NAMES = ['background', 'aeroplane', 'bicycle', 'bird', 'boat', 'bottle', 'bus', 'car', 'cat', 'chair', 'cow',
  'diningtable', 'dog', 'horse', 'motorbike', 'person', 'pottedplant', 'sheep', 'sofa', 'train', 'tvmonitor'];

function vocSpec(): Record<string, unknown> {
  return {
    name: 'voc',
    background: 'background',
    labels: [
      ...VOC_NAMES.map((name, i) => ({
        name, id: i, trainId: i, category: i === 0 ? 'void' : 'object', categoryId: i === 0 ? 0 : 1,
        hasInstances: i > 0, ignoreInEval: false, color: [(i * 37) % 256, (i * 91) % 256, (i * 53) % 256],
      })),
      { name: 'void', id: 255, trainId: 255, category: 'void', categoryId: 0, hasInstances: false, ignoreInEval: true, color: [224, 224, 192] },
    ],
  };
}

describe('custom label specs', () => {
  it('loads a 21-class VOC-style spec and derives its lookups', () => {
    const spec = parseLabelSpec(JSON.stringify(vocSpec()), 'voc.json');
    const voc = buildLabelIndex(spec);
    expect(voc.trainClasses).toHaveLength(21);
    expect(voc.background.name).toBe('background');
    expect(resolveLabel(voc, 'persongroup')).toMatchObject({ label: { name: 'person' }, isGroup: true });
  });

  it('names the file and field of every problem', () => {
    const spec = vocSpec();
    const labels = spec.labels as Record<string, unknown>[];
    labels[3] = { ...labels[3], trainId: 300 };
    labels[4] = { ...labels[4], color: [1, 2] };
    labels[5] = { ...labels[5], name: 'aeroplane' };
    expect(() => parseLabelSpec(JSON.stringify(spec), 'voc.json')).toThrow(
      'voc.json: labels[3] ("bird").trainId: expected an integer in -1..255; labels[4] ("boat").color: expected [r, g, b] with integers 0..255; labels[5] ("aeroplane").name: duplicate label name',
    );
  });

  it('rejects malformed JSON, a missing background and duplicate ids', () => {
    expect(() => parseLabelSpec('{"labels": [', 'x.json')).toThrow(/^x\.json: not valid JSON/);
    expect(() => parseLabelSpec(JSON.stringify({ ...vocSpec(), background: 'nothing' }), 'x.json'))
      .toThrow('x.json: "background": label "nothing" is not in "labels"');
    const spec = vocSpec();
    (spec.labels as Record<string, unknown>[])[2].id = 1;
    expect(() => parseLabelSpec(JSON.stringify(spec), 'x.json')).toThrow('x.json: labels[2] ("bicycle").id: id 1 is used by another label');
    expect(() => parseLabelSpec('[]', 'x.json')).toThrow('x.json: expected a JSON object');
  });

  it('counts the model outputs up to the highest train id, also where train ids are left unused', () => {
    expect(buildLabelIndex(CITYSCAPES).numClasses).toBe(19);
    const spec = vocSpec();
    // Train ids 0..20 with 7..9 unused (their labels ignored): 21 outputs, 18 named classes.
    for (const label of (spec.labels as Record<string, unknown>[]).slice(7, 10)) label.trainId = 255;
    const gapped = buildLabelIndex(parseLabelSpec(JSON.stringify(spec), 'x.json'));
    expect(gapped.trainClasses).toHaveLength(18);
    expect(gapped.numClasses).toBe(21);
    expect(gapped.byTrainId.get(20)?.name).toBe('tvmonitor');
    const none = vocSpec();
    for (const label of none.labels as Record<string, unknown>[]) label.trainId = 255;
    expect(buildLabelIndex(parseLabelSpec(JSON.stringify(none), 'x.json')).numClasses).toBe(0);
  });

  it('refuses instance classes whose ids do not fit 16-bit instance images', () => {
    const spec = vocSpec();
    (spec.labels as Record<string, unknown>[])[1].id = 70;
    expect(() => parseLabelSpec(JSON.stringify(spec), 'x.json')).toThrow(/labels\[1\] \("aeroplane"\)\.id: classes with instances need id <= 65/);
  });
});
