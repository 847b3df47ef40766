import { alongStreetPlaneAt, project, type Camera } from './camera';
import { mix, scale, vary, type Rgb } from './color';
import { convexHull, isInsidePolygon, type Point, type Polygon } from './geometry';
import { wallLight, withHaze, type Look } from './look';
import { clamp01, valueNoise } from './noise';
import type { Rng } from './rng';
import type { SceneContext, SceneObject, Shader, Thing } from './scene';

type CarKind = 'sedan' | 'hatchback' | 'suv' | 'van';

const CAR_SIZES: Record<CarKind, { length: number; width: number; height: number; belt: number }> = {
  sedan: { length: 4.6, width: 1.8, height: 1.45, belt: 0.95 },
  hatchback: { length: 4.0, width: 1.75, height: 1.5, belt: 0.95 },
  suv: { length: 4.6, width: 1.9, height: 1.72, belt: 1.08 },
  van: { length: 4.9, width: 1.95, height: 1.98, belt: 1.12 },
};

const CAR_PAINTS: readonly Rgb[] = [
  [222, 224, 226], [218, 218, 214], [168, 172, 176], [150, 154, 160], [30, 32, 36], [44, 46, 52], [92, 96, 102],
  [36, 64, 128], [24, 44, 90], [150, 26, 30], [108, 20, 28], [40, 82, 60], [196, 170, 120], [220, 180, 40], [70, 110, 150],
];

export interface CarSpec {
  /** Centre across the street. */
  readonly x: number;
  /** Distance of the end facing the camera. */
  readonly z: number;
  /** +1: driving away (rear visible), -1: coming towards the camera (front visible). */
  readonly heading: 1 | -1;
  readonly kind: CarKind;
  readonly paint: Rgb;
}

export function randomCarSpec(rng: Rng, x: number, z: number, heading: 1 | -1): CarSpec {
  const kind = rng.pick<CarKind>(['sedan', 'sedan', 'hatchback', 'hatchback', 'suv', 'van']);
  return { x, z, heading, kind, paint: vary(rng, rng.pick(CAR_PAINTS), 0.06, 4) };
}

export function carLength(spec: CarSpec): number {
  return CAR_SIZES[spec.kind].length;
}

export function carWidth(spec: CarSpec): number {
  return CAR_SIZES[spec.kind].width;
}

/** A car's outline and the image regions of its parts, used to paint it. */
interface CarModel {
  readonly spec: CarSpec;
  readonly silhouette: Point[];
  readonly wheels: Polygon[];
  readonly underbody: Polygon;
  readonly lights: Polygon[];
  readonly plate: Polygon;
  readonly grille: Polygon | null;
  readonly endGlass: Polygon;
  readonly sideGlass: Polygon | null;
  readonly endFace: Polygon;
  readonly sideFace: Polygon | null;
  readonly sideX: number | null;
}

function buildCarModel(camera: Camera, spec: CarSpec): CarModel {
  const { length, width, height, belt } = CAR_SIZES[spec.kind];
  const x0 = spec.x - width / 2;
  const x1 = spec.x + width / 2;
  const z0 = spec.z;
  const z1 = spec.z + length;
  const p = (x: number, y: number, z: number) => project(camera, x, y, z);
  // The nearer end is a rear (short boot) or a front (long bonnet): it sets where the glass starts.
  const showsRear = spec.heading === 1 || spec.kind === 'van';
  const glassNear = showsRear ? [z0 + 0.3, z0 + 0.85] : [z0 + 1.0, z0 + 1.7];
  const glassFar = showsRear ? [z1 - 1.7, z1 - 1.0] : [z1 - 0.85, z1 - 0.3];
  const inset = 0.14;

  const box: Point[] = [];
  for (const x of [x0, x1]) for (const y of [0, belt]) for (const z of [z0, z1]) box.push(p(x, y, z));
  const cabinTop = [p(x0 + inset, height, glassNear[1]), p(x1 - inset, height, glassNear[1]), p(x0 + inset, height, glassFar[0]), p(x1 - inset, height, glassFar[0])];
  const silhouette = convexHull([...box, ...cabinTop]);

  const sideX = x1 < -0.3 ? x1 : x0 > 0.3 ? x0 : null;
  const wheelRadius = 0.32;
  const wheels = sideX === null ? [] : [z0 + 0.8, z1 - 0.85].map((zc) => {
    const points: Point[] = [];
    for (let i = 0; i < 12; i++) {
      const a = (i / 12) * Math.PI * 2;
      points.push(p(sideX, wheelRadius + Math.sin(a) * wheelRadius, zc + Math.cos(a) * wheelRadius));
    }
    return points;
  });
  const quadAtNearEnd = (ua: number, ub: number, va: number, vb: number, z = z0): Polygon => [p(ua, va, z), p(ub, va, z), p(ub, vb, z), p(ua, vb, z)];
  const lightHeight = showsRear ? [belt - 0.24, belt - 0.08] : [belt - 0.3, belt - 0.16];
  return {
    spec,
    silhouette,
    wheels,
    underbody: quadAtNearEnd(x0, x1, 0, 0.26, z0 + 0.25),
    lights: [quadAtNearEnd(x0 + 0.06, x0 + 0.38, lightHeight[0], lightHeight[1]), quadAtNearEnd(x1 - 0.38, x1 - 0.06, lightHeight[0], lightHeight[1])],
    plate: quadAtNearEnd(spec.x - 0.26, spec.x + 0.26, 0.36, 0.48, z0 - 0.01),
    grille: showsRear ? null : quadAtNearEnd(spec.x - 0.5, spec.x + 0.5, belt - 0.34, belt - 0.12),
    endGlass: [p(x0 + inset, belt + 0.04, glassNear[0]), p(x1 - inset, belt + 0.04, glassNear[0]), p(x1 - inset - 0.05, height - 0.06, glassNear[1]), p(x0 + inset + 0.05, height - 0.06, glassNear[1])],
    sideGlass: sideX === null ? null : [p(sideX, belt + 0.05, glassNear[0] + 0.25), p(sideX, belt + 0.05, glassFar[1] - 0.25), p(sideX, height - 0.08, glassFar[0] + 0.05), p(sideX, height - 0.08, glassNear[1] - 0.05)],
    endFace: quadAtNearEnd(x0, x1, 0.2, belt),
    sideFace: sideX === null ? null : [p(sideX, 0.2, z0), p(sideX, 0.2, z1), p(sideX, belt, z1), p(sideX, belt, z0)],
    sideX,
  };
}

/** A car, and for near cars its licence plate (a label the official masks never draw). */
export function car(context: SceneContext, spec: CarSpec): Thing {
  const model = buildCarModel(context.camera, spec);
  const { width, length } = CAR_SIZES[spec.kind];
  context.shadows.push({ x0: spec.x - width / 2 - 0.1, x1: spec.x + width / 2 + 0.1, z0: spec.z - 0.1, z1: spec.z + length + 0.1, reach: 0.6 });
  const objects: SceneObject[] = [{ label: 'car', polygon: model.silhouette, shade: carShader(context.camera, context.look, model) }];
  if (spec.z < 14) objects.push({ label: 'license plate', polygon: model.plate, shade: carShader(context.camera, context.look, model) });
  return { depth: spec.z + length / 2, objects };
}

/** Cars parked bumper to bumper far away, annotated together as one `cargroup` polygon. */
export function carGroup(context: SceneContext, specs: readonly CarSpec[]): Thing {
  const models = specs.map((spec) => buildCarModel(context.camera, spec)).sort((a, b) => a.spec.z - b.spec.z);
  for (const spec of specs) {
    const { width, length } = CAR_SIZES[spec.kind];
    context.shadows.push({ x0: spec.x - width / 2, x1: spec.x + width / 2, z0: spec.z, z1: spec.z + length, reach: 0.6 });
  }
  const shaders = models.map((model) => carShader(context.camera, context.look, model));
  const farthest = shaders[shaders.length - 1];
  const shade: Shader = (x, y) => {
    const index = models.findIndex((model) => isInsidePolygon(x, y, model.silhouette));
    return index >= 0 ? shaders[index](x, y) : farthest(x, y);
  };
  const polygon = convexHull(models.flatMap((model) => model.silhouette));
  const depth = Math.min(...specs.map((spec) => spec.z)) + 2;
  return { depth, objects: [{ label: 'cargroup', polygon, shade }] };
}

function carShader(camera: Camera, look: Look, model: CarModel): Shader {
  const { spec } = model;
  const { belt } = CAR_SIZES[spec.kind];
  const depth = spec.z;
  const sideLight = model.sideX === null ? 1 : wallLight(look, model.sideX < 0 ? 1 : -1);
  const tyre: Rgb = [32, 32, 34];
  const glass: Rgb = [34, 42, 52];
  const showsRear = spec.heading === 1 || spec.kind === 'van';
  const lamp: Rgb = showsRear ? [190, 30, 28] : [226, 222, 200];
  const heightAt = (py: number) => camera.mountHeight - ((py - camera.horizonY) * depth) / camera.focal;
  const paintAt = (height: number, light: number) => {
    // Paint catches the sky near the shoulder line and darkens towards the sills.
    const shoulder = Math.exp(-(((height - (belt - 0.08)) / 0.12) ** 2));
    return mix(scale(spec.paint, light * (0.72 + 0.3 * clamp01(height / belt))), [236, 240, 244], shoulder * 0.3);
  };
  return (x, y) => {
    let color: Rgb;
    if (model.wheels.some((wheel) => isInsidePolygon(x, y, wheel))) {
      const wheel = model.wheels.find((w) => isInsidePolygon(x, y, w))!;
      const cx = wheel.reduce((s, q) => s + q[0], 0) / wheel.length;
      const cy = wheel.reduce((s, q) => s + q[1], 0) / wheel.length;
      const rx = Math.max(...wheel.map((q) => Math.abs(q[0] - cx))) || 1;
      const ry = Math.max(...wheel.map((q) => Math.abs(q[1] - cy))) || 1;
      color = Math.hypot((x - cx) / rx, (y - cy) / ry) < 0.6 ? [132, 134, 138] : tyre;
    } else if (isInsidePolygon(x, y, model.underbody)) {
      color = [26, 26, 28];
    } else if (model.lights.some((light) => isInsidePolygon(x, y, light))) {
      color = lamp;
    } else if (isInsidePolygon(x, y, model.plate)) {
      color = [220, 222, 214];
    } else if (model.grille && isInsidePolygon(x, y, model.grille)) {
      color = [40, 42, 46];
    } else if (isInsidePolygon(x, y, model.endGlass) || (model.sideGlass && isInsidePolygon(x, y, model.sideGlass))) {
      const sky = clamp01((heightAt(y) - belt) / 0.5);
      color = mix(glass, [140, 156, 172], sky * 0.45);
    } else if (isInsidePolygon(x, y, model.endFace)) {
      color = paintAt(heightAt(y), 0.95);
    } else if (model.sideFace && model.sideX !== null && isInsidePolygon(x, y, model.sideFace)) {
      const point = alongStreetPlaneAt(camera, model.sideX, x, y);
      color = paintAt(point ? point.y : belt / 2, sideLight * 0.92);
    } else {
      // Pillars, roof edge and the hull's filler between them.
      color = scale(spec.paint, 0.78);
    }
    color = scale(color, 0.96 + 0.08 * valueNoise(x * 0.7, y * 0.7, 11));
    return withHaze(look, color, depth);
  };
}
