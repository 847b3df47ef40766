import { clipToBox, convexHull, distanceToSegment, isSelfIntersecting, type Point, type Polygon } from './geometry';
import type { Rng } from './rng';
import type { Scene, Shader } from './scene';

export type Vertex = [number, number];

export interface PolygonObject {
  label: string;
  polygon: Vertex[];
}

/** The `<stem>_gtFine_polygons.json` document, exactly the Cityscapes fields. */
export interface PolygonFile {
  imgHeight: number;
  imgWidth: number;
  objects: PolygonObject[];
}

export interface AnnotatedFrame {
  readonly file: PolygonFile;
  /** Parallel to `file.objects`: how to paint each object's pixels. */
  readonly shaders: readonly Shader[];
  /** Parallel to `file.objects`: the rounded outline before clipping to the frame. */
  readonly unclipped: readonly Vertex[][];
}

/**
 * Turns a scene into its polygon annotation: each outline is clipped to the frame and rounded as
 * an annotator's tool would, mostly to whole pixels and now and then to half pixels.
 */
export function annotateScene(scene: Scene, rng: Rng): AnnotatedFrame {
  const { width, height } = scene.camera;
  const frame = { minX: 0, minY: 0, maxX: width - 1, maxY: height - 1 };
  const objects: PolygonObject[] = [];
  const shaders: Shader[] = [];
  const unclipped: Vertex[][] = [];
  for (const object of scene.objects) {
    const step = rng.chance(0.12) ? 0.5 : 1;
    const polygon = roundOutline(clipToBox(object.polygon, frame), step);
    if (!polygon) continue;
    objects.push({ label: object.label, polygon });
    shaders.push(object.shade);
    unclipped.push(roundOutline(object.polygon, 1) ?? polygon);
  }
  return { file: { imgHeight: height, imgWidth: width, objects }, shaders, unclipped };
}

/** Rounds and tidies an outline; null when too little of it is left to annotate. */
function roundOutline(points: Polygon, step: number): Vertex[] | null {
  const rounded: Vertex[] = [];
  for (const [x, y] of dropSubpixelDetail(points, step * 0.8)) {
    const vertex: Vertex = [roundTo(x, step), roundTo(y, step)];
    const last = rounded.at(-1);
    if (!last || last[0] !== vertex[0] || last[1] !== vertex[1]) rounded.push(vertex);
  }
  while (rounded.length > 1 && rounded[0][0] === rounded.at(-1)![0] && rounded[0][1] === rounded.at(-1)![1]) rounded.pop();
  // Rounding can fold a thin outline onto itself; its hull is what an annotator would have drawn.
  const simple = isSelfIntersecting(rounded) ? (convexHull(rounded) as Vertex[]) : rounded;
  if (simple.length < 3 || Math.abs(signedArea(simple)) < 1.5) return null;
  return simple;
}

/** Removes vertices that bend the outline by less than `tolerance` pixels: rounding would only fold them over. */
function dropSubpixelDetail(points: Polygon, tolerance: number): Point[] {
  const kept = [...points];
  while (kept.length > 3) {
    let weakest = -1;
    let weakestBend = tolerance;
    for (let i = 0; i < kept.length; i++) {
      const bend = distanceToSegment(kept[i][0], kept[i][1], kept[(i + kept.length - 1) % kept.length], kept[(i + 1) % kept.length]);
      if (bend < weakestBend) {
        weakest = i;
        weakestBend = bend;
      }
    }
    if (weakest < 0) break;
    kept.splice(weakest, 1);
  }
  return kept;
}

function roundTo(value: number, step: number): number {
  const rounded = Math.round(value / step) * step;
  return rounded === 0 ? 0 : rounded;
}

export function signedArea(polygon: readonly Point[]): number {
  let sum = 0;
  for (let i = 0; i < polygon.length; i++) {
    const [x0, y0] = polygon[i];
    const [x1, y1] = polygon[(i + 1) % polygon.length];
    sum += x0 * y1 - x1 * y0;
  }
  return sum / 2;
}

/** Pretty-printed like the official files, but with each polygon on one line to keep them small. */
export function formatPolygonFile(file: PolygonFile): string {
  const objects = file.objects.map((object) =>
    `    {\n      "label": ${JSON.stringify(object.label)},\n      "polygon": ${JSON.stringify(object.polygon)}\n    }`);
  return `{\n  "imgHeight": ${file.imgHeight},\n  "imgWidth": ${file.imgWidth},\n  "objects": [\n${objects.join(',\n')}\n  ]\n}\n`;
}
