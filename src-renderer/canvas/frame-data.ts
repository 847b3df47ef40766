import type { Region } from '../../src-shared/api';
import { parseAnnotation, type AnnotatedObject } from '../../src-shared/annotation';
import type { LabelDef, LabelIndex } from '../../src-shared/labels';
import { encodeMasks, instanceValues, rasterizeObjects, type PillowGeneration } from '../../src-shared/raster';
import { colorizeLabels } from './colorize';

export interface OfficialMask {
  readonly kind: 'color' | 'labelIds';
  readonly width: number;
  readonly height: number;
  /** Raw pixels as stored: RGBA for `color`, one byte per pixel for `labelIds`. */
  readonly pixels: Uint8Array;
}

export interface DiffResult {
  /** 1 where the generated mask and the official one disagree. */
  readonly mask: Uint8Array;
  readonly count: number;
  /** Bounding boxes of connected groups of differing pixels, top to bottom. */
  readonly regions: readonly Region[];
}

/** Everything the QA panes draw and the hover readout reads, computed once per frame. */
export interface FrameData {
  readonly width: number;
  readonly height: number;
  /** 0 for background, k + 1 for `drawn[k]`. */
  readonly owner: Uint32Array;
  readonly drawn: readonly AnnotatedObject[];
  readonly instanceOf: Uint32Array;
  readonly labelIds: Uint8Array;
  readonly generatedRgba: Uint8ClampedArray;
  readonly officialRgba: Uint8ClampedArray | null;
  readonly official: OfficialMask | null;
  /** Null when there is no official mask, or its size does not match. */
  readonly diff: DiffResult | null;
  readonly officialSizeMismatch: string | null;
  /** Pixel count per label id (index 0..255). */
  readonly pixelsPerLabel: Uint32Array;
}

/** The annotation's half of a frame: what can be drawn before the official mask has arrived. */
export type RasterizedFrame = Omit<FrameData, 'officialRgba' | 'official' | 'diff' | 'officialSizeMismatch'>;

/**
 * Rasterizes the annotation with the same code as `segstudio masks`, with the fill of the dataset's
 * Pillow `generation`, and compares it with the stored mask.
 */
export function buildFrameData(annotationText: string, file: string, labels: LabelIndex, official: OfficialMask | null, generation: PillowGeneration = '9.2'): FrameData | null {
  const frame = rasterizeFrame(annotationText, file, labels, generation);
  return frame && compareWithOfficial(frame, labels, official);
}

/** The annotation drawn as the masks are, with its pixel counts per label: no official mask needed. */
export function rasterizeFrame(annotationText: string, file: string, labels: LabelIndex, generation: PillowGeneration = '9.2'): RasterizedFrame | null {
  const { annotation } = parseAnnotation(annotationText, file, labels);
  if (!annotation) return null;
  const map = rasterizeObjects(annotation, undefined, generation);
  const masks = encodeMasks(map, annotation, labels, ['labelIds', 'color']);
  const labelIds = masks.labelIds!;
  const pixelsPerLabel = new Uint32Array(256);
  for (let p = 0; p < labelIds.length; p++) pixelsPerLabel[labelIds[p]]++;
  return {
    width: map.width, height: map.height,
    owner: map.owner,
    drawn: map.drawn,
    instanceOf: instanceValues(map.drawn, annotation.objects),
    labelIds,
    generatedRgba: new Uint8ClampedArray(masks.color!.buffer),
    pixelsPerLabel,
  };
}

/** Adds the stored mask, in colours, and where it differs from the rasterized one. */
export function compareWithOfficial(frame: RasterizedFrame, labels: LabelIndex, official: OfficialMask | null): FrameData {
  const { width, height, labelIds, generatedRgba } = frame;
  const sizeMatches = official !== null && official.width === width && official.height === height;
  const officialRgba = official ? (official.kind === 'color' ? new Uint8ClampedArray(official.pixels.buffer, official.pixels.byteOffset, official.pixels.length) : colorizeLabels(official.pixels, labels.colorById)) : null;
  return {
    ...frame,
    officialRgba,
    official,
    diff: official && sizeMatches ? diffMasks(official, labelIds, generatedRgba, width, height) : null,
    officialSizeMismatch: official && !sizeMatches ? `official mask is ${official.width}x${official.height}, the annotation says ${width}x${height}` : null,
  };
}

/** Compares in the official mask's own encoding: colors for gtFine_color, ids for gtFine_labelIds. */
export function diffMasks(official: OfficialMask, labelIds: Uint8Array, generatedRgba: Uint8ClampedArray, width: number, height: number): DiffResult {
  const { mask, count } = differenceMask(official, labelIds, generatedRgba, width * height);
  return { mask, count, regions: count > 0 ? diffRegions(mask, width, height) : [] };
}

/** 1 where the masks disagree, and how many do. */
export function differenceMask(official: OfficialMask, labelIds: Uint8Array, generatedRgba: Uint8ClampedArray, size: number): { mask: Uint8Array; count: number } {
  const mask = new Uint8Array(size);
  let count = 0;
  const o = official.pixels;
  for (let p = 0; p < mask.length; p++) {
    const differs = official.kind === 'color'
      ? o[p * 4] !== generatedRgba[p * 4] || o[p * 4 + 1] !== generatedRgba[p * 4 + 1] || o[p * 4 + 2] !== generatedRgba[p * 4 + 2]
      : o[p] !== labelIds[p];
    if (differs) {
      mask[p] = 1;
      count++;
    }
  }
  return { mask, count };
}

const TILE = 16;

/** Groups differing pixels into regions: tiles that hold any, joined when they touch (8-neighbourhood). */
export function diffRegions(mask: Uint8Array, width: number, height: number): Region[] {
  const tilesX = Math.ceil(width / TILE);
  const tilesY = Math.ceil(height / TILE);
  const boxes = new Map<number, { x0: number; y0: number; x1: number; y1: number }>();
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if (!mask[y * width + x]) continue;
      const tile = Math.floor(y / TILE) * tilesX + Math.floor(x / TILE);
      const box = boxes.get(tile);
      if (!box) boxes.set(tile, { x0: x, y0: y, x1: x, y1: y });
      else {
        box.x0 = Math.min(box.x0, x); box.x1 = Math.max(box.x1, x);
        box.y0 = Math.min(box.y0, y); box.y1 = Math.max(box.y1, y);
      }
    }
  }
  const seen = new Set<number>();
  const regions: Region[] = [];
  for (const start of boxes.keys()) {
    if (seen.has(start)) continue;
    seen.add(start);
    const stack = [start];
    let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
    while (stack.length) {
      const tile = stack.pop()!;
      const box = boxes.get(tile)!;
      x0 = Math.min(x0, box.x0); y0 = Math.min(y0, box.y0); x1 = Math.max(x1, box.x1); y1 = Math.max(y1, box.y1);
      const tx = tile % tilesX, ty = Math.floor(tile / tilesX);
      for (let dy = -1; dy <= 1; dy++) {
        for (let dx = -1; dx <= 1; dx++) {
          const nx = tx + dx, ny = ty + dy;
          const neighbour = ny * tilesX + nx;
          if (nx >= 0 && ny >= 0 && nx < tilesX && ny < tilesY && boxes.has(neighbour) && !seen.has(neighbour)) {
            seen.add(neighbour);
            stack.push(neighbour);
          }
        }
      }
    }
    regions.push({ x: x0, y: y0, width: x1 - x0 + 1, height: y1 - y0 + 1 });
  }
  return regions.sort((a, b) => a.y - b.y || a.x - b.x);
}

export interface PixelInfo {
  readonly x: number;
  readonly y: number;
  readonly label: LabelDef | null;
  readonly labelId: number;
  readonly trainId: number;
  readonly instanceId: number;
  /** Index of the owning object in the annotation file, or null for background. */
  readonly objectIndex: number | null;
  readonly drawnIndex: number | null;
  readonly official: string | null;
  readonly differs: boolean;
}

/** What the hover readout shows for one pixel: a few buffer reads and table lookups, no search (O(1) per mouse move). */
export function pixelInfo(data: FrameData, labels: LabelIndex, x: number, y: number): PixelInfo | null {
  if (x < 0 || y < 0 || x >= data.width || y >= data.height) return null;
  const p = y * data.width + x;
  const owner = data.owner[p];
  const object = owner > 0 ? data.drawn[owner - 1] : null;
  const labelId = data.labelIds[p];
  const label = object?.label ?? labels.byId.get(labelId) ?? null;
  return {
    x, y, label, labelId,
    trainId: labels.trainIdById[labelId],
    instanceId: owner > 0 ? data.instanceOf[owner - 1] : labelId,
    objectIndex: object?.index ?? null,
    drawnIndex: owner > 0 ? owner - 1 : null,
    official: describeOfficial(data, labels, p),
    differs: data.diff ? data.diff.mask[p] === 1 : false,
  };
}

function describeOfficial(data: FrameData, labels: LabelIndex, p: number): string | null {
  const official = data.official;
  if (!official || data.diff === null) return null;
  if (official.kind === 'labelIds') {
    const id = official.pixels[p];
    return `${labels.byId.get(id)?.name ?? 'unknown'} (id ${id})`;
  }
  const [r, g, b] = official.pixels.subarray(p * 4, p * 4 + 3);
  return `${labelNamesByColor(labels).get(packRgb(r, g, b)) ?? 'no label has this color'} (rgb ${r},${g},${b})`;
}

const namesByColor = new WeakMap<LabelIndex, Map<number, string>>();

/** Per packed colour, the names of the labels drawn in it, built once per spec; several labels share one (e.g. the void classes), so it names them all. */
function labelNamesByColor(labels: LabelIndex): Map<number, string> {
  let names = namesByColor.get(labels);
  if (!names) {
    names = new Map();
    for (const label of labels.spec.labels) {
      if (label.id < 0) continue;
      const key = packRgb(...label.color);
      const known = names.get(key);
      names.set(key, known ? `${known} / ${label.name}` : label.name);
    }
    namesByColor.set(labels, names);
  }
  return names;
}

function packRgb(r: number, g: number, b: number): number {
  return (r << 16) | (g << 8) | b;
}

/**
 * Where to point at annotation object `objectIndex` (its index in the file): a pixel it owns on top, or
 * its outline's centre when later objects cover it all; null when it was not drawn (no polygon, or void).
 */
export function objectPixel(data: FrameData, objectIndex: number): { x: number; y: number } | null {
  const k = data.drawn.findIndex((object) => object.index === objectIndex);
  if (k < 0) return null;
  const polygon = data.drawn[k].polygon;
  let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
  for (let i = 0; i < polygon.length; i += 2) {
    x0 = Math.min(x0, polygon[i]); x1 = Math.max(x1, polygon[i]);
    y0 = Math.min(y0, polygon[i + 1]); y1 = Math.max(y1, polygon[i + 1]);
  }
  const centre = { x: Math.round((x0 + x1) / 2), y: Math.round((y0 + y1) / 2) };
  const inside = (x: number, y: number) => x >= 0 && y >= 0 && x < data.width && y < data.height;
  if (inside(centre.x, centre.y) && data.owner[centre.y * data.width + centre.x] === k + 1) return centre;
  // The owned pixel nearest the outline's centre, searched within its bounding box only.
  let best: { x: number; y: number } | null = null;
  let bestDistance = Infinity;
  for (let y = Math.max(0, Math.floor(y0)); y <= Math.min(data.height - 1, Math.ceil(y1)); y++) {
    for (let x = Math.max(0, Math.floor(x0)); x <= Math.min(data.width - 1, Math.ceil(x1)); x++) {
      if (data.owner[y * data.width + x] !== k + 1) continue;
      const distance = (x - centre.x) ** 2 + (y - centre.y) ** 2;
      if (distance < bestDistance) {
        bestDistance = distance;
        best = { x, y };
      }
    }
  }
  return best ?? { x: Math.min(Math.max(centre.x, 0), data.width - 1), y: Math.min(Math.max(centre.y, 0), data.height - 1) };
}
