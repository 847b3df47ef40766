import type { Camera } from './camera';
import type { Rgb } from './color';
import type { Polygon } from './geometry';
import type { Look } from './look';
import type { Rng } from './rng';
import type { StreetLayout } from './street';

/** The colour of a pixel of one object, before exposure, blur and sensor grain. */
export type Shader = (x: number, y: number) => Rgb;

export interface SceneObject {
  /** A Cityscapes label name, written as is into the polygon file. */
  readonly label: string;
  /** Image coordinates, not yet clipped to the frame. */
  readonly polygon: Polygon;
  readonly shade: Shader;
}

/** Objects that belong together (a pole and its sign, a bicycle and its rider), drawn in their own order. */
export interface Thing {
  /** Distance from the camera: things are drawn far to near so nearer ones paint over. */
  readonly depth: number;
  readonly objects: readonly SceneObject[];
}

/** A rectangle on the ground plane, in world metres. */
export interface Footprint {
  readonly x0: number;
  readonly x1: number;
  readonly z0: number;
  readonly z1: number;
}

/** Ground darkened under a thing, fading out over `reach` metres around its footprint. */
export interface ContactShadow extends Footprint {
  readonly reach: number;
}

export interface SceneContext {
  readonly camera: Camera;
  readonly look: Look;
  readonly layout: StreetLayout;
  /** Contact shadows on the ground; filled while things are placed, read when pixels are shaded. */
  readonly shadows: ContactShadow[];
  /** Ground taken by things so far, so that none stand inside another. */
  readonly occupied: Footprint[];
  readonly rng: Rng;
}

export interface Scene {
  readonly camera: Camera;
  readonly look: Look;
  /** In file order: later objects paint over earlier ones. */
  readonly objects: readonly SceneObject[];
}

export function overlaps(a: Footprint, b: Footprint): boolean {
  return a.x0 < b.x1 && b.x0 < a.x1 && a.z0 < b.z1 && b.z0 < a.z1;
}

/** Claims a piece of ground when nothing stands there yet. */
export function tryOccupy(context: SceneContext, footprint: Footprint): boolean {
  if (context.occupied.some((other) => overlaps(other, footprint))) return false;
  context.occupied.push(footprint);
  return true;
}

/** Darkening of the ground under and right around the footprints (ambient occlusion, not a sun shadow). */
export function contactShadow(shadows: readonly ContactShadow[], x: number, z: number): number {
  let factor = 1;
  for (const s of shadows) {
    const dx = Math.max(s.x0 - x, 0, x - s.x1);
    const dz = Math.max(s.z0 - z, 0, z - s.z1);
    const distance = Math.hypot(dx, dz);
    if (distance < s.reach) factor = Math.min(factor, 0.38 + 0.62 * (distance / s.reach));
  }
  return factor;
}
