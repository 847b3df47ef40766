import { parseAnnotation } from '../../src-shared/annotation';
import type { LabelIndex } from '../../src-shared/labels';
import { encodeMasks, GENERATION_RELEASES, PILLOW_GENERATIONS, rasterizeObjects, type PillowGeneration } from '../../src-shared/raster';
import { differenceMask, type OfficialMask } from './frame-data';

export interface GenerationDiff {
  readonly generation: PillowGeneration;
  /** The Pillow releases that fill this way, e.g. `11.2–12.3`. */
  readonly releases: string;
  /** Pixels where the mask drawn with this generation's fill differs from the official one. */
  readonly count: number;
}

/**
 * How far the official mask is from the annotation drawn with each Pillow generation's fill: the one
 * at 0 px is the Pillow the dataset's PNGs were made with. Null without a comparable official mask.
 */
export function diffByGeneration(annotationText: string, file: string, labels: LabelIndex, official: OfficialMask | null): GenerationDiff[] | null {
  if (!official) return null;
  const { annotation } = parseAnnotation(annotationText, file, labels);
  if (!annotation || annotation.imgWidth !== official.width || annotation.imgHeight !== official.height) return null;
  const type = official.kind === 'color' ? 'color' : 'labelIds';
  let owner: Uint32Array | undefined;
  return PILLOW_GENERATIONS.map((generation) => {
    const map = rasterizeObjects(annotation, owner, generation);
    owner = map.owner;
    const masks = encodeMasks(map, annotation, labels, [type]);
    const rgba = masks.color ? new Uint8ClampedArray(masks.color.buffer) : new Uint8ClampedArray(0);
    const { count } = differenceMask(official, masks.labelIds ?? new Uint8Array(0), rgba, official.width * official.height);
    return { generation, releases: GENERATION_RELEASES[generation], count };
  });
}

/** "0 px differ under Pillow 9.2–9.4, 13 px under 11.2–12.3, …" */
export function describeGenerationDiffs(diffs: readonly GenerationDiff[]): string {
  return diffs.map((d, i) => `${d.count.toLocaleString('en-US')} px${i === 0 ? ' differ under Pillow' : ' under'} ${d.releases}`).join(', ');
}
