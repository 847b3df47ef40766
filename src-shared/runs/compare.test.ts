import { describe, expect, it } from 'vitest';
import type { EpochRecord, Run, RunDetail } from '../api';
import { CITYSCAPES } from '../labels';
import { alignEpochCurves, classIouRows, configDiff, flattenConfig, miouRow, sharedSamples } from './compare';

function epoch(n: number, miou: number | null): EpochRecord {
  return { epoch: n, trainLoss: 1 / n, valLoss: null, miou, pixelAccuracy: null, meanDice: null, imagesPerSecond: null, seconds: 1 };
}

function detail(id: number, change: Partial<RunDetail>): RunDetail {
  return {
    run: { id, name: `run ${id}` } as Run, config: {}, epochs: [], labels: CITYSCAPES,
    latestClasses: [], bestClasses: [], bestEpoch: null, samples: [], checkpoints: [], progress: null, runDir: '', ...change,
  };
}

const iou = (classTrainId: number, value: number | null) => ({ classTrainId, iou: value, dice: null, accuracy: null, sensitivity: null, specificity: null });

describe('alignEpochCurves', () => {
  it('puts every run on the union of epochs, with gaps where a run has none', () => {
    const a = detail(1, { epochs: [epoch(1, 0.1), epoch(2, 0.2)] });
    const b = detail(2, { epochs: [epoch(2, 0.3), epoch(3, null)] });
    expect(alignEpochCurves([a, b], (e) => e.miou)).toEqual([[1, 2, 3], [0.1, 0.2, null], [null, 0.3, null]]);
  });
});

describe('classIouRows', () => {
  it('highlights the best run per class, gives deltas against the first and keeps n/a as null', () => {
    const a = detail(1, { bestClasses: [iou(0, 0.5), iou(1, null), iou(2, 0.2)] });
    const b = detail(2, { bestClasses: [iou(0, 0.7), iou(1, 0.1)] });
    const [road, sidewalk, building] = classIouRows([a, b]);
    expect(road.values).toEqual([0.5, 0.7]);
    expect(road.deltas[1]).toBeCloseTo(0.2);
    expect([...road.best]).toEqual([1]);
    expect(sidewalk.deltas).toEqual([null, null]);
    expect(building.values).toEqual([0.2, null]);
  });

  it('marks no run best against n/a, not even at 0.0%', () => {
    const [road, sidewalk, building] = classIouRows([
      detail(1, { bestClasses: [iou(0, 0), iou(1, null), iou(2, 0.2)] }),
      detail(2, { bestClasses: [iou(0, null), iou(1, 0.1)] }),
      detail(3, { bestClasses: [] }),
    ]);
    expect(road.best.size).toBe(0);
    expect(sidewalk.best.size).toBe(0);
    expect(building.best.size).toBe(0);
  });

  it('names rows by train id from the first run\'s spec, also where its train ids leave gaps', () => {
    const spec = {
      name: 'gapped', background: 'void',
      labels: [
        { name: 'void', id: 0, trainId: 255, category: 'void', categoryId: 0, hasInstances: false, ignoreInEval: true, color: [0, 0, 0] as const },
        { name: 'floor', id: 1, trainId: 0, category: 'flat', categoryId: 1, hasInstances: false, ignoreInEval: false, color: [1, 1, 1] as const },
        { name: 'lamp', id: 2, trainId: 3, category: 'object', categoryId: 2, hasInstances: false, ignoreInEval: false, color: [2, 2, 2] as const },
      ],
    };
    const rows = classIouRows([detail(1, { labels: spec, bestClasses: [iou(0, 0.5), iou(3, 0.25)] }), detail(2, { labels: spec, bestClasses: [iou(3, 0.75)] })]);
    expect(rows.map((row) => [row.trainId, row.name, row.values])).toEqual([[0, 'floor', [0.5, null]], [3, 'lamp', [0.25, 0.75]]]);
  });

  it('highlights nothing where every run scores the same', () => {
    const rows = classIouRows([detail(1, { bestClasses: [iou(0, 0)] }), detail(2, { bestClasses: [iou(0, 0)] })]);
    expect(rows[0].best.size).toBe(0);
    expect(rows[1].best.size).toBe(0);
  });
});

describe('miouRow', () => {
  it('gives the mIoU row deltas against the first run and its best', () => {
    const row = miouRow([detail(1, { run: { id: 1, bestMiou: 0.4 } as Run }), detail(2, { run: { id: 2, bestMiou: 0.5 } as Run }), detail(3, { run: { id: 3, bestMiou: null } as Run })]);
    expect(row.values).toEqual([0.4, 0.5, null]);
    expect(row.deltas[1]).toBeCloseTo(0.1);
    expect(row.deltas[2]).toBeNull();
    expect([...row.best]).toEqual([1]);
  });
});

describe('configDiff', () => {
  it('compares the model\'s implicit defaults: a run on the default backbone differs from one that named another', () => {
    const rows = configDiff([
      { model: { arch: 'deeplabv3plus' }, lr: 0.1 },
      { model: { arch: 'deeplabv3plus', backbone: 'mobilenetv2' }, lr: 0.1 },
      { model: { arch: 'deeplabv3plus', backbone: 'resnet50', width: 64 }, lr: 0.1 },
    ]);
    expect(rows).toEqual([{ key: 'model.backbone', values: ['"resnet50"', '"mobilenetv2"', '"resnet50"'] }]);
  });

  it('flattens nested configs to dotted keys', () => {
    expect(flattenConfig({ model: { arch: 'unet', width: 4 }, sizes: [1, 2] })).toEqual({ 'model.arch': '"unet"', 'model.width': '4', sizes: '[1,2]' });
  });

  it('keeps only the keys whose values differ, including keys one run lacks', () => {
    const rows = configDiff([{ model: { width: 4 }, lr: 0.1, seed: 1 }, { model: { width: 8 }, lr: 0.1, seed: 1, extra: true }]);
    expect(rows).toEqual([{ key: 'extra', values: [undefined, 'true'] }, { key: 'model.width', values: ['4', '8'] }]);
  });
});

describe('sharedSamples', () => {
  it('offers the frames every run saved, each at its best epoch if saved then, else its newest', () => {
    const a = detail(1, { bestEpoch: 2, samples: [{ epoch: 1, frameId: 'f1' }, { epoch: 2, frameId: 'f1' }, { epoch: 1, frameId: 'f2' }, { epoch: 3, frameId: 'f2' }] });
    const b = detail(2, { bestEpoch: 1, samples: [{ epoch: 1, frameId: 'f2' }, { epoch: 1, frameId: 'f1' }, { epoch: 1, frameId: 'f3' }] });
    expect(sharedSamples([a, b])).toEqual([{ frameId: 'f1', epochs: [2, 1] }, { frameId: 'f2', epochs: [3, 1] }]);
  });
});
