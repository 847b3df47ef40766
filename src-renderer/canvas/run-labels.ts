import type { RunDetail } from '../../src-shared/api';
import { buildLabelIndex, type LabelIndex, type LabelSpec } from '../../src-shared/labels';

const bySpec = new WeakMap<LabelSpec, LabelIndex>();
const byText = new Map<string, LabelIndex>();
const ids = new WeakMap<LabelIndex, number>();

/**
 * A label spec's lookups, built once per distinct spec: run details are replaced as they reload, but
 * equal specs give the same index, so what is cached per index (decoded truths) survives a reload.
 */
export function labelIndexOf(spec: LabelSpec): LabelIndex {
  let index = bySpec.get(spec);
  if (!index) {
    const text = JSON.stringify(spec);
    index = byText.get(text) ?? buildLabelIndex(spec);
    if (!ids.has(index)) ids.set(index, byText.size + 1);
    byText.set(text, index);
    bySpec.set(spec, index);
  }
  return index;
}

/** A short id naming an index from `labelIndexOf` (equal specs share one), for effect keys. */
export function labelSpecId(labels: LabelIndex): number {
  return ids.get(labels) ?? 0;
}

/** The labels a run trains with: its predictions, sample strips and per-class tables use their names and colours. */
export function runLabels(detail: Pick<RunDetail, 'labels'>): LabelIndex {
  return labelIndexOf(detail.labels);
}

/** The classes a model predicts, as `trainId:name` lines: two runs' per-class numbers line up when these are equal. */
function classKey(labels: LabelIndex): string {
  return labels.trainClasses.map((label) => `${label.trainId}:${label.name}`).join('\n');
}

/** Whether the runs predict the same classes under the same train ids, so their predictions and per-class scores compare. */
export function haveSameClasses(details: ReadonlyArray<Pick<RunDetail, 'labels'>>): boolean {
  const keys = new Set(details.map((detail) => classKey(runLabels(detail))));
  return keys.size <= 1;
}

/** "voc-6 (6 classes)": a spec as the views name it. */
export function describeLabels(labels: LabelIndex): string {
  const count = labels.trainClasses.length;
  return `${labels.spec.name} (${count} ${count === 1 ? 'class' : 'classes'})`;
}
