import type { CityscapesLayout } from './layout';

/** One frame's decoded images, all the same size. */
export interface CityscapesFrame {
  /** Ground truth labelIds (8-bit). */
  readonly labelIds: Uint8Array;
  /** Ground truth instanceIds (16-bit): labelId * 1000 + k for instances, the labelId elsewhere. */
  readonly instanceIds: Uint16Array;
  /** Predicted labelIds (8-bit). */
  readonly prediction: Uint8Array;
}

export type FrameImage = keyof CityscapesFrame;

/** Something wrong with one of a frame's images; the caller names the file. */
export interface FrameProblem {
  readonly image: FrameImage;
  readonly message: string;
}

/** One ground-truth instance and how much of it the prediction covered. */
export interface InstanceMeasurement {
  readonly labelId: number;
  readonly size: number;
  /** Pixels predicted as the instance's own label. */
  readonly truePositives: number;
  /** Pixels predicted as any id of the label's category (see `CategoryLayout.instanceIds`). */
  readonly categoryTruePositives: number;
}

export interface FrameMeasurement {
  /** Pixel counts per (ground truth id, predicted id), row-major 256 × 256. */
  readonly pairCounts: Uint32Array;
  /** In ascending instance id order, instances of ignoreInEval labels left out. */
  readonly instances: readonly InstanceMeasurement[];
}

export type FrameResult = { readonly ok: true; readonly measurement: FrameMeasurement } | { readonly ok: false; readonly problems: readonly FrameProblem[] };

/** Instance ids are above 1000; lower values are plain label ids (e.g. car groups) and never instances. */
const FIRST_INSTANCE_ID = 1001;

/**
 * Counts one frame for the benchmark. Fails, counting nothing, if an image holds an id the label
 * table lacks, as the official script refuses unknown ground-truth ids.
 */
export function measureCityscapesFrame(layout: CityscapesLayout, frame: CityscapesFrame): FrameResult {
  const { labelIds, instanceIds, prediction } = frame;
  const problems: FrameProblem[] = [];
  if (prediction.length !== labelIds.length) problems.push({ image: 'prediction', message: `has ${prediction.length} pixels, the ground truth ${labelIds.length}` });
  if (instanceIds.length !== labelIds.length) problems.push({ image: 'instanceIds', message: `has ${instanceIds.length} pixels, the labelIds ${labelIds.length}` });
  if (problems.length > 0) return { ok: false, problems };

  const pairCounts = countPairs(labelIds, prediction);
  const unknownGt = new Set<number>();
  const unknownPred = new Set<number>();
  for (let gt = 0; gt < 256; gt++) {
    for (let pred = 0; pred < 256; pred++) {
      if (pairCounts[gt * 256 + pred] === 0) continue;
      if (!layout.isKnownId[gt]) unknownGt.add(gt);
      if (!layout.isKnownId[pred]) unknownPred.add(pred);
    }
  }
  if (unknownGt.size > 0) problems.push({ image: 'labelIds', message: unknownIdsMessage(unknownGt, layout) });
  if (unknownPred.size > 0) problems.push({ image: 'prediction', message: unknownIdsMessage(unknownPred, layout) });

  const instances = measureInstances(layout, instanceIds, prediction, problems);
  return problems.length > 0 ? { ok: false, problems } : { ok: true, measurement: { pairCounts, instances } };
}

function countPairs(labelIds: Uint8Array, prediction: Uint8Array): Uint32Array {
  const counts = new Uint32Array(256 * 256);
  for (let i = 0; i < labelIds.length; i++) counts[(labelIds[i] << 8) | prediction[i]]++;
  return counts;
}

function measureInstances(layout: CityscapesLayout, instanceIds: Uint16Array, prediction: Uint8Array, problems: FrameProblem[]): InstanceMeasurement[] {
  const sizes = new Uint32Array(65536);
  const hits = new Uint32Array(65536);
  const categoryHits = new Uint32Array(65536);
  const categoryHit = layout.categoryHitByInstanceLabel;
  for (let i = 0; i < instanceIds.length; i++) {
    const instanceId = instanceIds[i];
    if (instanceId < FIRST_INSTANCE_ID) continue;
    const labelId = (instanceId / 1000) | 0;
    const pred = prediction[i];
    sizes[instanceId]++;
    if (pred === labelId) hits[instanceId]++;
    categoryHits[instanceId] += categoryHit[labelId * 256 + pred];
  }

  const instances: InstanceMeasurement[] = [];
  for (let instanceId = FIRST_INSTANCE_ID; instanceId < 65536; instanceId++) {
    if (sizes[instanceId] === 0) continue;
    const labelId = (instanceId / 1000) | 0;
    const label = layout.labelById.get(labelId);
    if (!label) {
      problems.push({ image: 'instanceIds', message: `instance ${instanceId} has label id ${labelId}, which is not in the label table "${layout.spec.name}"` });
      continue;
    }
    if (label.ignoreInEval) continue;
    if (!label.hasInstances) {
      problems.push({ image: 'instanceIds', message: `instance ${instanceId} is a "${label.name}", a class without instances` });
      continue;
    }
    instances.push({ labelId, size: sizes[instanceId], truePositives: hits[instanceId], categoryTruePositives: categoryHits[instanceId] });
  }
  return instances;
}

function unknownIdsMessage(ids: Set<number>, layout: CityscapesLayout): string {
  const sorted = [...ids].sort((a, b) => a - b);
  return `contains ${sorted.length === 1 ? 'id' : 'ids'} ${sorted.join(', ')}, not in the label table "${layout.spec.name}"`;
}
