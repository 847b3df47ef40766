import type { LabelDef, LabelSpec } from '../../labels';

// instanceIds encode labelId * 1000 + k in 16 bits, so instance pixels name label ids 0..65.
export const MAX_INSTANCE_LABEL_ID = 65;

export interface CategoryLayout {
  readonly name: string;
  /** Ids of the category's labels that are not ignoreInEval: the columns and rows of its IoU. */
  readonly scoredIds: readonly number[];
  /**
   * Set when every label of the category (id >= 0) has instances, as the official iIoU requires;
   * then all their ids, ignoreInEval ones included (e.g. caravan), count as a hit on an instance.
   */
  readonly instanceIds: readonly number[] | null;
  /** The official table lists a category unless all its labels are ignoreInEval. */
  readonly isReported: boolean;
}

/** What `evalPixelLevelSemanticLabeling` derives from labels.py, derived here from any label spec. */
export interface CityscapesLayout {
  readonly spec: LabelSpec;
  /** Every label with an id >= 0, in table order: the official `evalLabels`, ignoreInEval ones included. */
  readonly labels: readonly LabelDef[];
  readonly labelById: ReadonlyMap<number, LabelDef>;
  /** Largest label id + 1: the confusion matrix is this square. */
  readonly matrixSize: number;
  /** 1 at every id (0..255) a label has. */
  readonly isKnownId: Uint8Array;
  /** Labels that are not ignoreInEval: the classes that get an IoU. */
  readonly scoredLabels: readonly LabelDef[];
  /** Scored labels with instances: the classes that get an iIoU. */
  readonly instanceLabels: readonly LabelDef[];
  /** In order of first appearance in the table, as labels.py's `category2labels`. */
  readonly categories: readonly CategoryLayout[];
  /**
   * Row `labelId * 256`: 1 at each predicted id that counts as a category hit on an instance of
   * that label (its category's `instanceIds`); all 0 when the category has none.
   */
  readonly categoryHitByInstanceLabel: Uint8Array;
}

export function buildCityscapesLayout(spec: LabelSpec): CityscapesLayout {
  const labels = spec.labels.filter((label) => label.id >= 0);
  if (labels.length === 0) throw new Error(`label spec "${spec.name}" has no label with an id >= 0 to evaluate`);
  const labelById = new Map(labels.map((label) => [label.id, label]));
  const isKnownId = new Uint8Array(256);
  for (const label of labels) isKnownId[label.id] = 1;

  const categoryNames = [...new Set(spec.labels.map((label) => label.category))];
  const categories = categoryNames.map((name): CategoryLayout => {
    const members = spec.labels.filter((label) => label.category === name);
    const withIds = members.filter((label) => label.id >= 0);
    return {
      name,
      scoredIds: withIds.filter((label) => !label.ignoreInEval).map((label) => label.id),
      instanceIds: withIds.every((label) => label.hasInstances) ? withIds.map((label) => label.id) : null,
      isReported: !members.every((label) => label.ignoreInEval),
    };
  });

  const categoryHitByInstanceLabel = new Uint8Array((MAX_INSTANCE_LABEL_ID + 1) * 256);
  for (const label of labels) {
    if (label.id > MAX_INSTANCE_LABEL_ID) continue;
    const hits = categories.find((category) => category.name === label.category)?.instanceIds ?? [];
    for (const id of hits) categoryHitByInstanceLabel[label.id * 256 + id] = 1;
  }

  const scoredLabels = labels.filter((label) => !label.ignoreInEval);
  return {
    spec,
    labels,
    labelById,
    matrixSize: Math.max(...labels.map((label) => label.id)) + 1,
    isKnownId,
    scoredLabels,
    instanceLabels: scoredLabels.filter((label) => label.hasInstances),
    categories,
    categoryHitByInstanceLabel,
  };
}
