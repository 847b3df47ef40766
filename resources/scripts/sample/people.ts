import { project } from './camera';
import { mix, scale, vary, type Rgb } from './color';
import { convexHull, distanceToSegment, isInsidePolygon, type Point } from './geometry';
import { withHaze } from './look';
import { clamp01, valueNoise } from './noise';
import type { Rng } from './rng';
import type { SceneContext, SceneObject, Shader, Thing } from './scene';

const SKINS: readonly Rgb[] = [[232, 192, 160], [214, 168, 132], [178, 126, 92], [128, 86, 60], [96, 64, 46], [240, 206, 180]];
const HAIRS: readonly Rgb[] = [[40, 30, 24], [70, 50, 34], [120, 90, 52], [190, 160, 110], [150, 150, 150], [24, 22, 22]];
const CLOTHES: readonly Rgb[] = [
  [40, 44, 60], [170, 40, 40], [220, 220, 216], [60, 90, 150], [200, 170, 60], [50, 110, 70], [110, 80, 140],
  [30, 30, 32], [150, 150, 156], [200, 110, 50], [90, 60, 40], [230, 130, 160], [70, 140, 160],
];
const TROUSERS: readonly Rgb[] = [[40, 52, 84], [30, 30, 34], [90, 90, 96], [120, 100, 76], [56, 70, 110], [160, 150, 130]];

interface Outfit {
  readonly skin: Rgb;
  readonly hair: Rgb;
  readonly top: Rgb;
  readonly bottom: Rgb;
  readonly shoes: Rgb;
  readonly hasShortSleeves: boolean;
  readonly hasHelmet: boolean;
  readonly helmet: Rgb;
}

function randomOutfit(rng: Rng): Outfit {
  return {
    skin: vary(rng, rng.pick(SKINS), 0.05, 4),
    hair: vary(rng, rng.pick(HAIRS), 0.1, 4),
    top: vary(rng, rng.pick(CLOTHES), 0.12, 10),
    bottom: vary(rng, rng.pick(TROUSERS), 0.1, 6),
    shoes: vary(rng, rng.pick<Rgb>([[30, 30, 30], [60, 44, 36], [220, 220, 220]]), 0.1, 4),
    hasShortSleeves: rng.chance(0.3),
    hasHelmet: rng.chance(0.55),
    helmet: vary(rng, rng.pick<Rgb>([[220, 40, 40], [240, 240, 240], [30, 30, 30], [40, 120, 200], [250, 200, 30]]), 0.05, 4),
  };
}

// Right half of a standing person seen from the front or back, height 1, from the crown to the crotch;
// the arm hangs against the body, as annotators usually outline it.
const STANDING_RIGHT_HALF: readonly (readonly [number, number])[] = [
  [0, 0], [0.035, 0.008], [0.055, 0.035], [0.058, 0.07], [0.045, 0.11], [0.03, 0.13],
  [0.034, 0.145], [0.1, 0.16], [0.126, 0.19], [0.136, 0.3], [0.14, 0.42], [0.13, 0.47], [0.11, 0.475],
  [0.098, 0.5], [0.09, 0.72], [0.08, 0.95], [0.1, 0.98], [0.1, 1], [0.028, 1], [0.03, 0.75], [0.012, 0.53],
];

export interface PersonSpec {
  readonly x: number;
  readonly z: number;
  readonly height: number;
  readonly girth: number;
  /** How far apart the feet are, in person heights: walking people straddle. */
  readonly stride: number;
  readonly isFacingAway: boolean;
  readonly outfit: Outfit;
}

export function randomPersonSpec(rng: Rng, x: number, z: number): PersonSpec {
  return {
    x,
    z,
    height: rng.range(1.55, 1.95),
    girth: rng.range(0.9, 1.2),
    stride: rng.chance(0.6) ? rng.range(0.02, 0.07) : 0,
    isFacingAway: rng.chance(0.5),
    outfit: randomOutfit(rng),
  };
}

interface PersonFrame {
  readonly centerX: number;
  readonly top: number;
  readonly heightPx: number;
  readonly widthPx: number;
}

function personFrame(context: SceneContext, spec: PersonSpec): PersonFrame {
  const [centerX, footY] = project(context.camera, spec.x, 0, spec.z);
  const heightPx = (context.camera.focal * spec.height) / spec.z;
  return { centerX, top: footY - heightPx, heightPx, widthPx: heightPx * spec.girth };
}

function standingOutline(frame: PersonFrame, stride: number): Point[] {
  const right = STANDING_RIGHT_HALF.map(([u, v]) => [u + (v > 0.53 ? stride * ((v - 0.53) / 0.47) : 0), v] as const);
  const left = right.slice(1).reverse().map(([u, v]) => [-u, v] as const);
  return [...right, ...left].map(([u, v]) => [frame.centerX + u * frame.widthPx, frame.top + v * frame.heightPx]);
}

export function person(context: SceneContext, spec: PersonSpec): Thing {
  const frame = personFrame(context, spec);
  context.shadows.push({ x0: spec.x - 0.1, x1: spec.x + 0.1, z0: spec.z - 0.06, z1: spec.z + 0.06, reach: 0.25 });
  return { depth: spec.z, objects: [{ label: 'person', polygon: standingOutline(frame, spec.stride), shade: personShader(context, spec, frame) }] };
}

/** A few people standing close together far away, annotated as one `persongroup` polygon. */
export function personGroup(context: SceneContext, specs: readonly PersonSpec[], background: Shader): Thing {
  const members = specs.map((spec) => {
    const frame = personFrame(context, spec);
    return { outline: standingOutline(frame, spec.stride), shade: personShader(context, spec, frame), z: spec.z };
  }).sort((a, b) => a.z - b.z);
  const shade: Shader = (x, y) => {
    const member = members.find((m) => isInsidePolygon(x, y, m.outline));
    return member ? member.shade(x, y) : background(x, y);
  };
  const polygon = convexHull(members.flatMap((m) => m.outline));
  return { depth: Math.min(...specs.map((s) => s.z)), objects: [{ label: 'persongroup', polygon, shade }] };
}

function personShader({ look }: SceneContext, spec: PersonSpec, frame: PersonFrame): Shader {
  const { outfit } = spec;
  return (x, y) => {
    const u = (x - frame.centerX) / frame.widthPx;
    const v = (y - frame.top) / frame.heightPx;
    let color: Rgb;
    if (v < 0.135) {
      const isHair = v < 0.035 || (Math.abs(u) > 0.04 && v < 0.09) || (spec.isFacingAway && v < 0.12);
      color = isHair ? outfit.hair : outfit.skin;
    } else if (v < 0.15) {
      color = outfit.skin;
    } else if (v < 0.5) {
      const isArm = Math.abs(u) > 0.1;
      if (isArm && v > 0.43) color = outfit.skin;
      else if (isArm && outfit.hasShortSleeves && v > 0.28) color = outfit.skin;
      else color = scale(outfit.top, isArm ? 0.85 : 1);
      if (!isArm && v > 0.485) color = scale(outfit.bottom, 0.6);
    } else if (v < 0.965) {
      color = scale(outfit.bottom, Math.abs(u) < 0.02 + (v - 0.5) * 0.05 ? 0.8 : 1);
    } else {
      color = outfit.shoes;
    }
    // Round bodies: darker at the flanks, lit from the sun's side.
    const round = 1 - 0.35 * clamp01(Math.abs(u) / 0.14) ** 2 + 0.12 * look.sunStrength * clamp01(-u * look.sunSide / 0.14);
    return withHaze(look, scale(color, round * (0.93 + 0.14 * valueNoise(x * 0.6, y * 0.6, 5))), spec.z);
  };
}

// A cyclist seen from the side, facing +u, in metres above the ground.
const RIDER_OUTLINE: readonly (readonly [number, number])[] = [
  [0.08, 1.78], [0.16, 1.79], [0.23, 1.74], [0.25, 1.66], [0.21, 1.6], [0.17, 1.56], [0.22, 1.48],
  [0.33, 1.27], [0.4, 1.09], [0.45, 1.07], [0.44, 1.02], [0.37, 1.03], [0.28, 1.2], [0.16, 1.27],
  [0.14, 1.12], [0.26, 0.84], [0.18, 0.5], [0.21, 0.36], [0.04, 0.34], [0.1, 0.5], [0.15, 0.74],
  [-0.04, 0.88], [-0.2, 0.94], [-0.24, 1.1], [-0.1, 1.45], [0.02, 1.58], [0.04, 1.7],
];

const REAR_HUB: readonly [number, number] = [-0.52, 0.34];
const FRONT_HUB: readonly [number, number] = [0.54, 0.34];
const WHEEL_RADIUS = 0.34;
const FRAME_TUBES: readonly (readonly [readonly [number, number], readonly [number, number]])[] = [
  [REAR_HUB, [-0.16, 0.9]], [[-0.16, 0.9], [0, 0.3]], [[0, 0.3], REAR_HUB], [[0, 0.3], [0.4, 0.86]],
  [[-0.13, 0.84], [0.41, 0.9]], [[0.4, 0.86], FRONT_HUB], [[0.4, 0.86], [0.38, 1.05]], [[0.38, 1.05], [0.48, 1.04]],
  [[-0.26, 0.94], [-0.06, 0.94]],
];

export interface RiderSpec {
  readonly x: number;
  readonly z: number;
  /** Which way the bicycle points across the street. */
  readonly direction: 1 | -1;
  readonly outfit: Outfit;
  readonly frame: Rgb;
}

export function randomRiderSpec(rng: Rng, x: number, z: number): RiderSpec {
  return { x, z, direction: rng.chance(0.5) ? 1 : -1, outfit: randomOutfit(rng), frame: vary(rng, rng.pick(CLOTHES), 0.1, 8) };
}

/** A bicycle crossing the street and its rider: the rider is drawn over the bicycle. */
export function cyclist(context: SceneContext, spec: RiderSpec, background: Shader): Thing {
  const { camera } = context;
  const toImage = ([u, v]: readonly [number, number]): Point => project(camera, spec.x + spec.direction * u, v, spec.z);
  const wheelPoints = [REAR_HUB, FRONT_HUB].flatMap(([cu, cv]) =>
    Array.from({ length: 14 }, (_, i) => {
      const a = (i / 14) * Math.PI * 2;
      return [cu + Math.cos(a) * WHEEL_RADIUS, cv + Math.sin(a) * WHEEL_RADIUS] as const;
    }));
  const frameTips: (readonly [number, number])[] = [[-0.26, 0.96], [0.38, 1.07], [0.48, 1.06]];
  const bicycleOutline = convexHull([...wheelPoints, ...frameTips].map(toImage));
  context.shadows.push({ x0: spec.x - 0.7, x1: spec.x + 0.7, z0: spec.z - 0.04, z1: spec.z + 0.04, reach: 0.3 });
  const bicycle: SceneObject = { label: 'bicycle', polygon: bicycleOutline, shade: bicycleShader(context, spec, background) };
  const rider: SceneObject = { label: 'rider', polygon: RIDER_OUTLINE.map(toImage), shade: riderShader(context, spec) };
  return { depth: spec.z, objects: [bicycle, rider] };
}

function localPoint({ camera }: SceneContext, spec: RiderSpec, x: number, y: number): [number, number] {
  const worldX = ((x - camera.vanishX) * spec.z) / camera.focal;
  const v = camera.mountHeight - ((y - camera.horizonY) * spec.z) / camera.focal;
  return [(worldX - spec.x) * spec.direction, v];
}

function bicycleShader(context: SceneContext, spec: RiderSpec, background: Shader): Shader {
  const { look, camera } = context;
  const pixel = spec.z / camera.focal;
  const tube = Math.max(0.022, pixel * 0.6);
  return (x, y) => {
    const [u, v] = localPoint(context, spec, x, y);
    for (const [hu, hv] of [REAR_HUB, FRONT_HUB]) {
      const r = Math.hypot(u - hu, v - hv);
      if (r > WHEEL_RADIUS - Math.max(0.045, pixel) && r <= WHEEL_RADIUS + pixel) return withHaze(look, [28, 28, 30], spec.z);
      if (r > WHEEL_RADIUS - Math.max(0.07, pixel * 1.6) && r <= WHEEL_RADIUS) return withHaze(look, [150, 152, 156], spec.z);
      if (r < Math.max(0.04, pixel)) return withHaze(look, [120, 120, 124], spec.z);
    }
    if (FRAME_TUBES.some(([a, b]) => distanceToSegment(u, v, a, b) < tube)) return withHaze(look, spec.frame, spec.z);
    // Between spokes and tubes the ground behind shows through.
    return scale(background(x, y), 0.9);
  };
}

function riderShader(context: SceneContext, spec: RiderSpec): Shader {
  const { look } = context;
  const { outfit } = spec;
  return (x, y) => {
    const [u, v] = localPoint(context, spec, x, y);
    let color: Rgb;
    if (v > 1.56) {
      if (outfit.hasHelmet && v > 1.68) color = outfit.helmet;
      else color = u > 0.12 ? outfit.skin : outfit.hair;
    } else if (u > 0.36 && v < 1.12) {
      color = outfit.skin;
    } else if (v > 0.97) {
      color = scale(outfit.top, u > 0.24 ? 0.85 : 1);
    } else if (v > 0.42) {
      color = outfit.bottom;
    } else {
      color = outfit.shoes;
    }
    const shade = 0.9 + 0.12 * valueNoise(x * 0.6, y * 0.6, 8);
    return withHaze(look, mix(scale(color, shade), color, 0.5), spec.z);
  };
}
