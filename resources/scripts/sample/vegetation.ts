import { project } from './camera';
import { mix, scale, vary, type Rgb } from './color';
import type { Point } from './geometry';
import { withHaze } from './look';
import { clamp01, fbm, valueNoise } from './noise';
import type { SceneContext, SceneObject, Shader, Thing } from './scene';

const LEAF_GREENS: readonly Rgb[] = [[76, 104, 44], [62, 92, 40], [92, 112, 50], [70, 96, 58], [98, 108, 44]];
const BARK: Rgb = [84, 72, 60];

export interface TreeSpec {
  readonly x: number;
  readonly z: number;
  readonly trunkHeight: number;
  readonly crownRadius: number;
}

/** A street tree as one vegetation polygon: crown outline with the trunk hanging below it. */
export function tree(context: SceneContext, spec: TreeSpec): Thing {
  const { camera, rng } = context;
  const seed = rng.seed();
  const crownHeight = spec.trunkHeight + spec.crownRadius * 0.8;
  const [cx, cy] = project(camera, spec.x, crownHeight, spec.z);
  const rx = (camera.focal * spec.crownRadius) / spec.z;
  const ry = rx * rng.range(0.85, 1.05);
  const trunkHalf = Math.max(0.7, (camera.focal * 0.14) / spec.z);
  const [, baseY] = project(camera, spec.x, 0, spec.z);
  const lobes = rng.int(18, 26);
  const radiusAt = (i: number) => 0.84 + 0.26 * valueNoise(i * 0.9, 3.7, seed);
  // Start and end the crown outline where it meets the trunk, so trunk and crown form one simple outline.
  const gap = Math.asin(Math.min(0.9, (trunkHalf * 1.6) / rx));
  const crown: Point[] = [];
  for (let i = 0; i <= lobes; i++) {
    const angle = Math.PI / 2 + gap + (i / lobes) * (Math.PI * 2 - 2 * gap);
    const k = radiusAt(i % lobes);
    crown.push([cx + Math.cos(angle) * rx * k, cy + Math.sin(angle) * ry * k]);
  }
  const polygon: Point[] = [[cx - trunkHalf, baseY], ...crown, [cx + trunkHalf, baseY]];
  return { depth: spec.z, objects: [{ label: 'vegetation', polygon, shade: treeShader(context, cx, cy, rx, ry, trunkHalf, spec.z) }] };
}

function treeShader({ look, rng }: SceneContext, cx: number, cy: number, rx: number, ry: number, trunkHalf: number, depth: number): Shader {
  const seed = rng.seed();
  const leaf = vary(rng, rng.pick(LEAF_GREENS), 0.12, 6);
  const bark = vary(rng, BARK, 0.12, 5);
  const cluster = Math.max(2.2, rx * 0.16);
  const sunX = look.sunSide * -0.5;
  return (x, y) => {
    const nx = (x - cx) / rx;
    const ny = (y - cy) / ry;
    const distance = Math.hypot(nx, ny);
    if (ny > 0.7 && Math.abs(x - cx) <= trunkHalf + 0.5 && distance > 0.75) {
      const streak = 0.85 + 0.3 * valueNoise(x * 0.8, y * 0.08, seed + 1);
      const round = 1 - 0.35 * Math.abs((x - cx) / (trunkHalf + 0.5));
      return withHaze(look, scale(bark, streak * round), depth);
    }
    const clumps = fbm(x / cluster, y / cluster, seed, 4);
    const fine = valueNoise(x / 1.3, y / 1.3, seed + 2);
    const facing = clamp01(0.55 + 0.45 * (nx * sunX - ny * 0.8) * (0.5 + 0.5 * look.sunStrength));
    let color = scale(leaf, 0.55 + 0.55 * clumps + 0.5 * facing * clumps - 0.2 * distance * distance);
    // Gaps between leaf clusters show the dark inside of the crown.
    if (fine < 0.22 && clumps < 0.5) color = scale(color, 0.55);
    return withHaze(look, mix(color, [196, 206, 150], clamp01((facing - 0.8) * 1.2) * fine * 0.5), depth);
  };
}

/** A trimmed hedge along a facade. */
export function hedge(context: SceneContext, x: number, z0: number, z1: number, height: number): SceneObject {
  const { camera, rng } = context;
  const seed = rng.seed();
  const steps = Math.max(2, Math.ceil((z1 - z0) / 2));
  const top: Point[] = [];
  for (let i = 0; i <= steps; i++) {
    const z = z0 + ((z1 - z0) * i) / steps;
    top.push(project(camera, x, height * (0.92 + 0.16 * valueNoise(i * 1.3, 0, seed)), z));
  }
  const polygon: Point[] = [project(camera, x, 0, z0), project(camera, x, 0, z1), ...top.reverse()];
  const leaf = vary(rng, rng.pick(LEAF_GREENS), 0.1, 5);
  return { label: 'vegetation', polygon, shade: foliageShader(context, leaf, seed, 2, (z0 + z1) / 2) };
}

/** The trees of a park closing the end of the street: one wavy band of vegetation. */
export function treeline(context: SceneContext, z: number): SceneObject {
  const { camera, rng } = context;
  const seed = rng.seed();
  const halfWidth = (camera.width * z) / camera.focal;
  const steps = 28;
  const top: Point[] = [];
  for (let i = 0; i <= steps; i++) {
    const x = -halfWidth * 1.2 + (2.4 * halfWidth * i) / steps;
    top.push(project(camera, x, 7 + 9 * fbm(i * 0.35, 1, seed, 3), z));
  }
  const polygon: Point[] = [project(camera, -halfWidth * 1.2, 0, z), project(camera, halfWidth * 1.2, 0, z), ...top.reverse()];
  const leaf = vary(rng, rng.pick(LEAF_GREENS), 0.1, 5);
  return { label: 'vegetation', polygon, shade: foliageShader(context, leaf, seed, 3, z) };
}

function foliageShader({ look }: SceneContext, leaf: Rgb, seed: number, cluster: number, depth: number): Shader {
  return (x, y) => {
    const clumps = fbm(x / cluster, y / cluster, seed, 4);
    const fine = valueNoise(x / 1.2, y / 1.2, seed + 1);
    let color = scale(leaf, 0.6 + 0.7 * clumps);
    if (fine < 0.2) color = scale(color, 0.6);
    return withHaze(look, color, depth);
  };
}
