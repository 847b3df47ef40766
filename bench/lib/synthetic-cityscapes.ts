import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Random } from './random';

export const FRAME_WIDTH = 2048;
export const FRAME_HEIGHT = 1024;

type Point = [x: number, y: number];

export interface PolygonObject {
  readonly label: string;
  readonly polygon: Point[];
  readonly deleted?: number;
}

/** The shape of a Cityscapes `*_gtFine_polygons.json`. */
export interface PolygonAnnotation {
  readonly imgHeight: number;
  readonly imgWidth: number;
  readonly objects: PolygonObject[];
}

export interface DatasetStats {
  readonly jsonPaths: string[];
  readonly objects: number;
  readonly vertices: number;
  readonly jsonBytes: number;
}

/**
 * Writes `frames` synthetic full-size annotations under `root` as
 * `gtFine/val/benchcity/benchcity_000000_0000NN_gtFine_polygons.json`, deterministic in `seed`.
 */
export async function writeSyntheticDataset(root: string, frames: number, seed: number): Promise<DatasetStats> {
  const dir = join(root, 'gtFine', 'val', 'benchcity');
  await mkdir(dir, { recursive: true });
  const jsonPaths: string[] = [];
  let objects = 0;
  let vertices = 0;
  let jsonBytes = 0;
  for (let frame = 0; frame < frames; frame++) {
    const annotation = generateFrame(seed + frame * 7919);
    // Indented like the released files, which makes JSON parsing cost what it costs on real data.
    const text = JSON.stringify(annotation, null, 4);
    const path = join(dir, `benchcity_000000_${String(frame).padStart(6, '0')}_gtFine_polygons.json`);
    await writeFile(path, text);
    jsonPaths.push(path);
    objects += annotation.objects.length;
    vertices += annotation.objects.reduce((sum, o) => sum + o.polygon.length, 0);
    jsonBytes += Buffer.byteLength(text);
  }
  return { jsonPaths, objects, vertices, jsonBytes };
}

/**
 * One street scene laid out like a Cityscapes fine annotation: stuff first (sky, road, sidewalks,
 * buildings, vegetation), then objects far to near, the ego vehicle and the out-of-roi frame last.
 */
export function generateFrame(seed: number): PolygonAnnotation {
  const scene = new Scene(new Random(seed), FRAME_WIDTH, FRAME_HEIGHT);
  addSky(scene);
  addRoadAndSidewalks(scene);
  addTerrain(scene);
  addBuildings(scene);
  addWallsAndFences(scene);
  addVegetation(scene);
  addPoles(scene);
  addSignsAndLights(scene);
  addSmallStuff(scene);
  addVehicles(scene);
  addCyclists(scene);
  addPedestrians(scene);
  addEgoVehicleAndBorders(scene);
  return { imgHeight: scene.height, imgWidth: scene.width, objects: scene.objects };
}

class Scene {
  readonly objects: PolygonObject[] = [];
  /** Where the ground meets the sky, in pixels from the top. */
  readonly horizon: number;
  /** The road's vanishing point, in x. */
  readonly vanishX: number;

  constructor(readonly rng: Random, readonly width: number, readonly height: number) {
    this.horizon = rng.int(380, 500);
    this.vanishX = rng.int(Math.round(width * 0.4), Math.round(width * 0.6));
  }

  /** Perspective scale of something standing at image row `y`: 0 at the horizon, 1 at the bottom. */
  scaleAt(y: number): number {
    return Math.max(0.02, (y - this.horizon) / (this.height - this.horizon));
  }

  /** An x on the sidewalk, left or right of the road, at perspective scale `s`. */
  roadsideX(s: number): number {
    const roadHalfWidth = 50 + s * this.width * 0.5;
    const side = this.rng.chance(0.5) ? -1 : 1;
    return this.vanishX + side * (roadHalfWidth + this.rng.uniform(10, 60 + 500 * s));
  }

  /** A ground row at perspective scale `s`. */
  groundAt(s: number): number {
    return this.horizon + s * (this.height - this.horizon);
  }

  add(label: string, points: readonly Point[], deleted = false): void {
    const polygon: Point[] = [];
    for (const [x, y] of points) {
      const p: Point = [clamp(Math.round(x), 0, this.width - 1), clamp(Math.round(y), 0, this.height - 1)];
      const last = polygon[polygon.length - 1];
      if (!last || last[0] !== p[0] || last[1] !== p[1]) polygon.push(p);
    }
    if (polygon.length >= 3) this.objects.push(deleted ? { label, polygon, deleted: 1 } : { label, polygon });
  }
}

function addSky(scene: Scene): void {
  const { rng, width: w, horizon } = scene;
  const lower = jaggedLine(rng, [w - 1, horizon + 20], [0, horizon + 20], rng.int(30, 80), 25);
  scene.add('sky', [[0, 0], [w - 1, 0], ...lower]);
}

function addRoadAndSidewalks(scene: Scene): void {
  const { rng, width: w, height: h, horizon, vanishX } = scene;
  const bottomLeft = rng.int(-300, 250);
  const bottomRight = w - 1 + rng.int(-250, 300);
  const farLeft: Point = [vanishX - rng.int(30, 70), horizon + 8];
  const farRight: Point = [vanishX + rng.int(30, 70), horizon + 8];
  scene.add('road', [
    ...jaggedLine(rng, [bottomLeft, h - 1], farLeft, rng.int(15, 60), 4),
    ...jaggedLine(rng, farLeft, farRight, rng.int(4, 12), 2),
    ...jaggedLine(rng, farRight, [bottomRight, h - 1], rng.int(15, 60), 4),
  ]);
  // The curb line runs a little inside the road so that no unlabeled stripe is left between them.
  const curb = rng.int(2, 8);
  scene.add('sidewalk', [
    [0, horizon + rng.int(15, 40)],
    ...jaggedLine(rng, [farLeft[0] + 2, horizon + 6], [bottomLeft + rng.int(10, 40), h - 1], rng.int(15, 50), curb),
    [0, h - 1],
  ]);
  scene.add('sidewalk', [
    ...jaggedLine(rng, [farRight[0] - 2, horizon + 6], [w - 1, horizon + rng.int(15, 40)], rng.int(5, 20), 3),
    [w - 1, h - 1],
    ...jaggedLine(rng, [bottomRight - rng.int(10, 40), h - 1], [farRight[0] - 2, horizon + 6], rng.int(15, 50), curb),
  ]);
  if (rng.chance(0.4)) scene.add('parking', blob(rng, rng.pick([w * 0.15, w * 0.85]), scene.groundAt(0.5), 160, 50, rng.int(10, 30), 0.1));
}

function addTerrain(scene: Scene): void {
  const { rng, width: w } = scene;
  for (let i = rng.int(0, 3); i > 0; i--) {
    const s = rng.uniform(0.1, 0.5);
    scene.add('terrain', blob(rng, rng.pick([rng.uniform(0, w * 0.25), rng.uniform(w * 0.75, w)]), scene.groundAt(s), 300 * s + 40, 60 * s + 10, rng.int(20, 80), 0.2));
  }
}

function addBuildings(scene: Scene): void {
  const { rng, width: w, horizon } = scene;
  const count = rng.int(10, 24);
  // Far (narrow, near the vanishing point) first, so nearer facades are painted over them.
  const buildings = Array.from({ length: count }, () => {
    const nearness = rng.next();
    const side = rng.chance(0.5) ? -1 : 1;
    const centre = scene.vanishX + side * (80 + nearness * w * 0.6) + rng.uniform(-120, 120);
    const halfWidth = 40 + nearness * rng.uniform(150, 400);
    return { nearness, left: centre - halfWidth, right: centre + halfWidth };
  }).sort((a, b) => a.nearness - b.nearness);
  for (const { nearness, left, right } of buildings) {
    const base = horizon + 10 + nearness * rng.uniform(20, 140);
    const roof = Math.max(0, horizon - 60 - nearness * rng.uniform(150, horizon));
    scene.add('building', buildingOutline(rng, left, right, base, roof));
  }
}

/** A facade with a stepped, notched roofline: balconies, chimneys and cornices make tens to hundreds of vertices. */
function buildingOutline(rng: Random, left: number, right: number, base: number, roof: number): Point[] {
  const steps = rng.int(1, 6);
  const top: Point[] = [];
  const stepWidth = (right - left) / steps;
  for (let s = 0; s < steps; s++) {
    const y = roof + rng.uniform(0, Math.max(10, (base - roof) * 0.3));
    const x0 = right - s * stepWidth;
    const x1 = x0 - stepWidth;
    top.push([x0, y], ...notchedLine(rng, [x0, y], [x1, y], rng.int(2, 30)));
  }
  const leftTop: Point = [left, top[top.length - 1][1]];
  return [
    ...jaggedLine(rng, [left, base], [right, base], rng.int(2, 20), 3),
    ...jaggedLine(rng, [right, base], [right, top[0][1]], rng.int(2, 30), 2),
    ...top,
    ...jaggedLine(rng, leftTop, [left, base], rng.int(2, 30), 2),
  ];
}

function addWallsAndFences(scene: Scene): void {
  const { rng, width: w } = scene;
  for (let i = rng.int(1, 4); i > 0; i--) {
    const s = rng.uniform(0.05, 0.4);
    const y = scene.groundAt(s);
    const x0 = rng.pick([rng.uniform(0, w * 0.3), rng.uniform(w * 0.6, w * 0.9)]);
    const x1 = x0 + rng.uniform(100, 400);
    const top = y - rng.uniform(20, 60) * (0.3 + s);
    scene.add(rng.pick(['wall', 'fence', 'fence', 'guard rail']), [
      [x0, y], [x1, y + 10 * s], ...jaggedLine(rng, [x1, top], [x0, top], rng.int(6, 56), 3),
    ]);
  }
}

function addVegetation(scene: Scene): void {
  const { rng, width: w, horizon } = scene;
  for (let i = rng.int(4, 12); i > 0; i--) {
    const s = rng.uniform(0.05, 0.6);
    const x = rng.pick([rng.uniform(-100, w * 0.35), rng.uniform(w * 0.65, w + 100), rng.uniform(0, w)]);
    if (rng.chance(0.7)) {
      const radius = 40 + 260 * s;
      scene.add('vegetation', blob(rng, x, horizon - radius * 0.6, radius, radius * rng.uniform(0.7, 1.1), rng.int(80, 300), 0.3));
    } else {
      const y = scene.groundAt(s);
      scene.add('vegetation', blob(rng, x, y - 20 * s, 80 + 300 * s, 20 + 60 * s, rng.int(60, 200), 0.25));
    }
  }
}

function addPoles(scene: Scene): void {
  const { rng, width: w } = scene;
  for (let i = rng.int(10, 25); i > 0; i--) {
    const s = rng.uniform(0.05, 0.9);
    const x = scene.roadsideX(s);
    const base = scene.groundAt(s) - rng.uniform(0, 20);
    const half = Math.max(1.5, 8 * s * rng.uniform(0.5, 1));
    const top = Math.max(0, base - rng.uniform(200, 700) * (0.3 + s));
    const segments = rng.int(1, 3);
    scene.add('pole', [
      ...jaggedLine(rng, [x + half, base], [x + half, top], segments, 1),
      ...jaggedLine(rng, [x - half, top], [x - half, base], segments, 1),
    ]);
  }
  for (let i = rng.int(0, 2); i > 0; i--) {
    const s = rng.uniform(0.03, 0.2);
    scene.add('polegroup', comb(rng, rng.uniform(0, w), scene.groundAt(s), rng.int(2, 5), 3, 150 * (0.3 + s)));
  }
}

function addSignsAndLights(scene: Scene): void {
  const { rng, width: w, horizon } = scene;
  for (let i = rng.int(4, 12); i > 0; i--) {
    const size = rng.uniform(10, 60);
    const x = rng.uniform(0, w);
    const y = rng.uniform(horizon - 350, horizon + 40);
    const shape = rng.pick(['rect', 'round', 'triangle']);
    if (shape === 'rect') scene.add('traffic sign', jitter(rng, [[x, y], [x + size * 1.3, y], [x + size * 1.3, y + size], [x, y + size]], 1));
    else if (shape === 'round') scene.add('traffic sign', blob(rng, x, y, size / 2, size / 2, rng.int(8, 24), 0.05));
    else scene.add('traffic sign', jitter(rng, [[x, y + size], [x + size / 2, y], [x + size, y + size]], 1));
  }
  for (let i = rng.int(2, 6); i > 0; i--) {
    const size = rng.uniform(10, 40);
    const x = rng.uniform(0, w);
    const y = rng.uniform(horizon - 400, horizon - 60);
    scene.add('traffic light', roundedBox(rng, x, y, size, size * 2.6, rng.int(6, 12)));
  }
}

function addSmallStuff(scene: Scene): void {
  const { rng, width: w } = scene;
  for (let i = rng.int(2, 6); i > 0; i--) {
    const s = rng.uniform(0.1, 0.7);
    scene.add(rng.pick(['static', 'static', 'dynamic', 'ground']), blob(rng, rng.uniform(0, w), scene.groundAt(s) - 15 * s, 10 + 60 * s, 8 + 40 * s, rng.int(8, 30), 0.2));
  }
}

function addVehicles(scene: Scene): void {
  const { rng } = scene;
  type Vehicle = { s: number; draw: () => void };
  const vehicles: Vehicle[] = [];
  const carCount = rng.int(4, 16);
  let plates = rng.int(1, 2);
  for (let i = 0; i < carCount; i++) {
    const s = rng.uniform(0.05, 0.85);
    vehicles.push({ s, draw: () => {
      const [x, y, width, height] = vehicleBox(scene, s, 0.5);
      scene.add('car', carOutline(rng, x, y, width, height, rng.int(20, 70)));
      if (s > 0.4 && plates > 0) {
        plates--;
        const pw = width * 0.18;
        const px = x + width / 2 - pw / 2;
        const py = y + height * 0.72;
        scene.add('license plate', [[px, py], [px + pw, py], [px + pw, py + pw * 0.25], [px, py + pw * 0.25]]);
      }
    } });
  }
  for (let i = rng.int(0, 2); i > 0; i--) {
    const s = rng.uniform(0.1, 0.6);
    vehicles.push({ s, draw: () => {
      const [x, y, width, height] = vehicleBox(scene, s, 0.9);
      scene.add(rng.pick(['truck', 'bus', 'caravan', 'trailer', 'train']), roundedBox(rng, x, y, width, height, rng.int(12, 40)));
    } });
  }
  for (let i = rng.int(0, 2); i > 0; i--) {
    const s = rng.uniform(0.02, 0.12);
    vehicles.push({ s, draw: () => {
      const [x, y, width, height] = vehicleBox(scene, s, 0.5);
      scene.add('cargroup', blob(rng, x + width * 1.5, y + height / 2, width * 1.6, height * 0.6, rng.int(20, 60), 0.15));
    } });
  }
  vehicles.sort((a, b) => a.s - b.s).forEach((v) => v.draw());
}

/** Where a vehicle of aspect `tall` stands at scale `s`: near the road, its size by perspective. */
function vehicleBox(scene: Scene, s: number, tall: number): [x: number, y: number, width: number, height: number] {
  const width = 40 + 700 * s;
  const height = width * tall;
  const spread = (scene.width * 0.9) * s;
  const x = scene.vanishX + scene.rng.uniform(-spread, spread) - width / 2;
  return [x, scene.groundAt(s) - height, width, height];
}

function addCyclists(scene: Scene): void {
  const { rng, width: w } = scene;
  for (let i = rng.int(0, 3); i > 0; i--) {
    const s = rng.uniform(0.1, 0.7);
    const height = 40 + 420 * s;
    const x = rng.uniform(w * 0.2, w * 0.8);
    const base = scene.groundAt(s);
    scene.add(rng.pick(['bicycle', 'bicycle', 'motorcycle']), blob(rng, x, base - height * 0.22, height * 0.45, height * 0.22, rng.int(30, 90), 0.3));
    scene.add('rider', blob(rng, x, base - height * 0.6, height * 0.17, height * 0.35, rng.int(30, 80), 0.15));
  }
  if (rng.chance(0.3)) {
    const s = rng.uniform(0.05, 0.3);
    scene.add('bicyclegroup', blob(rng, rng.uniform(0, w), scene.groundAt(s) - 30 * s, 120 * s + 20, 40 * s + 8, rng.int(30, 80), 0.3));
  }
}

function addPedestrians(scene: Scene): void {
  const { rng, width: w } = scene;
  const people = Array.from({ length: rng.int(3, 14) }, () => rng.uniform(0.05, 0.8)).sort((a, b) => a - b);
  for (const s of people) {
    const height = 30 + 500 * s;
    scene.add('person', personOutline(rng, scene.roadsideX(s), scene.groundAt(s), height, rng.int(30, 90)));
  }
  for (let i = rng.int(0, 2); i > 0; i--) {
    const s = rng.uniform(0.05, 0.25);
    const height = 30 + 500 * s;
    scene.add('persongroup', blob(rng, rng.uniform(0, w), scene.groundAt(s) - height / 2, height * 0.8, height / 2, rng.int(30, 90), 0.25));
  }
}

function addEgoVehicleAndBorders(scene: Scene): void {
  const { rng, width: w, height: h } = scene;
  const hoodTop = h - rng.int(60, 140);
  const hood: Point[] = [];
  const n = rng.int(40, 120);
  for (let i = 0; i <= n; i++) {
    const t = i / n;
    const arc = Math.sin(Math.PI * t) ** 0.5;
    hood.push([t * (w - 1), h - 1 - (h - 1 - hoodTop) * arc + rng.uniform(-1.5, 1.5)]);
  }
  scene.add('ego vehicle', [[0, h - 1], ...hood, [w - 1, h - 1]]);
  const m = rng.int(1, 4);
  scene.add('out of roi', [[0, 0], [w - 1, 0], [w - 1, h - 1], [0, h - 1], [0, 0], [m, m], [m, h - 1 - m], [w - 1 - m, h - 1 - m], [w - 1 - m, m], [m, m]]);
  for (let i = rng.int(0, 2); i > 0; i--) {
    const corner = rng.pick([0, w - 1]);
    const dx = corner === 0 ? 1 : -1;
    scene.add('rectification border', [[corner, 0], [corner + dx * rng.int(20, 80), 0], [corner, rng.int(10, 60)]]);
  }
  if (rng.chance(0.25)) scene.add('car', blob(rng, rng.uniform(0, w), rng.uniform(0, h), 40, 20, 12, 0.1), true);
}

/** Points from `a` to `b`, both included, with a wandering sideways offset of about `amplitude` px. */
function jaggedLine(rng: Random, a: Point, b: Point, segments: number, amplitude: number): Point[] {
  const [dx, dy] = [b[0] - a[0], b[1] - a[1]];
  const length = Math.hypot(dx, dy) || 1;
  const [nx, ny] = [-dy / length, dx / length];
  const points: Point[] = [a];
  let offset = 0;
  for (let i = 1; i < segments; i++) {
    const t = i / segments + rng.uniform(-0.3, 0.3) / segments;
    offset = 0.6 * offset + rng.uniform(-amplitude, amplitude);
    points.push([a[0] + dx * t + nx * offset, a[1] + dy * t + ny * offset]);
  }
  points.push(b);
  return points;
}

/** A horizontal roofline from `a` to `b` (b excluded) with rectangular notches: chimneys, dormers, cornices. */
function notchedLine(rng: Random, a: Point, b: Point, notches: number): Point[] {
  const points: Point[] = [];
  const step = (b[0] - a[0]) / (notches + 1);
  for (let i = 1; i <= notches; i++) {
    const x = a[0] + step * i;
    const rise = rng.chance(0.5) ? rng.uniform(-25, 25) : 0;
    const y = a[1] + rng.uniform(-2, 2);
    points.push([x, y], [x, y + rise], [x + step * rng.uniform(0.2, 0.6), y + rise]);
  }
  return points;
}

/** A closed outline around (cx, cy): lumps of several sizes plus per-vertex jitter, all scaled by `roughness`. */
function blob(rng: Random, cx: number, cy: number, rx: number, ry: number, points: number, roughness: number): Point[] {
  const wave = (minFreq: number, maxFreq: number, amp: number) =>
    ({ freq: rng.int(minFreq, maxFreq), phase: rng.uniform(0, 2 * Math.PI), amp: rng.uniform(0, amp) });
  const waves = [wave(2, 4, roughness / 2), wave(3, 7, roughness / 3), wave(8, 30, roughness / 4)];
  const outline: Point[] = [];
  for (let i = 0; i < points; i++) {
    const angle = (2 * Math.PI * (i + rng.uniform(-0.3, 0.3))) / points;
    let r = 1 + rng.uniform(-roughness, roughness) * 0.15;
    for (const { freq, phase, amp } of waves) r += amp * Math.sin(freq * angle + phase);
    outline.push([cx + rx * r * Math.cos(angle), cy + ry * r * Math.sin(angle)]);
  }
  return outline;
}

/** A car seen from behind or the side: a wide body with a narrower cabin on top. */
function carOutline(rng: Random, x: number, y: number, width: number, height: number, points: number): Point[] {
  const outline: Point[] = [];
  for (let i = 0; i < points; i++) {
    const t = i / points;
    const angle = 2 * Math.PI * t;
    const sx = Math.sign(Math.cos(angle)) * Math.abs(Math.cos(angle)) ** 0.3;
    const sy = Math.sign(Math.sin(angle)) * Math.abs(Math.sin(angle)) ** 0.3;
    // The upper half narrows into the cabin.
    const cabin = sy < 0 ? 0.75 + 0.25 * (1 + sy) : 1;
    outline.push([x + width / 2 + (width / 2) * sx * cabin + rng.uniform(-1, 1), y + height / 2 + (height / 2) * sy + rng.uniform(-1, 1)]);
  }
  return outline;
}

function roundedBox(rng: Random, x: number, y: number, width: number, height: number, points: number): Point[] {
  const outline: Point[] = [];
  for (let i = 0; i < points; i++) {
    const angle = (2 * Math.PI * i) / points;
    const sx = Math.sign(Math.cos(angle)) * Math.abs(Math.cos(angle)) ** 0.2;
    const sy = Math.sign(Math.sin(angle)) * Math.abs(Math.sin(angle)) ** 0.2;
    outline.push([x + width / 2 + (width / 2) * sx + rng.uniform(-1, 1), y + height / 2 + (height / 2) * sy + rng.uniform(-1, 1)]);
  }
  return outline;
}

/** A standing person (feet, legs, arms, shoulders, head), traced with jittered vertices. */
function personOutline(rng: Random, x: number, base: number, height: number, points: number): Point[] {
  const w = height * 0.3;
  // Corners as (x offset in widths, height above the ground in heights), clockwise from the left foot.
  const corners: Array<[number, number]> = [
    [-0.25, 0], [-0.05, 0], [0, 0.42], [0.05, 0], [0.25, 0], [0.3, 0.5], [0.45, 0.5], [0.4, 0.8], [0.1, 0.85],
    [0.15, 0.95], [0, 1], [-0.15, 0.95], [-0.1, 0.85], [-0.4, 0.8], [-0.45, 0.5], [-0.3, 0.5],
  ];
  const profile = corners.map(([u, v]): Point => [x + u * w, base - v * height]);
  const perEdge = Math.max(1, Math.round(points / profile.length));
  const amplitude = Math.max(0.5, height / 200);
  return profile.flatMap((p, i) => jaggedLine(rng, p, profile[(i + 1) % profile.length], perEdge, amplitude).slice(0, -1));
}

/** A row of thin poles joined at the base, drawn as one polygon, as annotators draw a distant pole group. */
function comb(rng: Random, x: number, base: number, teeth: number, toothWidth: number, height: number): Point[] {
  const points: Point[] = [[x, base]];
  for (let i = 0; i < teeth; i++) {
    const left = x + i * toothWidth * 4;
    const top = base - height * rng.uniform(0.7, 1);
    points.push([left, top], [left + toothWidth, top], [left + toothWidth, base - 5]);
  }
  points.push([x + teeth * toothWidth * 4, base]);
  return points;
}

function jitter(rng: Random, points: readonly Point[], amount: number): Point[] {
  return points.map(([x, y]) => [x + rng.uniform(-amount, amount), y + rng.uniform(-amount, amount)]);
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}
