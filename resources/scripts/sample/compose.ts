import { randomFacadeStyle, sideWallStyle, wallObject, type FacadeStyle } from './buildings';
import type { Camera } from './camera';
import { egoVehicle } from './ego';
import { signPost, streetLamp, trafficLightPost } from './furniture';
import { createLook, type Side } from './look';
import { cyclist, person, personGroup, randomPersonSpec, randomRiderSpec } from './people';
import type { Rng } from './rng';
import { tryOccupy, type Scene, type SceneContext, type SceneObject, type Shader, type Thing } from './scene';
import { NEAR_Z, outward, planStreet, streetSide, type StreetSide } from './street';
import { lawn, road, sidewalk, sky, verge } from './surfaces';
import { car, carGroup, carLength, carWidth, randomCarSpec, type CarSpec } from './vehicles';
import { hedge, tree, treeline } from './vegetation';

const SIDES: readonly Side[] = [-1, 1];

/** Shaders of the ground that see-through things (bicycle wheels, gaps in a group) show. */
interface Grounds {
  readonly road: Shader;
  readonly sidewalk: Record<Side, Shader>;
}

interface Gap {
  readonly side: StreetSide;
  readonly z0: number;
  readonly z1: number;
}

/** A procedural street scene: stuff (sky, ground, buildings) first, then things far to near, then the bonnet. */
export function composeScene(rng: Rng, width: number, height: number): Scene {
  const camera: Camera = {
    width,
    height,
    focal: rng.range(270, 320),
    mountHeight: rng.range(1.35, 1.65),
    horizonY: rng.range(96, 124),
    vanishX: width / 2 + rng.range(-40, 40),
  };
  const context: SceneContext = {
    camera,
    look: createLook(rng.fork('look')),
    layout: planStreet(rng.fork('street')),
    shadows: [],
    occupied: [],
    rng: rng.fork('shading'),
  };
  const { objects: stuff, grounds, gaps } = composeStuff(context, rng.fork('stuff'));
  const things = composeThings(context, rng.fork('things'), grounds, gaps);
  // Stable sort: a thing's own objects keep their order, equal depths keep placement order.
  const farToNear = [...things].sort((a, b) => b.depth - a.depth);
  return { camera, look: context.look, objects: [...stuff, ...farToNear.flatMap((t) => t.objects), egoVehicle(context)] };
}

function composeStuff(context: SceneContext, rng: Rng): { objects: SceneObject[]; grounds: Grounds; gaps: Gap[] } {
  const roadObject = road(context);
  const objects: SceneObject[] = [sky(context), roadObject, ...streetEnd(context, rng.fork('end'))];
  const sidewalkShaders = {} as Record<Side, Shader>;
  const gaps: Gap[] = [];
  for (const sideKey of SIDES) {
    const side = streetSide(context.layout, sideKey);
    if (side.vergeWidth > 0) objects.push(verge(context, side));
    const walk = sidewalk(context, side);
    sidewalkShaders[sideKey] = walk.shade;
    objects.push(walk);
    const row = buildingRow(context, side, rng.fork(`buildings${sideKey}`));
    objects.push(...row.objects);
    gaps.push(...row.gaps);
  }
  return { objects, grounds: { road: roadObject.shade, sidewalk: sidewalkShaders }, gaps };
}

/** What closes the view: the facades of a cross street, or the trees of a park. */
function streetEnd(context: SceneContext, rng: Rng): SceneObject[] {
  const { camera, layout } = context;
  if (rng.chance(0.25)) return [treeline(context, layout.endZ)];
  const reach = (camera.width * layout.endZ) / camera.focal + 30;
  const walls: SceneObject[] = [];
  for (let x = -reach; x < reach; ) {
    const width = rng.range(8, 22);
    const style = randomFacadeStyle(rng);
    walls.push(wallObject(context, { plane: { kind: 'facing', z: layout.endZ }, u0: x, u1: x + width, height: rng.range(8, 26), style }));
    x += width;
  }
  return walls;
}

/** The blocks along one side, far to near; now and then a lawn between two of them. */
function buildingRow(context: SceneContext, side: StreetSide, rng: Rng): { objects: SceneObject[]; gaps: Gap[] } {
  const { layout } = context;
  const segments: { z0: number; z1: number; isGap: boolean }[] = [];
  for (let z = NEAR_Z; z < layout.endZ; ) {
    const isGap = z > 12 && rng.chance(0.14) && !segments.at(-1)?.isGap;
    const length = isGap ? rng.range(6, 16) : rng.range(8, 24);
    segments.push({ z0: z, z1: Math.min(z + length, layout.endZ), isGap });
    z += length;
  }
  const objects: SceneObject[] = [];
  const gaps: Gap[] = [];
  for (const segment of segments.reverse()) {
    if (segment.isGap) {
      objects.push(lawn(context, side, segment.z0, segment.z1));
      gaps.push({ side, z0: segment.z0, z1: segment.z1 });
      continue;
    }
    const style = randomFacadeStyle(rng);
    const height = rng.range(7, 26);
    if (segment.z0 > NEAR_Z) objects.push(endWall(context, side, segment.z0, height, sideWallStyle(rng, style)));
    objects.push(wallObject(context, { plane: { kind: 'along', x: side.buildingX, facing: (-side.side) as Side }, u0: segment.z0, u1: segment.z1, height, style }));
    if (rng.chance(0.18)) {
      const z0 = rng.range(segment.z0, segment.z1 - 3);
      objects.push(hedge(context, outward(side.side, side.buildingX, -0.6), z0, Math.min(segment.z1, z0 + rng.range(3, 9)), rng.range(0.9, 1.4)));
    }
  }
  return { objects, gaps };
}

/**
 * A block's end wall, facing the camera: it shows above lower neighbours and across lawns, and
 * reaches far back so that nothing behind it is left bare.
 */
function endWall(context: SceneContext, side: StreetSide, z: number, height: number, style: FacadeStyle): SceneObject {
  const back = outward(side.side, side.buildingX, 80);
  return wallObject(context, { plane: { kind: 'facing', z }, u0: Math.min(side.buildingX, back), u1: Math.max(side.buildingX, back), height, style });
}

function composeThings(context: SceneContext, rng: Rng, grounds: Grounds, gaps: readonly Gap[]): Thing[] {
  return [
    ...streetTrees(context, rng.fork('trees'), gaps),
    ...streetFurniture(context, rng.fork('furniture')),
    ...vehicles(context, rng.fork('vehicles')),
    ...pedestrians(context, rng.fork('pedestrians'), grounds),
    ...cyclists(context, rng.fork('cyclists'), grounds),
  ];
}

function streetTrees(context: SceneContext, rng: Rng, gaps: readonly Gap[]): Thing[] {
  const { layout } = context;
  const things: Thing[] = [];
  const plant = (x: number, z: number) => {
    const crownRadius = rng.range(1.4, 2.8);
    if (!tryOccupy(context, { x0: x - 0.4, x1: x + 0.4, z0: z - 0.4, z1: z + 0.4 })) return;
    things.push(tree(context, { x, z, trunkHeight: rng.range(2, 3.2), crownRadius }));
  };
  for (const sideKey of SIDES) {
    const side = streetSide(layout, sideKey);
    if (!rng.chance(0.55)) continue;
    const x = outward(sideKey, side.curbX, side.vergeWidth > 0 ? side.vergeWidth / 2 : 0.8);
    for (let z = rng.range(5, 12); z < Math.min(layout.endZ - 4, 90); z += rng.range(8, 15)) plant(x, z);
  }
  for (const gap of gaps) {
    const count = rng.int(0, 2);
    for (let i = 0; i < count; i++) plant(outward(gap.side.side, gap.side.buildingX, rng.range(3, 10)), rng.range(gap.z0 + 1, gap.z1 - 1));
  }
  return things;
}

function streetFurniture(context: SceneContext, rng: Rng): Thing[] {
  const { layout } = context;
  const things: Thing[] = [];
  const place = (side: StreetSide, z: number, build: (x: number) => Thing) => {
    const x = outward(side.side, side.curbX, 0.45);
    if (tryOccupy(context, { x0: x - 0.2, x1: x + 0.2, z0: z - 0.2, z1: z + 0.2 })) things.push(build(x));
  };
  for (const sideKey of SIDES) {
    const side = streetSide(layout, sideKey);
    if (!rng.chance(0.7)) continue;
    for (let z = rng.range(6, 14); z < Math.min(layout.endZ - 3, 110); z += rng.range(18, 30)) place(side, z, (x) => streetLamp(context, x, z, sideKey));
  }
  const signCount = rng.int(1, 3);
  for (let i = 0; i < signCount; i++) {
    const z = rng.range(5, Math.min(45, layout.endZ - 5));
    place(streetSide(layout, rng.pick(SIDES)), z, (x) => signPost(context, x, z));
  }
  if (rng.chance(0.45)) {
    const z = layout.crosswalk ? layout.crosswalk.z1 + 0.8 : rng.range(14, 35);
    place(layout.right, z, (x) => trafficLightPost(context, x, z));
    if (rng.chance(0.5)) place(layout.left, z, (x) => trafficLightPost(context, x, z));
  }
  return things;
}

function vehicles(context: SceneContext, rng: Rng): Thing[] {
  const { layout } = context;
  const things: Thing[] = [];
  const park = (spec: CarSpec): boolean => {
    const half = carWidth(spec) / 2;
    if (!tryOccupy(context, { x0: spec.x - half - 0.2, x1: spec.x + half + 0.2, z0: spec.z - 0.5, z1: spec.z + carLength(spec) + 0.5 })) return false;
    things.push(car(context, spec));
    return true;
  };
  for (const sideKey of SIDES) {
    const side = streetSide(layout, sideKey);
    if (side.parkingWidth === 0) continue;
    const x = outward(sideKey, side.curbX, -side.parkingWidth / 2);
    const heading = sideKey === 1 ? 1 : -1;
    if (rng.chance(0.3)) {
      const z = rng.range(50, 80);
      if (z < layout.endZ - 8) things.push(...parkedRow(context, rng, x, z, heading));
    }
    for (let z = rng.range(2.5, 8); z < Math.min(layout.endZ - 6, 48); ) {
      const spec = randomCarSpec(rng, x + rng.range(-0.15, 0.15), z, heading);
      if (rng.chance(0.7)) park(spec);
      z += carLength(spec) + rng.range(0.8, 7);
    }
  }
  for (const lane of layout.lanes) {
    const isCameraLane = Math.abs(lane.x) < layout.laneWidth / 2;
    const count = rng.int(0, 2);
    for (let i = 0; i < count; i++) {
      const z = rng.range(isCameraLane ? 12 : 6, Math.min(70, layout.endZ - 6));
      park(randomCarSpec(rng, lane.x + rng.range(-0.3, 0.3), z, lane.direction));
    }
  }
  for (let attempt = 0; attempt < 20 && !things.length; attempt++) {
    const lane = rng.pick(layout.lanes);
    park(randomCarSpec(rng, lane.x, rng.range(10, Math.min(50, layout.endZ - 6)), lane.direction));
  }
  return things;
}

/** Cars parked bumper to bumper far down the street, annotated as one group. */
function parkedRow(context: SceneContext, rng: Rng, x: number, z: number, heading: 1 | -1): Thing[] {
  const specs: CarSpec[] = [];
  let at = z;
  for (let i = rng.int(3, 5); i > 0; i--) {
    const spec = randomCarSpec(rng, x + rng.range(-0.1, 0.1), at, heading);
    specs.push(spec);
    at += carLength(spec) + rng.range(0.5, 1.2);
  }
  if (!tryOccupy(context, { x0: x - 1.2, x1: x + 1.2, z0: z - 0.5, z1: at + 0.5 })) return [];
  return [carGroup(context, specs)];
}

function pedestrians(context: SceneContext, rng: Rng, grounds: Grounds): Thing[] {
  const { layout } = context;
  const things: Thing[] = [];
  const walkway = (side: StreetSide) => {
    const inner = outward(side.side, side.curbX, side.vergeWidth + 0.4);
    const outer = outward(side.side, side.buildingX, -0.4);
    return [Math.min(inner, outer), Math.max(inner, outer)] as const;
  };
  const stand = (x: number, z: number): boolean => {
    if (!tryOccupy(context, { x0: x - 0.3, x1: x + 0.3, z0: z - 0.3, z1: z + 0.3 })) return false;
    things.push(person(context, randomPersonSpec(rng, x, z)));
    return true;
  };
  const far = Math.min(60, layout.endZ - 5);
  const count = rng.int(2, 7);
  for (let i = 0, placed = 0; i < 40 && placed < count; i++) {
    const [x0, x1] = walkway(streetSide(layout, rng.pick(SIDES)));
    // Skewed towards the camera, so that most people are big enough to make out.
    if (stand(rng.range(x0, x1), 4 + (far - 4) * rng.next() ** 1.5)) placed++;
  }
  if (layout.crosswalk && rng.chance(0.5)) {
    const { z0, z1 } = layout.crosswalk;
    stand(rng.range(layout.left.curbX + 1, layout.right.curbX - 1), rng.range(z0 + 0.3, z1 - 0.3));
  }
  if (rng.chance(0.3)) {
    const sideKey = rng.pick(SIDES);
    const [x0, x1] = walkway(streetSide(layout, sideKey));
    const z = rng.range(28, Math.max(30, far));
    const x = rng.range(x0, Math.max(x0, x1 - 1.5));
    if (tryOccupy(context, { x0: x - 0.3, x1: x + 1.8, z0: z - 0.8, z1: z + 0.8 })) {
      const members = Array.from({ length: rng.int(3, 4) }, (_, i) => randomPersonSpec(rng, x + i * 0.45 + rng.range(-0.1, 0.1), z + rng.range(-0.6, 0.6)));
      things.push(personGroup(context, members, grounds.sidewalk[sideKey]));
    }
  }
  return things;
}

function cyclists(context: SceneContext, rng: Rng, grounds: Grounds): Thing[] {
  const { layout } = context;
  const things: Thing[] = [];
  if (!rng.chance(0.65)) return things;
  const count = rng.int(1, 2);
  for (let i = 0, tries = 0; i < count && tries < 20; tries++) {
    const x = rng.range(layout.left.curbX + 1.2, layout.right.curbX - 1.2);
    const z = rng.range(7, Math.min(35, layout.endZ - 6));
    if (!tryOccupy(context, { x0: x - 1, x1: x + 1, z0: z - 0.4, z1: z + 0.4 })) continue;
    things.push(cyclist(context, randomRiderSpec(rng, x, z), grounds.road));
    i++;
  }
  return things;
}
