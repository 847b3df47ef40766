import type { Annotation, AnnotatedObject } from '../annotation';
import type { LabelIndex } from '../labels';
import type { PillowGeneration } from './pillow-generations';
import { fillPolygon } from './pillow-polygon';

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
 * The pixels each drawn object covers, as [start, end) runs of pixel indices, clipped to the image.
 * All four official encodings draw the same objects in the same order with the same fill, so one
 * scan of the polygons serves them all; painting runs is memset work.
 */
export interface ObjectSpans {
  readonly width: number;
  readonly height: number;
  readonly drawn: readonly AnnotatedObject[];
  readonly spans: readonly Int32Array[];
}

/** Spans plus which drawn object owns each pixel: 0 for background, k + 1 for `drawn[k]`. */
export interface ObjectMap extends ObjectSpans {
  readonly owner: Uint32Array;
}

/** `generation`: whose polygon fill to follow (see `pillowGeneration`); 9.2 (covering 9.4) by default. */
export function rasterizeSpans(annotation: Annotation, generation: PillowGeneration = '9.2'): ObjectSpans {
  const { imgWidth: width, imgHeight: height } = annotation;
  // The official tools skip labels with a negative id (license plate) in every encoding.
  const drawn = annotation.objects.filter((object) => object.label.id >= 0);
  const spans = drawn.map((object) => {
    const runs = new SpanRecorder(width, height);
    fillPolygon(object.polygon, width, height, runs.write, generation);
    return runs.result();
  });
  return { width, height, drawn, spans };
}

/** `reuse`, when it has the right size, is painted over instead of allocating a new owner map. */
export function rasterizeObjects(annotation: Annotation, reuse?: Uint32Array, generation: PillowGeneration = '9.2'): ObjectMap {
  const spans = rasterizeSpans(annotation, generation);
  const size = spans.width * spans.height;
  const owner = reuse && reuse.length === size ? reuse.fill(0) : new Uint32Array(size);
  paintSpans(owner, spans.spans, (k) => k + 1);
  return { ...spans, owner };
}

/** Fills `target` with `valueOf(k)` over drawn object k's runs, in drawing order (later objects win). */
export function paintSpans(target: Uint8Array | Uint16Array | Uint32Array, spans: readonly Int32Array[], valueOf: (k: number) => number): void {
  for (let k = 0; k < spans.length; k++) {
    const runs = spans[k];
    const value = valueOf(k);
    for (let i = 0; i < runs.length; i += 2) target.fill(value, runs[i], runs[i + 1]);
  }
}

class SpanRecorder {
  private runs = new Int32Array(256);
  private length = 0;

  constructor(private readonly width: number, private readonly height: number) {}

  // Clips exactly like Pillow's hline8/hline32 before recording (fillPolygon passes x0 <= x1).
  readonly write = (x0: number, y: number, x1: number): void => {
    if (y < 0 || y >= this.height) return;
    if (x0 < 0) x0 = 0;
    else if (x0 >= this.width) return;
    if (x1 < 0) return;
    if (x1 >= this.width) x1 = this.width - 1;
    if (x0 > x1) return;
    if (this.length + 2 > this.runs.length) {
      const grown = new Int32Array(this.runs.length * 2);
      grown.set(this.runs);
      this.runs = grown;
    }
    this.runs[this.length++] = y * this.width + x0;
    this.runs[this.length++] = y * this.width + x1 + 1;
  };

  result(): Int32Array {
    return this.runs.slice(0, this.length);
  }
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
export function renderMasks(annotation: Annotation, labels: LabelIndex, types: readonly MaskType[], generation: PillowGeneration = '9.2'): MaskBuffers & { objects: ObjectSpans } {
  const spans = rasterizeSpans(annotation, generation);
  return { ...encodeMasks(spans, annotation, labels, types), objects: spans };
}

/**
 * What each encoding writes for the background (index 0) and for drawn object k (index k + 1):
 * label id, train id, RGBA packed little-endian (bytes R, G, B, A), or instance id.
 */
export function encodingValues(type: MaskType, drawn: readonly AnnotatedObject[], annotation: Annotation, labels: LabelIndex): Uint32Array {
  const background = labels.background;
  switch (type) {
    case 'labelIds':
      return Uint32Array.from([background, ...drawn.map((o) => o.label)], (label) => label.id);
    case 'labelTrainIds':
      return Uint32Array.from([background, ...drawn.map((o) => o.label)], (label) => labels.trainIdById[label.id]);
    case 'color':
      return Uint32Array.from([background, ...drawn.map((o) => o.label)], (label) => packRgba(label.color));
    case 'instanceIds':
      // json2instanceImg draws on a 32-bit 'I' image; Pillow's PNG writer clips it to 0..65535.
      return Uint32Array.from([background.id, ...instanceValues(drawn, annotation.objects)], (value) => Math.min(Math.max(value, 0), MAX_UINT16));
  }
}

/** Paints the requested encodings from the objects' runs. */
export function encodeMasks(objects: ObjectSpans, annotation: Annotation, labels: LabelIndex, types: readonly MaskType[]): MaskBuffers {
  const { drawn, spans, width, height } = objects;
  const size = width * height;
  const paint = <T extends Uint8Array | Uint16Array | Uint32Array>(target: T, type: MaskType): T => {
    const values = encodingValues(type, drawn, annotation, labels);
    target.fill(values[0]);
    paintSpans(target, spans, (k) => values[k + 1]);
    return target;
  };
  const out: MaskBuffers = {};
  if (types.includes('labelIds')) out.labelIds = paint(new Uint8Array(size), 'labelIds');
  if (types.includes('labelTrainIds')) out.labelTrainIds = paint(new Uint8Array(size), 'labelTrainIds');
  if (types.includes('color')) out.color = new Uint8Array(paint(new Uint32Array(size), 'color').buffer);
  if (types.includes('instanceIds')) out.instanceIds = paint(new Uint16Array(size), 'instanceIds');
  return out;
}

const MAX_UINT16 = 65_535;

// Little-endian packing so the Uint32 view's bytes read R, G, B, A.
function packRgba([r, g, b]: readonly [number, number, number]): number {
  return ((255 << 24) | (b << 16) | (g << 8) | r) >>> 0;
}
