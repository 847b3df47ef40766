import { groundAt, pixelFootprint, project, type Camera } from './camera';
import { mix, offset, scale, vary, type Rgb } from './color';
import type { Point } from './geometry';
import { withHaze } from './look';
import { bandCoverage, clamp01, distanceToGrid, fbm, hash2, smoothstep, valueNoise } from './noise';
import { contactShadow, type SceneContext, type SceneObject, type Shader } from './scene';
import { NEAR_Z, type StreetSide } from './street';

const ASPHALTS: readonly Rgb[] = [[78, 78, 82], [92, 90, 90], [66, 68, 74], [100, 98, 96]];
const PAVINGS: readonly Rgb[] = [[150, 146, 140], [164, 160, 152], [150, 122, 112], [132, 132, 136], [172, 160, 138]];
const GRASSES: readonly Rgb[] = [[88, 124, 52], [104, 130, 62], [122, 132, 72], [80, 112, 58]];

/** A rectangle of the ground plane, projected. */
export function groundQuad(camera: Camera, x0: number, x1: number, z0: number, z1: number): Point[] {
  return [project(camera, x0, 0, z0), project(camera, x1, 0, z0), project(camera, x1, 0, z1), project(camera, x0, 0, z1)];
}

/** Covers the frame down to just below the horizon; everything else is drawn over it. */
export function sky(context: SceneContext): SceneObject {
  const { camera } = context;
  const bottom = camera.horizonY + 4;
  return {
    label: 'sky',
    polygon: [[0, 0], [camera.width - 1, 0], [camera.width - 1, bottom], [0, bottom]],
    shade: skyShader(context),
  };
}

/** Covers the frame from just above the horizon down; sidewalks and buildings are drawn over it. */
export function road(context: SceneContext): SceneObject {
  const { camera } = context;
  const top = camera.horizonY - 2;
  return {
    label: 'road',
    polygon: [[0, top], [camera.width - 1, top], [camera.width - 1, camera.height - 1], [0, camera.height - 1]],
    shade: roadShader(context),
  };
}

export function sidewalk(context: SceneContext, side: StreetSide): SceneObject {
  const from = side.curbX + side.side * side.vergeWidth;
  const [x0, x1] = ordered(from, side.buildingX);
  return { label: 'sidewalk', polygon: groundQuad(context.camera, x0, x1, NEAR_Z, context.layout.endZ), shade: sidewalkShader(context, side) };
}

export function verge(context: SceneContext, side: StreetSide): SceneObject {
  const [x0, x1] = ordered(side.curbX, side.curbX + side.side * side.vergeWidth);
  return { label: 'terrain', polygon: groundQuad(context.camera, x0, x1, NEAR_Z, context.layout.endZ), shade: grassShader(context) };
}

/** Open ground between two buildings, reaching far behind the facades. */
export function lawn(context: SceneContext, side: StreetSide, z0: number, z1: number): SceneObject {
  const [x0, x1] = ordered(side.buildingX, side.buildingX + side.side * 200);
  return { label: 'terrain', polygon: groundQuad(context.camera, x0, x1, z0, z1), shade: grassShader(context) };
}

function ordered(a: number, b: number): [number, number] {
  return a < b ? [a, b] : [b, a];
}

function skyShader({ camera, look, rng }: SceneContext): Shader {
  const seed = rng.seed();
  const stretch = rng.range(2.2, 4);
  const lit: Rgb = [238, 240, 244];
  const shadowed: Rgb = mix([150, 156, 168], look.skyZenith, 0.2);
  return (x, y) => {
    const t = clamp01(y / (camera.horizonY + 4));
    let color = mix(look.skyZenith, look.skyHorizon, Math.pow(t, 0.6));
    const density = fbm(x / 70, (y * stretch) / 70, seed, 5);
    const cover = smoothstep(1 - look.cloudiness * 0.75, 1.05 - look.cloudiness * 0.6, density);
    if (cover > 0) {
      const relief = fbm(x / 30 + 5, (y * stretch) / 30, seed + 1, 3);
      color = mix(color, mix(shadowed, lit, relief), cover * 0.92);
    }
    return color;
  };
}

function roadShader(context: SceneContext): Shader {
  const { camera, look, layout, rng } = context;
  const seed = rng.seed();
  const asphalt = vary(rng, rng.pick(ASPHALTS), 0.1, 1.5);
  const paint = vary(rng, [214, 214, 206], 0.05, 3);
  const repairs = Array.from({ length: rng.int(0, 3) }, () => {
    const x = rng.range(layout.left.curbX, layout.right.curbX - 2);
    const z = rng.range(4, 40);
    return { x0: x, x1: x + rng.range(1, 3), z0: z, z1: z + rng.range(1.5, 6), tone: rng.range(0.78, 0.92) };
  });
  return (px, py) => {
    const ground = groundAt(camera, px, py);
    if (!ground) return withHaze(look, asphalt, 2000);
    const { x, z } = ground;
    const across = pixelFootprint(camera, z);
    const along = (z * z) / (camera.focal * camera.mountHeight);
    const detail = clamp01(0.05 / across);
    let k = 1 + (fbm(x * 0.35, z * 0.12, seed, 3) - 0.5) * 0.28 + (valueNoise(x * 14, z * 14, seed + 7) - 0.5) * 0.3 * detail;
    for (const r of repairs) if (x > r.x0 && x < r.x1 && z > r.z0 && z < r.z1) k *= r.tone;
    // Tyre tracks: the middle of each lane is slightly polished.
    for (const lane of layout.lanes) k *= 1 - 0.05 * bandCoverage(Math.abs(x - lane.x) - 0.85, 0.35, across);
    let color = scale(asphalt, k);
    const painted = markingCoverage(context, x, z, across, along);
    if (painted > 0) color = mix(color, paint, painted * (0.55 + 0.45 * fbm(x * 4, z * 2, seed + 3, 3)));
    color = scale(color, contactShadow(context.shadows, x, z) * (0.92 + 0.12 * look.sunStrength));
    return withHaze(look, color, z);
  };
}

function markingCoverage({ layout }: SceneContext, x: number, z: number, across: number, along: number): number {
  let coverage = 0;
  for (const marking of layout.markings) {
    let c = bandCoverage(x - marking.x, marking.halfWidth, across);
    if (c > 0 && marking.dash) {
      const { period, length, offset: start } = marking.dash;
      c *= bandCoverage(distanceToGrid(z - start - length / 2, period), length / 2, along);
    }
    coverage = Math.max(coverage, c);
  }
  const crosswalk = layout.crosswalk;
  if (crosswalk && x > layout.left.curbX && x < layout.right.curbX) {
    const depth = bandCoverage(z - (crosswalk.z0 + crosswalk.z1) / 2, (crosswalk.z1 - crosswalk.z0) / 2, along);
    coverage = Math.max(coverage, depth * bandCoverage(distanceToGrid(x, 1), 0.25, across));
  }
  return coverage;
}

function sidewalkShader(context: SceneContext, side: StreetSide): Shader {
  const { camera, look, rng } = context;
  const seed = rng.seed();
  const stone = vary(rng, rng.pick(PAVINGS), 0.08, 5);
  const curbStone = vary(rng, [170, 170, 168], 0.06, 3);
  const tileX = rng.range(0.25, 0.5);
  const tileZ = tileX * rng.pick([1, 1, 2]);
  const kerbEdge = side.curbX + side.side * side.vergeWidth;
  return (px, py) => {
    const ground = groundAt(camera, px, py);
    if (!ground) return stone;
    const { x, z } = ground;
    const across = pixelFootprint(camera, z);
    const along = (z * z) / (camera.focal * camera.mountHeight);
    const row = Math.floor(z / tileZ);
    const shiftedX = x + (row % 2) * tileX * 0.5;
    const tile = hash2(Math.floor(shiftedX / tileX), row, seed);
    const isCurb = Math.abs(x - kerbEdge) < 0.18;
    let color = isCurb ? curbStone : scale(stone, 0.93 + 0.12 * tile);
    color = scale(color, 1 + (fbm(x * 0.6, z * 0.3, seed + 1, 3) - 0.5) * 0.22 + (valueNoise(x * 25, z * 25, seed + 2) - 0.5) * 0.18 * clamp01(0.03 / across));
    if (!isCurb) {
      const joint = Math.max(bandCoverage(distanceToGrid(shiftedX, tileX), 0.012, across), bandCoverage(distanceToGrid(z, tileZ), 0.012, along));
      color = scale(color, 1 - 0.35 * joint);
    } else {
      color = scale(color, 1 - 0.25 * bandCoverage(x - kerbEdge, 0.03, across));
    }
    color = scale(color, contactShadow(context.shadows, x, z) * (0.94 + 0.1 * look.sunStrength));
    return withHaze(look, color, z);
  };
}

function grassShader(context: SceneContext): Shader {
  const { camera, look, rng } = context;
  const seed = rng.seed();
  const grass = vary(rng, rng.pick(GRASSES), 0.1, 6);
  const dirt: Rgb = vary(rng, [118, 100, 78], 0.08, 4);
  return (px, py) => {
    const ground = groundAt(camera, px, py);
    if (!ground) return grass;
    const { x, z } = ground;
    const across = pixelFootprint(camera, z);
    const bare = smoothstep(0.36, 0.26, fbm(x * 0.4, z * 0.4, seed, 4));
    const blades = (valueNoise(x * 30, z * 6, seed + 1) - 0.5) * clamp01(0.04 / across);
    let color = mix(grass, dirt, bare * 0.8);
    color = offset(scale(color, 1 + (fbm(x * 1.5, z * 1.5, seed + 2, 3) - 0.5) * 0.35), blades * 40);
    color = scale(color, contactShadow(context.shadows, x, z) * (0.93 + 0.12 * look.sunStrength));
    return withHaze(look, color, z);
  };
}
