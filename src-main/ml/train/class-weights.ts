import { loadTrainIds } from '../data/load';
import type { TrainingSample } from '../data/samples';
import type { ImageSize } from '../data/types';
import type { LabelIndex } from '../../../src-shared/labels';
import type { PillowGeneration } from '../../../src-shared/raster';

const LABELS_IN_FLIGHT = 4;

/** Each class's share of the counted (not 255) pixels of the training labels at the training size. */
export async function classFrequencies(samples: readonly TrainingSample[], size: ImageSize, labels: LabelIndex, numClasses: number, generation?: PillowGeneration): Promise<number[]> {
  const counts = new Float64Array(numClasses);
  for (let start = 0; start < samples.length; start += LABELS_IN_FLIGHT) {
    const batch = await Promise.all(samples.slice(start, start + LABELS_IN_FLIGHT).map((sample) => loadTrainIds(sample.label, size, labels, generation)));
    for (const ids of batch) for (const id of ids) if (id < numClasses) counts[id]++;
  }
  const total = counts.reduce((sum, c) => sum + c, 0);
  return Array.from(counts, (c) => (total > 0 ? c / total : 0));
}

/**
 * ENet's class weighting, 1 / ln(c + share): rare classes weigh up to ~50× more than c = 1.02 allows
 * common ones to, a bounded boost that keeps small objects (poles, signs, people) from being ignored.
 */
export function enetClassWeights(frequencies: readonly number[], c = 1.02): number[] {
  return frequencies.map((share) => 1 / Math.log(c + share));
}
