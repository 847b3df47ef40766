import { describe, expect, it } from 'vitest';
import { CITYSCAPES } from '../../labels';
import { CITYSCAPES_AVERAGE_INSTANCE_SIZE } from './average-instance-size';
import { CityscapesBenchmark } from './benchmark';
import { buildCityscapesLayout } from './layout';

const grid8 = (rows: number[][]) => new Uint8Array(rows.flat());
const grid16 = (rows: number[][]) => new Uint16Array(rows.flat());

// 0 unlabeled and 9 parking are ignoreInEval; 7 road, 8 sidewalk, 24 person, 25 rider, 26 car,
// 29 caravan (ignoreInEval, but a vehicle with instances). Car 26000 has 2 pixels, car 26001 six.
const FRAME = {
  labelIds: grid8([
    [9, 7, 7, 0],
    [7, 7, 26, 26],
    [26, 26, 26, 26],
    [26, 26, 24, 24],
  ]),
  instanceIds: grid16([
    [9, 7, 7, 0],
    [7, 7, 26001, 26001],
    [26000, 26001, 26001, 26001],
    [26000, 26001, 24000, 24000],
  ]),
  prediction: grid8([
    [7, 7, 26, 7],
    [7, 8, 26, 29],
    [7, 26, 26, 26],
    [26, 26, 25, 24],
  ]),
};

const CAR = CITYSCAPES_AVERAGE_INSTANCE_SIZE.car;
const PERSON = CITYSCAPES_AVERAGE_INSTANCE_SIZE.person;

function benchmarkOf(...frames: (typeof FRAME)[]): CityscapesBenchmark {
  const benchmark = new CityscapesBenchmark(CITYSCAPES);
  for (const frame of frames) expect(benchmark.addFrame(frame)).toEqual([]);
  return benchmark;
}

describe('Cityscapes layout', () => {
  const layout = buildCityscapesLayout(CITYSCAPES);

  it('builds the confusion matrix over every label id 0..33, ignored ones included', () => {
    expect(layout.matrixSize).toBe(34);
    expect(layout.labels).toHaveLength(34);
    expect(layout.scoredLabels).toHaveLength(19);
    expect(layout.instanceLabels.map((label) => label.name)).toEqual(['person', 'rider', 'car', 'truck', 'bus', 'train', 'motorcycle', 'bicycle']);
  });

  it('scores categories on their non-ignored labels but counts caravan and trailer as vehicle hits for iIoU', () => {
    const vehicle = layout.categories.find((category) => category.name === 'vehicle');
    expect(vehicle).toEqual({ name: 'vehicle', scoredIds: [26, 27, 28, 31, 32, 33], instanceIds: [26, 27, 28, 29, 30, 31, 32, 33], isReported: true });
    expect(layout.categories.find((category) => category.name === 'human')?.instanceIds).toEqual([24, 25]);
    expect(layout.categories.find((category) => category.name === 'flat')?.instanceIds).toBeNull();
    expect(layout.categories.find((category) => category.name === 'void')?.isReported).toBe(false);
  });
});

describe('CityscapesBenchmark', () => {
  it('counts the confusion on label ids, ignored ground truth included', () => {
    const { confusion } = benchmarkOf(FRAME);
    expect(confusion.total()).toBe(16);
    expect(confusion.get(9, 7)).toBe(1);
    expect(confusion.get(0, 7)).toBe(1);
    expect(confusion.get(26, 29)).toBe(1);
  });

  it('scores class IoU: ignored ground truth is never a false positive, a prediction of an ignored class is a false negative', () => {
    const scores = benchmarkOf(FRAME).scores(CITYSCAPES_AVERAGE_INSTANCE_SIZE);
    // road: TP 2, FN 2 (as car, as sidewalk), FP 1 (car predicted road); the parking and unlabeled pixels predicted road do not count.
    expect(scores.classIoU.road).toBeCloseTo(2 / 5, 12);
    expect(scores.classIoU.sidewalk).toBe(0);
    // car: TP 6, FN 2 (as road, as caravan), FP 1.
    expect(scores.classIoU.car).toBeCloseTo(6 / 9, 12);
    expect(scores.classIoU.person).toBeCloseTo(1 / 2, 12);
    expect(scores.classIoU.rider).toBe(0);
    expect(scores.classIoU.sky).toBeNull();
    expect(Object.keys(scores.classIoU)).toHaveLength(19);
    expect(scores.classIoU).not.toHaveProperty('caravan');
    expect(scores.classIoU).not.toHaveProperty('license plate');
    expect(scores.meanClassIoU).toBeCloseTo((2 / 5 + 0 + 6 / 9 + 1 / 2 + 0) / 5, 12);
  });

  it('weights each instance by the class average size over its own size for iIoU, false positives unweighted', () => {
    const scores = benchmarkOf(FRAME).scores(CITYSCAPES_AVERAGE_INSTANCE_SIZE);
    // car 26000: 1 of 2 pixels hit; car 26001: 5 of 6 hit (the sixth is predicted caravan).
    const carTp = 1 * (CAR / 2) + 5 * (CAR / 6);
    const carFn = 1 * (CAR / 2) + 1 * (CAR / 6);
    expect(scores.classiIoU.car).toBeCloseTo(carTp / (carTp + 1 + carFn), 12);
    expect(scores.classiIoU.person).toBeCloseTo((PERSON / 2) / (PERSON / 2 + 0 + PERSON / 2), 12);
    expect(scores.classiIoU.rider).toBe(0);
    expect(scores.classiIoU.truck).toBeNull();
    expect(scores.classiIoU.road).toBeNull();
    expect(scores.meanClassiIoU).toBeCloseTo((carTp / (carTp + 1 + carFn) + 0.5 + 0) / 3, 12);
  });

  it('uses given average sizes, and measures a missing one as the mean instance size of the frames', () => {
    const benchmark = benchmarkOf(FRAME);
    // car weights 3/2 and 3/6: TP 1.5 + 2.5 = 4, FN 1.5 + 0.5 = 2, FP 1.
    expect(benchmark.scores({ car: 3, person: 2 }).classiIoU.car).toBeCloseTo(4 / 7, 12);
    // Mean car size (2 + 6) / 2 = 4: TP 2 + 10/3 = 16/3, FN 2 + 2/3 = 8/3, FP 1.
    expect(benchmark.scores({}).classiIoU.car).toBeCloseTo((16 / 3) / (16 / 3 + 1 + 8 / 3), 12);
  });

  it('scores category IoU over the non-ignored labels of each category', () => {
    const scores = benchmarkOf(FRAME).scores(CITYSCAPES_AVERAGE_INSTANCE_SIZE);
    expect(Object.keys(scores.categoryIoU)).toEqual(['flat', 'construction', 'object', 'nature', 'sky', 'human', 'vehicle']);
    // flat (road + sidewalk): TP 3 (road as sidewalk is a hit), FN 1 (road as car), FP 1 (car as road).
    expect(scores.categoryIoU.flat).toBeCloseTo(3 / 5, 12);
    expect(scores.categoryIoU.human).toBe(1);
    // vehicle: caravan is not a scored vehicle id, so car predicted caravan is a false negative.
    expect(scores.categoryIoU.vehicle).toBeCloseTo(6 / 9, 12);
    expect(scores.categoryIoU.sky).toBeNull();
    expect(scores.meanCategoryIoU).toBeCloseTo((3 / 5 + 1 + 6 / 9) / 3, 12);
  });

  it('scores category iIoU for the all-instance categories, caravan counting as a vehicle hit', () => {
    const scores = benchmarkOf(FRAME).scores(CITYSCAPES_AVERAGE_INSTANCE_SIZE);
    // car 26000: 1 of 2 predicted a vehicle; car 26001: all 6 (caravan included).
    const vehicleTp = 1 * (CAR / 2) + 6 * (CAR / 6);
    const vehicleFn = 1 * (CAR / 2);
    expect(scores.categoryiIoU.vehicle).toBeCloseTo(vehicleTp / (vehicleTp + 1 + vehicleFn), 12);
    // The person predicted rider is a human hit.
    expect(scores.categoryiIoU.human).toBe(1);
    expect(scores.categoryiIoU.flat).toBeNull();
    expect(scores.meanCategoryiIoU).toBeCloseTo((vehicleTp / (vehicleTp + 1 + vehicleFn) + 1) / 2, 12);
  });

  it('leaves car groups and instances of ignoreInEval classes out of iIoU', () => {
    const scores = benchmarkOf({
      labelIds: grid8([[26, 26, 29, 26]]),
      instanceIds: grid16([[26, 26, 29000, 26000]]),
      prediction: grid8([[7, 7, 26, 26]]),
    }).scores(CITYSCAPES_AVERAGE_INSTANCE_SIZE);
    expect(scores.classIoU.car).toBeCloseTo(1 / 3, 12);
    expect(scores.classiIoU.car).toBe(1);
    expect(scores.categoryiIoU.vehicle).toBe(1);
    expect(scores.classIoU.road).toBe(0);
  });

  it('accumulates over frames', () => {
    const twice = benchmarkOf(FRAME, FRAME);
    expect(twice.frames).toBe(2);
    expect(twice.confusion.total()).toBe(32);
    expect(twice.scores(CITYSCAPES_AVERAGE_INSTANCE_SIZE)).toEqual(benchmarkOf(FRAME).scores(CITYSCAPES_AVERAGE_INSTANCE_SIZE));
  });

  it('refuses a frame with ids outside the label table and counts none of it', () => {
    const benchmark = new CityscapesBenchmark(CITYSCAPES);
    const problems = benchmark.addFrame({
      labelIds: grid8([[7, 250, 7, 7]]),
      instanceIds: grid16([[7, 250, 7, 50001]]),
      prediction: grid8([[7, 7, 40, 34]]),
    });
    expect(problems).toEqual([
      { image: 'labelIds', message: 'contains id 250, not in the label table "cityscapes"' },
      { image: 'prediction', message: 'contains ids 34, 40, not in the label table "cityscapes"' },
      { image: 'instanceIds', message: 'instance 50001 has label id 50, which is not in the label table "cityscapes"' },
    ]);
    expect(benchmark.frames).toBe(0);
    expect(benchmark.confusion.total()).toBe(0);
  });

  it('reports n/a for every score before any frame', () => {
    const scores = new CityscapesBenchmark(CITYSCAPES).scores(CITYSCAPES_AVERAGE_INSTANCE_SIZE);
    expect(scores.meanClassIoU).toBeNull();
    expect(scores.meanCategoryiIoU).toBeNull();
    expect(Object.values(scores.classIoU).every((value) => value === null)).toBe(true);
  });
});
