import type { Point } from './geometry';

/**
 * A pinhole camera looking straight down a flat street: world x to the right, y up from the ground,
 * z forward (metres). One-point perspective, so every line along the street meets at the vanishing point.
 */
export interface Camera {
  readonly width: number;
  readonly height: number;
  readonly focal: number;
  readonly mountHeight: number;
  readonly horizonY: number;
  readonly vanishX: number;
}

export function project(camera: Camera, x: number, y: number, z: number): Point {
  return [camera.vanishX + (camera.focal * x) / z, camera.horizonY + (camera.focal * (camera.mountHeight - y)) / z];
}

/** Metres one pixel spans on a surface at this distance. */
export function pixelFootprint(camera: Camera, depth: number): number {
  return depth / camera.focal;
}

/** The ground point seen at a pixel, or null above the horizon. */
export function groundAt(camera: Camera, px: number, py: number): { x: number; z: number } | null {
  const dy = py - camera.horizonY;
  if (dy <= 0.05) return null;
  const z = (camera.focal * camera.mountHeight) / dy;
  return { x: ((px - camera.vanishX) * z) / camera.focal, z };
}

/** The point of the vertical plane x = planeX (a facade along the street) seen at a pixel. */
export function alongStreetPlaneAt(camera: Camera, planeX: number, px: number, py: number): { z: number; y: number } | null {
  const dx = px - camera.vanishX;
  if (dx === 0 || Math.sign(dx) !== Math.sign(planeX)) return null;
  const z = (camera.focal * planeX) / dx;
  return { z, y: camera.mountHeight - ((py - camera.horizonY) * z) / camera.focal };
}

/** The point of the vertical plane z = planeZ (a wall facing the camera) seen at a pixel. */
export function facingPlaneAt(camera: Camera, planeZ: number, px: number, py: number): { x: number; y: number } {
  return {
    x: ((px - camera.vanishX) * planeZ) / camera.focal,
    y: camera.mountHeight - ((py - camera.horizonY) * planeZ) / camera.focal,
  };
}
