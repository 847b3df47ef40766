import { IGNORE_TRAIN_ID, type LabelDef, type LabelSpec } from './types';

/** Every lookup a consumer needs, derived once from a spec's label table. */
export interface LabelIndex {
  readonly spec: LabelSpec;
  readonly byName: ReadonlyMap<string, LabelDef>;
  readonly byId: ReadonlyMap<number, LabelDef>;
  /** For shared train ids the first label in the table wins, as in labels.py. */
  readonly byTrainId: ReadonlyMap<number, LabelDef>;
  readonly background: LabelDef;
  /** RGB per label id (0..255), black where no label has that id. */
  readonly colorById: Uint8Array;
  /** Train id per label id (0..255), 255 where unknown or negative. */
  readonly trainIdById: Uint8Array;
  /** RGB per train id (0..255), from `byTrainId`. */
  readonly colorByTrainId: Uint8Array;
  /** Labels with a train id in 0..254, ordered by train id: the classes a model predicts. Index by `byTrainId`, not by position. */
  readonly trainClasses: readonly LabelDef[];
  /**
   * How many outputs a model of this spec has: the highest train id in 0..254, plus 1. Train ids no
   * label uses below it are outputs no pixel is trained to (so `trainClasses` may be shorter).
   */
  readonly numClasses: number;
}

export function buildLabelIndex(spec: LabelSpec): LabelIndex {
  const byName = new Map<string, LabelDef>();
  const byId = new Map<number, LabelDef>();
  const byTrainId = new Map<number, LabelDef>();
  for (const label of spec.labels) {
    byName.set(label.name, label);
    byId.set(label.id, label);
  }
  for (const label of [...spec.labels].reverse()) byTrainId.set(label.trainId, label);

  const background = byName.get(spec.background);
  if (!background) throw new Error(`label spec "${spec.name}": background label "${spec.background}" is not in its table`);

  const colorById = new Uint8Array(256 * 3);
  const trainIdById = new Uint8Array(256).fill(IGNORE_TRAIN_ID);
  for (const label of spec.labels) {
    if (label.id < 0 || label.id > 255) continue;
    colorById.set(label.color, label.id * 3);
    if (label.trainId >= 0 && label.trainId <= 255) trainIdById[label.id] = label.trainId;
  }
  const colorByTrainId = new Uint8Array(256 * 3);
  for (const [trainId, label] of byTrainId) {
    if (trainId >= 0 && trainId <= 255) colorByTrainId.set(label.color, trainId * 3);
  }
  const trainClasses = [...byTrainId.entries()]
    .filter(([trainId]) => trainId >= 0 && trainId < IGNORE_TRAIN_ID)
    .sort(([a], [b]) => a - b)
    .map(([, label]) => label);
  const numClasses = trainClasses.length === 0 ? 0 : trainClasses[trainClasses.length - 1].trainId + 1;

  return { spec, byName, byId, byTrainId, background, colorById, trainIdById, colorByTrainId, trainClasses, numClasses };
}

export interface ResolvedLabel {
  readonly label: LabelDef;
  /** True when the name was `<label>group`, e.g. `cargroup`: several instances annotated as one. */
  readonly isGroup: boolean;
}

/**
 * Resolves an annotation's label name the way the official tools do: an unknown name ending in
 * "group" falls back to the name without that suffix. Returns undefined for unknown labels.
 */
export function resolveLabel(index: LabelIndex, name: string): ResolvedLabel | undefined {
  const direct = index.byName.get(name);
  if (direct) return { label: direct, isGroup: false };
  if (name.endsWith('group')) {
    const single = index.byName.get(name.slice(0, -'group'.length));
    if (single) return { label: single, isGroup: true };
  }
  return undefined;
}
