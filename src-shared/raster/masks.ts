import type { Annotation, AnnotatedObject } from '../annotation';
import type { LabelIndex } from '../labels';
import { clippedSpanWriter, fillPolygon } from './pillow-polygon';

export const MASK_TYPES = ['labelIds', 'labelTrainIds', 'color', 'instanceIds'] as const;
export type MaskType = (typeof MASK_TYPES)[number];

export interface MaskBuffers {
  labelIds?: Uint8Array;
  labelTrainIds?: Uint8Array;
  /** RGBA, opaque. */
  color?: Uint8Array;
  instanceIds?: Uint16Array;
}

/**
 * Which drawn object owns each pixel: 0 for background, k + 1 for `drawn[k]`. All four official
 * encodings draw the same objects in the same order with the same fill, so one map serves them all.
 */
export interface ObjectMap {
  readonly width: number;
  readonly height: number;
  readonly owner: Uint32Array;
  readonly drawn: readonly AnnotatedObject[];
}

export function rasterizeObjects(annotation: Annotation): ObjectMap {
  const { imgWidth: width, imgHeight: height } = annotation;
  const owner = new Uint32Array(width * height);
  // The official tools skip labels with a negative id (license plate) in every encoding.
  const drawn = annotation.objects.filter((object) => object.label.id >= 0);
  drawn.forEach((object, k) => fillPolygon(object.polygon, width, height, clippedSpanWriter(owner, width, height, k + 1)));
  return { width, height, owner, drawn };
}

/**
 * Per drawn object, the value json2instanceImg writes: `id * 1000 + k` with k counting the class's
 * single instances in file order, and the plain id for groups and classes without instances.
 */
export function instanceValues(drawnObjects: readonly AnnotatedObject[], allObjects: readonly AnnotatedObject[]): Uint32Array {
  const counters = new Map<string, number>();
  const valueByObject = new Map<AnnotatedObject, number>();
  for (const object of allObjects) {
    let value = object.label.id;
    // json2instanceImg compares the encoded id with 255 (meaningful for its trainId mode).
    if (object.label.hasInstances && !object.isGroup && value !== 255) {
      const k = counters.get(object.label.name) ?? 0;
      counters.set(object.label.name, k + 1);
      value = value * 1000 + k;
    }
    valueByObject.set(object, value);
  }
  return Uint32Array.from(drawnObjects, (object) => valueByObject.get(object)!);
}

/** Renders the requested official encodings of one annotation. */
export function renderMasks(annotation: Annotation, labels: LabelIndex, types: readonly MaskType[]): MaskBuffers & { objects: ObjectMap } {
  const map = rasterizeObjects(annotation);
  return { ...encodeMasks(map, annotation, labels, types), objects: map };
}

export function encodeMasks(map: ObjectMap, annotation: Annotation, labels: LabelIndex, types: readonly MaskType[]): MaskBuffers {
  const { owner, drawn } = map;
  const background = labels.background;
  const out: MaskBuffers = {};
  const objectCount = drawn.length + 1;
  if (types.includes('labelIds')) {
    const lut = new Uint8Array(objectCount);
    lut[0] = background.id;
    drawn.forEach((object, k) => (lut[k + 1] = object.label.id));
    out.labelIds = lookup8(owner, lut);
  }
  if (types.includes('labelTrainIds')) {
    const lut = new Uint8Array(objectCount);
    lut[0] = labels.trainIdById[background.id];
    drawn.forEach((object, k) => (lut[k + 1] = labels.trainIdById[object.label.id]));
    out.labelTrainIds = lookup8(owner, lut);
  }
  if (types.includes('color')) {
    const lut = new Uint32Array(objectCount);
    lut[0] = packRgba(background.color);
    drawn.forEach((object, k) => (lut[k + 1] = packRgba(object.label.color)));
    const rgba = new Uint32Array(owner.length);
    for (let p = 0; p < owner.length; p++) rgba[p] = lut[owner[p]];
    out.color = new Uint8Array(rgba.buffer);
  }
  if (types.includes('instanceIds')) {
    const lut = new Uint16Array(objectCount);
    lut[0] = background.id;
    lut.set(instanceValues(drawn, annotation.objects), 1);
    const instance = new Uint16Array(owner.length);
    for (let p = 0; p < owner.length; p++) instance[p] = lut[owner[p]];
    out.instanceIds = instance;
  }
  return out;
}

function lookup8(owner: Uint32Array, lut: Uint8Array): Uint8Array {
  const out = new Uint8Array(owner.length);
  for (let p = 0; p < owner.length; p++) out[p] = lut[owner[p]];
  return out;
}

// Little-endian packing so the Uint32 view's bytes read R, G, B, A.
function packRgba([r, g, b]: readonly [number, number, number]): number {
  return ((255 << 24) | (b << 16) | (g << 8) | r) >>> 0;
}
