import type { ConfusionMatrix } from '../confusion';
import { meanOfDefined } from '../class-metrics';
import type { InstanceMeasurement } from './frame';
import type { CategoryLayout, CityscapesLayout } from './layout';

/** A score per class or category name; null where the official script reports NaN. */
export type ScoresByName = Readonly<Record<string, number | null>>;

/** The official benchmark numbers; null where the official script reports NaN. */
export interface CityscapesScores {
  /** Every label that is not ignoreInEval, in table order. */
  readonly classIoU: ScoresByName;
  /** The same classes; null for classes without instances. */
  readonly classiIoU: ScoresByName;
  /** Every category with a label that is not ignoreInEval, in table order. */
  readonly categoryIoU: ScoresByName;
  /** The same categories; null unless all their labels have instances. */
  readonly categoryiIoU: ScoresByName;
  readonly meanClassIoU: number | null;
  readonly meanClassiIoU: number | null;
  readonly meanCategoryIoU: number | null;
  readonly meanCategoryiIoU: number | null;
}

interface WeightedCounts { truePositives: number; falseNegatives: number }

/**
 * Scores a confusion matrix over label ids plus the ground-truth instances, following the official
 * script: ground-truth pixels of ignoreInEval labels never count as false positives, but pixels
 * predicted as an ignoreInEval label count as false negatives. iIoU weights each instance's
 * TP and FN by `averageInstanceSize[class] / instance size`; its FP stay unweighted.
 * `averageInstanceSize` misses a class → the mean size of that class's instances here is used.
 */
export function scoreCityscapes(
  layout: CityscapesLayout,
  confusion: ConfusionMatrix,
  instances: readonly InstanceMeasurement[],
  averageInstanceSize: Readonly<Record<string, number>>,
): CityscapesScores {
  const falsePositivesOf = (columns: readonly number[], isCountedRow: (id: number) => boolean) => {
    let sum = 0;
    for (const row of layout.labels) {
      if (row.ignoreInEval || !isCountedRow(row.id)) continue;
      for (const column of columns) sum += confusion.get(row.id, column);
    }
    return sum;
  };
  const averageSizes = resolveAverageSizes(layout, instances, averageInstanceSize);
  const byClass = new Map<number, WeightedCounts>();
  const byCategory = new Map<string, WeightedCounts>();
  for (const instance of instances) {
    const label = layout.labelById.get(instance.labelId)!;
    const weight = averageSizes.get(label.name)! / instance.size;
    addWeighted(byClass, label.id, instance.truePositives, instance.size, weight);
    if (categoryOf(layout, label.category).instanceIds) {
      addWeighted(byCategory, label.category, instance.categoryTruePositives, instance.size, weight);
    }
  }

  const classIoU: Record<string, number | null> = {};
  const classiIoU: Record<string, number | null> = {};
  for (const label of layout.scoredLabels) {
    const tp = confusion.get(label.id, label.id);
    const fn = confusion.rowSum(label.id) - tp;
    const fp = falsePositivesOf([label.id], (row) => row !== label.id);
    classIoU[label.name] = iou(tp, fp, fn);
    const weighted = byClass.get(label.id) ?? { truePositives: 0, falseNegatives: 0 };
    classiIoU[label.name] = label.hasInstances ? iou(weighted.truePositives, fp, weighted.falseNegatives) : null;
  }

  const allCategoryIoU = new Map<CategoryLayout, number | null>();
  const allCategoryiIoU = new Map<CategoryLayout, number | null>();
  for (const category of layout.categories) {
    const isOutside = (row: number) => layout.labelById.get(row)!.category !== category.name;
    const members = category.scoredIds;
    let tp = 0;
    let rows = 0;
    for (const row of members) {
      rows += confusion.rowSum(row);
      for (const column of members) tp += confusion.get(row, column);
    }
    allCategoryIoU.set(category, members.length > 0 ? iou(tp, falsePositivesOf(members, isOutside), rows - tp) : null);
    const weighted = byCategory.get(category.name) ?? { truePositives: 0, falseNegatives: 0 };
    allCategoryiIoU.set(category, category.instanceIds
      ? iou(weighted.truePositives, falsePositivesOf(category.instanceIds, isOutside), weighted.falseNegatives)
      : null);
  }
  const reported = layout.categories.filter((category) => category.isReported);

  return {
    classIoU,
    classiIoU,
    categoryIoU: Object.fromEntries(reported.map((category) => [category.name, allCategoryIoU.get(category)!])),
    categoryiIoU: Object.fromEntries(reported.map((category) => [category.name, allCategoryiIoU.get(category)!])),
    meanClassIoU: meanOfDefined(Object.values(classIoU)),
    meanClassiIoU: meanOfDefined(Object.values(classiIoU)),
    // The official means run over every category, listed or not.
    meanCategoryIoU: meanOfDefined(allCategoryIoU.values()),
    meanCategoryiIoU: meanOfDefined(allCategoryiIoU.values()),
  };
}

function resolveAverageSizes(layout: CityscapesLayout, instances: readonly InstanceMeasurement[], given: Readonly<Record<string, number>>): Map<string, number> {
  const sizes = new Map<string, number>();
  for (const label of layout.instanceLabels) {
    if (Object.hasOwn(given, label.name)) {
      sizes.set(label.name, given[label.name]);
      continue;
    }
    const own = instances.filter((instance) => instance.labelId === label.id);
    if (own.length > 0) sizes.set(label.name, own.reduce((sum, instance) => sum + instance.size, 0) / own.length);
  }
  return sizes;
}

function addWeighted<K>(totals: Map<K, WeightedCounts>, key: K, truePositives: number, size: number, weight: number): void {
  const entry = totals.get(key) ?? { truePositives: 0, falseNegatives: 0 };
  entry.truePositives += truePositives * weight;
  entry.falseNegatives += (size - truePositives) * weight;
  totals.set(key, entry);
}

function categoryOf(layout: CityscapesLayout, name: string): CategoryLayout {
  return layout.categories.find((category) => category.name === name)!;
}

function iou(tp: number, fp: number, fn: number): number | null {
  const denominator = tp + fp + fn;
  return denominator === 0 ? null : tp / denominator;
}
