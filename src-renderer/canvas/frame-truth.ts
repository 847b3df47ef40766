import type { DatasetSummary } from '../../src-shared/api';
import type { LabelIndex } from '../../src-shared/labels';
import { api } from '../api';
import { buildFrameData } from './frame-data';

export interface FrameTruth {
  readonly width: number;
  readonly height: number;
  /** Ground-truth train ids at the frame's size, rasterized from its polygons like `segstudio masks`. */
  readonly trainIds: Uint8Array;
  /** RGB per train id, from the label spec it was rasterized with. */
  readonly colorByTrainId: Uint8Array;
}

const datasets = new Map<string, Promise<DatasetSummary>>();
const truths = new WeakMap<LabelIndex, Map<string, Promise<FrameTruth>>>();
const photos = new Map<string, Promise<ImageBitmap | null>>();

/** The dataset behind a folder, as the main process opened it: once per page. */
export function openedDataset(root: string): Promise<DatasetSummary> {
  return cached(datasets, root, () => api.call('datasets.open', { path: root }));
}

/**
 * A frame's ground-truth train ids under a run's labels (the spec it trained with, which may not be the
 * dataset's own), loaded once per page and spec and shared by every view that shows them.
 */
export function frameTruth(datasetRoot: string, frameId: string, labels: LabelIndex): Promise<FrameTruth> {
  let bySpec = truths.get(labels);
  if (!bySpec) truths.set(labels, (bySpec = new Map()));
  return cached(bySpec, `${datasetRoot}\n${frameId}`, async () => {
    const dataset = await openedDataset(datasetRoot);
    const bundle = await api.call('frames.bundle', { datasetId: dataset.id, frameId });
    const data = buildFrameData(bundle.annotationText, bundle.annotationFile, labels, null);
    if (!data) throw new Error(`${bundle.annotationFile}: the annotation cannot be read (${bundle.problems[0]?.message ?? 'unknown problem'})`);
    const trainIds = new Uint8Array(data.labelIds.length);
    for (let i = 0; i < trainIds.length; i++) trainIds[i] = labels.trainIdById[data.labelIds[i]];
    return { width: data.width, height: data.height, trainIds, colorByTrainId: labels.colorByTrainId };
  });
}

/** A frame's photo, decoded once per page; null where it has none. */
export function framePhoto(datasetRoot: string, frameId: string): Promise<ImageBitmap | null> {
  return cached(photos, `${datasetRoot}\n${frameId}`, async () => {
    const dataset = await openedDataset(datasetRoot);
    const payload = await api.binary('photo', { datasetId: dataset.id, frameId }).catch(() => null);
    return payload && createImageBitmap(new Blob([payload.bytes], { type: payload.mime }));
  });
}

// A failed load is forgotten, so the next view that asks tries again.
function cached<T>(cache: Map<string, Promise<T>>, key: string, load: () => Promise<T>): Promise<T> {
  let value = cache.get(key);
  if (!value) {
    value = load();
    value.catch(() => cache.delete(key));
    cache.set(key, value);
  }
  return value;
}
