import type { Side } from './look';
import type { Rng } from './rng';

export interface LaneMarking {
  readonly x: number;
  readonly halfWidth: number;
  /** Dashes repeat every `period` metres and are `length` long; null for a solid line. */
  readonly dash: { readonly period: number; readonly length: number; readonly offset: number } | null;
}

export interface StreetSide {
  readonly side: Side;
  /** Where the road ends and the kerb begins. */
  readonly curbX: number;
  /** A grass strip between kerb and sidewalk; 0 when there is none. */
  readonly vergeWidth: number;
  readonly sidewalkWidth: number;
  /** The plane of the facades. */
  readonly buildingX: number;
  /** Width of the parking strip inside the road along this kerb; 0 when there is none. */
  readonly parkingWidth: number;
}

/** The plan of the street in world metres; the camera stands at x = 0 in a lane on the right. */
export interface StreetLayout {
  readonly laneWidth: number;
  readonly centerLineX: number;
  /** Lane centres with their driving direction: +1 away from the camera, -1 towards it. */
  readonly lanes: readonly { readonly x: number; readonly direction: 1 | -1 }[];
  readonly left: StreetSide;
  readonly right: StreetSide;
  readonly markings: readonly LaneMarking[];
  readonly crosswalk: { readonly z0: number; readonly z1: number } | null;
  /** Distance of the cross street's facades that close the view. */
  readonly endZ: number;
}

export const NEAR_Z = 1;

export function streetSide(layout: StreetLayout, side: Side): StreetSide {
  return side === -1 ? layout.left : layout.right;
}

/** Lateral position `distance` metres from `x` towards the buildings of `side`. */
export function outward(side: Side, x: number, distance: number): number {
  return x + side * distance;
}

export function planStreet(rng: Rng): StreetLayout {
  const laneWidth = rng.range(3, 3.5);
  const lanesRight = rng.int(1, 2);
  const lanesLeft = rng.int(1, 2);
  const cameraLane = rng.int(0, lanesRight - 1);
  const centerLineX = -(cameraLane + 0.5) * laneWidth;
  const lanes = [
    ...Array.from({ length: lanesRight }, (_, i) => ({ x: centerLineX + (i + 0.5) * laneWidth, direction: 1 as const })),
    ...Array.from({ length: lanesLeft }, (_, i) => ({ x: centerLineX - (i + 0.5) * laneWidth, direction: -1 as const })),
  ];
  const right = planSide(rng, 1, centerLineX + lanesRight * laneWidth);
  const left = planSide(rng, -1, centerLineX - lanesLeft * laneWidth);
  const dashed = { period: rng.range(8, 12), length: rng.range(2.5, 4), offset: rng.range(0, 10) };
  const markings: LaneMarking[] = [
    { x: centerLineX, halfWidth: 0.07, dash: rng.chance(0.5) ? dashed : null },
    ...Array.from({ length: lanesRight - 1 }, (_, i) => ({ x: centerLineX + (i + 1) * laneWidth, halfWidth: 0.06, dash: dashed })),
    ...Array.from({ length: lanesLeft - 1 }, (_, i) => ({ x: centerLineX - (i + 1) * laneWidth, halfWidth: 0.06, dash: dashed })),
  ];
  for (const side of [left, right]) {
    if (side.parkingWidth > 0) markings.push({ x: side.curbX - side.side * side.parkingWidth, halfWidth: 0.05, dash: null });
  }
  const endZ = rng.range(60, 140);
  const crosswalkZ = rng.range(9, 26);
  return {
    laneWidth,
    centerLineX,
    lanes,
    left,
    right,
    markings,
    crosswalk: rng.chance(0.35) ? { z0: crosswalkZ, z1: crosswalkZ + rng.range(2.5, 4) } : null,
    endZ,
  };
}

function planSide(rng: Rng, side: Side, laneEdgeX: number): StreetSide {
  const parkingWidth = rng.chance(0.6) ? rng.range(2.1, 2.5) : 0;
  const curbX = outward(side, laneEdgeX, parkingWidth);
  const vergeWidth = rng.chance(0.4) ? rng.range(1, 2.5) : 0;
  const sidewalkWidth = rng.range(2.5, 5);
  return { side, curbX, vergeWidth, sidewalkWidth, buildingX: outward(side, curbX, vergeWidth + sidewalkWidth), parkingWidth };
}
