import { CITYSCAPES, type LabelDef, type LabelSpec } from '../../../src-shared/labels';
import type { PolygonFile } from './polygon-file';

/** A small street scheme of 6 classes, with its own names, ids, train ids and colours (none of them Cityscapes'). */
export const STREET6_SPEC: LabelSpec = {
  name: 'street-6',
  background: 'background',
  labels: [
    { name: 'background', id: 40, trainId: 5, category: 'void', categoryId: 0, hasInstances: false, ignoreInEval: false, color: [48, 48, 48] },
    { name: 'ground', id: 41, trainId: 0, category: 'flat', categoryId: 1, hasInstances: false, ignoreInEval: false, color: [205, 170, 125] },
    { name: 'structure', id: 42, trainId: 1, category: 'construction', categoryId: 2, hasInstances: false, ignoreInEval: false, color: [255, 140, 0] },
    { name: 'vegetation', id: 43, trainId: 2, category: 'nature', categoryId: 3, hasInstances: false, ignoreInEval: false, color: [34, 177, 76] },
    { name: 'sky', id: 44, trainId: 3, category: 'sky', categoryId: 4, hasInstances: false, ignoreInEval: false, color: [135, 206, 250] },
    { name: 'mover', id: 45, trainId: 4, category: 'dynamic', categoryId: 5, hasInstances: true, ignoreInEval: false, color: [200, 0, 200] },
  ],
};

/** What each street-6 class takes from Cityscapes' table; `license plate` (never drawn) is dropped. */
export const STREET6_FROM_CITYSCAPES: Readonly<Record<string, readonly string[]>> = {
  background: ['unlabeled', 'ego vehicle', 'rectification border', 'out of roi', 'static', 'dynamic'],
  ground: ['ground', 'road', 'sidewalk', 'parking', 'rail track'],
  structure: ['building', 'wall', 'fence', 'guard rail', 'bridge', 'tunnel', 'pole', 'polegroup', 'traffic light', 'traffic sign'],
  vegetation: ['vegetation', 'terrain'],
  sky: ['sky'],
  mover: ['person', 'rider', 'car', 'truck', 'bus', 'caravan', 'trailer', 'train', 'motorcycle', 'bicycle'],
};

const DROPPED = new Set(['license plate']);

const TARGET = new Map(Object.entries(STREET6_FROM_CITYSCAPES).flatMap(([target, sources]) => sources.map((source) => [source, target] as const)));

/** Checks the scheme once: every Cityscapes label mapped or dropped, and no id or colour borrowed from Cityscapes. */
export function checkStreet6Scheme(): void {
  const unmapped = CITYSCAPES.labels.filter((label) => !TARGET.has(label.name) && !DROPPED.has(label.name)).map((label) => label.name);
  if (unmapped.length > 0) throw new Error(`street-6: Cityscapes labels without a street-6 class: ${unmapped.join(', ')}`);
  const key = (label: LabelDef) => label.color.join(',');
  const cityscapesColors = new Set(CITYSCAPES.labels.map(key));
  const cityscapesIds = new Set(CITYSCAPES.labels.map((label) => label.id));
  const clash = STREET6_SPEC.labels.filter((label) => cityscapesColors.has(key(label)) || cityscapesIds.has(label.id)).map((label) => label.name);
  if (clash.length > 0) throw new Error(`street-6: ${clash.join(', ')} reuse a Cityscapes id or colour`);
}

/** The street-6 class of a Cityscapes label name; null for a label left out. */
export function street6ClassOf(label: string): string | null {
  if (DROPPED.has(label)) return null;
  const target = TARGET.get(label);
  if (!target) throw new Error(`street-6: no class for the label ${JSON.stringify(label)}`);
  return target;
}

/**
 * The same annotation in street-6 labels, object by object in the same painter's order, so its masks
 * are the Cityscapes masks with every label mapped. Groups stay groups where the class has instances
 * (`cargroup` → `movergroup`); dropped labels lose their objects.
 */
export function relabelToStreet6(file: PolygonFile): PolygonFile {
  const objects = file.objects.flatMap((object) => {
    const isGroup = !TARGET.has(object.label) && !DROPPED.has(object.label) && object.label.endsWith('group');
    const single = street6ClassOf(isGroup ? object.label.slice(0, -'group'.length) : object.label);
    if (single === null) return [];
    if (!isGroup) return [{ ...object, label: single }];
    const hasInstances = STREET6_SPEC.labels.find((label) => label.name === single)!.hasInstances;
    return [{ ...object, label: hasInstances ? `${single}group` : single }];
  });
  return { ...file, objects };
}

/** The spec file's text: one label per line, as a person would write it. */
export function formatSpecFile(spec: LabelSpec): string {
  const labels = spec.labels.map((label) => `    ${JSON.stringify(label).replace(/,"/g, ', "').replace(/":/g, '": ')}`);
  return `{\n  "name": ${JSON.stringify(spec.name)},\n  "background": ${JSON.stringify(spec.background)},\n  "labels": [\n${labels.join(',\n')}\n  ]\n}\n`;
}
