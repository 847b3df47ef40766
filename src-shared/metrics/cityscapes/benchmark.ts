import type { LabelSpec } from '../../labels';
import { ConfusionMatrix } from '../confusion';
import { measureCityscapesFrame, type CityscapesFrame, type FrameProblem, type InstanceMeasurement } from './frame';
import { buildCityscapesLayout, type CityscapesLayout } from './layout';
import { scoreCityscapes, type CityscapesScores } from './scores';

/**
 * Accumulates frames over a dataset and scores them like cityscapesScripts'
 * `evalPixelLevelSemanticLabeling`: confusion over every label id, instances for iIoU.
 */
export class CityscapesBenchmark {
  readonly layout: CityscapesLayout;
  readonly confusion: ConfusionMatrix;
  private readonly instances: InstanceMeasurement[] = [];
  private frameCount = 0;

  constructor(spec: LabelSpec) {
    this.layout = buildCityscapesLayout(spec);
    this.confusion = new ConfusionMatrix(this.layout.matrixSize);
  }

  get frames(): number {
    return this.frameCount;
  }

  /** Adds one frame, or returns what is wrong with it and adds nothing. */
  addFrame(frame: CityscapesFrame): readonly FrameProblem[] {
    const result = measureCityscapesFrame(this.layout, frame);
    if (!result.ok) return result.problems;
    const { pairCounts, instances } = result.measurement;
    const size = this.layout.matrixSize;
    for (let gt = 0; gt < size; gt++) {
      for (let pred = 0; pred < size; pred++) {
        const count = pairCounts[gt * 256 + pred];
        if (count > 0) this.confusion.addCount(gt, pred, count);
      }
    }
    this.instances.push(...instances);
    this.frameCount++;
    return [];
  }

  /** `averageInstanceSize`: the iIoU weights per class name; a class it misses gets its mean size over the frames added. */
  scores(averageInstanceSize: Readonly<Record<string, number>>): CityscapesScores {
    return scoreCityscapes(this.layout, this.confusion, this.instances, averageInstanceSize);
  }
}
