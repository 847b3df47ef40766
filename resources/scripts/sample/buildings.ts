import { alongStreetPlaneAt, facingPlaneAt, pixelFootprint, project, type Camera } from './camera';
import { mix, scale, vary, type Rgb } from './color';
import type { Point } from './geometry';
import { wallLight, withHaze, type Side } from './look';
import { bandCoverage, clamp01, distanceToGrid, fbm, hash2, smoothstep, valueNoise } from './noise';
import type { Rng } from './rng';
import type { SceneContext, SceneObject, Shader } from './scene';

type Material = 'brick' | 'plaster' | 'concrete';

export interface FacadeStyle {
  readonly material: Material;
  readonly wall: Rgb;
  readonly mortar: Rgb;
  readonly trim: Rgb;
  readonly glass: Rgb;
  readonly floorHeight: number;
  readonly windowPitch: number;
  /** Window size as fractions of the pitch and of the floor height. */
  readonly windowWidth: number;
  readonly windowHeight: number;
  readonly sill: number;
  readonly hasShopFront: boolean;
  readonly hasWindows: boolean;
  readonly seed: number;
}

/** A wall as a rectangle of a vertical plane: u runs along the wall, v is the height above ground. */
export interface Wall {
  readonly plane: { readonly kind: 'along'; readonly x: number; readonly facing: Side } | { readonly kind: 'facing'; readonly z: number };
  readonly u0: number;
  readonly u1: number;
  readonly height: number;
  readonly style: FacadeStyle;
}

const PLASTERS: readonly Rgb[] = [[206, 196, 176], [188, 182, 170], [214, 204, 188], [176, 160, 134], [196, 178, 150], [168, 170, 172], [200, 186, 168]];
const BRICKS: readonly Rgb[] = [[150, 84, 64], [134, 92, 74], [168, 112, 86], [120, 78, 64]];
const CONCRETES: readonly Rgb[] = [[150, 150, 148], [132, 134, 136], [166, 160, 150]];
const GLASSES: readonly Rgb[] = [[52, 62, 72], [40, 48, 56], [62, 72, 78], [48, 58, 60]];

export function randomFacadeStyle(rng: Rng): FacadeStyle {
  const material = rng.pick<Material>(['plaster', 'plaster', 'brick', 'concrete']);
  const palette = material === 'brick' ? BRICKS : material === 'concrete' ? CONCRETES : PLASTERS;
  const wall = vary(rng, rng.pick(palette), 0.1, 8);
  return {
    material,
    wall,
    mortar: vary(rng, [176, 172, 164], 0.06, 4),
    trim: rng.chance(0.6) ? vary(rng, [226, 224, 218], 0.04, 3) : scale(wall, 0.75),
    glass: vary(rng, rng.pick(GLASSES), 0.12, 4),
    floorHeight: rng.range(2.9, 3.6),
    windowPitch: rng.range(2.2, 3.6),
    windowWidth: rng.range(0.38, 0.62),
    windowHeight: rng.range(0.45, 0.62),
    sill: rng.range(0.22, 0.3),
    hasShopFront: rng.chance(0.45),
    hasWindows: true,
    seed: rng.seed(),
  };
}

/** The firewall a block shows where its neighbour is lower or missing: few or no windows. */
export function sideWallStyle(rng: Rng, facade: FacadeStyle): FacadeStyle {
  return { ...facade, material: facade.material === 'brick' ? 'brick' : 'plaster', hasShopFront: false, hasWindows: rng.chance(0.35), windowPitch: facade.windowPitch * 1.6, seed: rng.seed() };
}

export function wallPolygon(camera: Camera, wall: Wall): Point[] {
  const corners: [number, number][] = [[wall.u0, 0], [wall.u1, 0], [wall.u1, wall.height], [wall.u0, wall.height]];
  return corners.map(([u, v]) => (wall.plane.kind === 'along' ? project(camera, wall.plane.x, v, u) : project(camera, u, v, wall.plane.z)));
}

export function wallObject(context: SceneContext, wall: Wall): SceneObject {
  return { label: 'building', polygon: wallPolygon(context.camera, wall), shade: wallShader(context, wall) };
}

function wallShader({ camera, look }: SceneContext, wall: Wall): Shader {
  const { style } = wall;
  const light = wallLight(look, wall.plane.kind === 'along' ? wall.plane.facing : 'camera');
  const average = mix(style.wall, style.glass, style.hasWindows ? style.windowWidth * style.windowHeight * 0.8 : 0);
  return (px, py) => {
    const point = wallPointAt(camera, wall, px, py);
    if (!point) return scale(average, light);
    const { u, v, depth } = point;
    const footprint = pixelFootprint(camera, depth);
    let color = windowColor(wall, u, v, footprint) ?? wallTexture(style, u, v, footprint);
    // Fine detail that a pixel cannot resolve any more turns into its average colour.
    color = mix(color, average, smoothstep(style.windowPitch * 0.12, style.windowPitch * 0.35, footprint));
    if (wall.height - v < 0.4) color = scale(style.trim, 0.9 + 0.1 * fbm(u, v * 4, style.seed + 5, 2));
    const grime = 1 - 0.12 * clamp01(1 - v / 1.2) - 0.07 * (fbm(u * 0.4, v * 0.15, style.seed + 9, 3) - 0.3);
    color = scale(color, light * grime * (1 - 0.1 * smoothstep(8, 30, v)));
    return withHaze(look, color, depth);
  };
}

function wallPointAt(camera: Camera, wall: Wall, px: number, py: number): { u: number; v: number; depth: number } | null {
  if (wall.plane.kind === 'along') {
    const p = alongStreetPlaneAt(camera, wall.plane.x, px, py);
    return p ? { u: p.z, v: p.y, depth: p.z } : null;
  }
  const p = facingPlaneAt(camera, wall.plane.z, px, py);
  return { u: p.x, v: p.y, depth: wall.plane.z };
}

function wallTexture(style: FacadeStyle, u: number, v: number, footprint: number): Rgb {
  const stain = 1 + (fbm(u * 0.25, v * 0.25, style.seed, 4) - 0.5) * 0.22;
  if (style.material === 'brick') {
    const course = Math.floor(v / 0.075);
    const shifted = u + (course % 2) * 0.12;
    const tone = 0.86 + 0.24 * hash2(Math.floor(shifted / 0.24), course, style.seed);
    const mortar = Math.max(bandCoverage(distanceToGrid(v, 0.075), 0.007, footprint), bandCoverage(distanceToGrid(shifted, 0.24), 0.007, footprint));
    return scale(mix(scale(style.wall, tone), style.mortar, mortar * 0.8), stain);
  }
  if (style.material === 'concrete') {
    const seam = Math.max(bandCoverage(distanceToGrid(u, 3), 0.015, footprint), bandCoverage(distanceToGrid(v, style.floorHeight), 0.015, footprint));
    return scale(style.wall, stain * (1 - 0.25 * seam) * (0.96 + 0.08 * valueNoise(u * 8, v * 8, style.seed + 1)));
  }
  const rough = 0.95 + 0.1 * valueNoise(u * 12, v * 12, style.seed + 2);
  return scale(style.wall, stain * rough);
}

/** The colour of a window (glass, frame, shop front or door) at this wall point, or null on bare wall. */
function windowColor(wall: Wall, u: number, v: number, footprint: number): Rgb | null {
  const { style } = wall;
  if (!style.hasWindows || v > wall.height - 0.9) return null;
  const span = Math.abs(wall.u1 - wall.u0);
  const columns = Math.floor(span / style.windowPitch);
  if (columns < 1) return null;
  const start = Math.min(wall.u0, wall.u1) + (span - columns * style.windowPitch) / 2;
  const column = Math.floor((u - start) / style.windowPitch);
  if (column < 0 || column >= columns) return null;
  const across = u - start - (column + 0.5) * style.windowPitch;
  const floor = Math.floor(v / style.floorHeight);
  const up = v - floor * style.floorHeight;
  const frame = Math.max(0.06, footprint * 0.6);

  let halfWidth: number, bottom: number, top: number;
  if (floor === 0 && style.hasShopFront) {
    const isDoor = column === Math.floor(columns / 2);
    halfWidth = isDoor ? 0.55 : style.windowPitch * 0.42;
    bottom = isDoor ? 0 : 0.45;
    top = Math.min(style.floorHeight - 0.5, 2.6);
  } else {
    halfWidth = (style.windowPitch * style.windowWidth) / 2;
    bottom = style.sill * style.floorHeight;
    top = bottom + style.windowHeight * style.floorHeight;
  }
  if (Math.abs(across) > halfWidth + frame || up < bottom - frame || up > top + frame) return null;
  const isFrame = Math.abs(across) > halfWidth || up < bottom || up > top;
  if (isFrame) return style.trim;
  // Each pane reflects a slightly different patch of sky; some show lit rooms or curtains.
  const pane = hash2(column, floor, style.seed + 3);
  const reflection = clamp01((up - bottom) / (top - bottom)) * 0.35 + pane * 0.25;
  let glass = mix(style.glass, [170, 184, 198], reflection * 0.6);
  if (pane > 0.9) glass = mix(glass, [214, 190, 140], 0.45);
  if (pane < 0.12) glass = mix(glass, [196, 186, 170], 0.55);
  if (Math.abs(across) < frame * 0.5 && floor > 0) glass = style.trim;
  return glass;
}
