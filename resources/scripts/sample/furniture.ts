import { project } from './camera';
import { mix, scale, vary, type Rgb } from './color';
import { ellipsePoints, isInsidePolygon, type Point, type Polygon } from './geometry';
import { withHaze, type Side } from './look';
import { valueNoise } from './noise';
import type { SceneContext, SceneObject, Shader, Thing } from './scene';

const POLE_PAINTS: readonly Rgb[] = [[120, 124, 128], [70, 76, 74], [150, 150, 146], [52, 58, 62]];
const RED: Rgb = [196, 32, 36];
const WHITE: Rgb = [232, 232, 228];
const BLUE: Rgb = [30, 82, 168];
const YELLOW: Rgb = [238, 190, 30];

type SignKind = 'prohibitory' | 'no-entry' | 'mandatory' | 'warning' | 'yield' | 'information' | 'priority' | 'stop';
const SIGN_KINDS: readonly SignKind[] = ['prohibitory', 'no-entry', 'mandatory', 'warning', 'yield', 'information', 'priority', 'stop'];

/** Outlines in a frontal plane, metres: u to the right, v up. */
type Outline = readonly (readonly [number, number])[];

function frontal(context: SceneContext, x: number, z: number, outline: Outline): Point[] {
  return outline.map(([u, v]) => project(context.camera, x + u, v, z));
}

/** A street lamp leaning its arm over the road, or a plain post. */
export function streetLamp(context: SceneContext, x: number, z: number, side: Side): Thing {
  const { rng } = context;
  const height = rng.range(6.5, 8.5);
  const arm = rng.range(1.2, 2.2);
  const r = 0.09;
  const d = -side;
  const outline: Outline = [
    [-r * d, 0], [r * d, 0], [r * d, height - 0.1], [(arm - 0.4) * d, height - 0.02], [(arm - 0.4) * d, height - 0.12],
    [(arm + 0.05) * d, height - 0.12], [(arm + 0.05) * d, height + 0.1], [-r * d, height + 0.08],
  ];
  return { depth: z, objects: [pole(context, x, z, outline)] };
}

/** A post with one or two traffic signs on top. */
export function signPost(context: SceneContext, x: number, z: number): Thing {
  const { rng } = context;
  const height = rng.range(2.3, 2.9);
  const size = rng.range(0.55, 0.75);
  const signs: SceneObject[] = [trafficSign(context, x, height - size / 2, z, size, rng.pick(SIGN_KINDS))];
  if (rng.chance(0.3)) signs.push(trafficSign(context, x, height - size * 1.35, z, size * 0.8, rng.pick(['information', 'priority'] as const)));
  return { depth: z, objects: [pole(context, x, z, postOutline(0.045, height)), ...signs] };
}

/** A post carrying a traffic light head. */
export function trafficLightPost(context: SceneContext, x: number, z: number): Thing {
  const { rng } = context;
  const height = rng.range(3, 3.6);
  const head: Outline = [[-0.17, height - 1], [0.17, height - 1], [0.17, height - 0.05], [-0.17, height - 0.05]];
  const lit = rng.int(0, 2);
  return {
    depth: z,
    objects: [
      pole(context, x, z, postOutline(0.06, height - 0.3)),
      { label: 'traffic light', polygon: frontal(context, x, z, head), shade: trafficLightShader(context, x, z, height, lit) },
    ],
  };
}

function postOutline(radius: number, height: number): Outline {
  return [[-radius, 0], [radius, 0], [radius, height], [-radius, height]];
}

function pole(context: SceneContext, x: number, z: number, outline: Outline): SceneObject {
  const { camera, look, rng } = context;
  const paint = vary(rng, rng.pick(POLE_PAINTS), 0.08, 3);
  const [centerX] = project(camera, x, 0, z);
  const halfWidth = Math.max(0.8, (camera.focal * 0.09) / z);
  const shade: Shader = (px, py) => {
    // A cylinder: brightest on the side facing the sun, darker at the rims.
    const t = Math.max(-1, Math.min(1, (px - centerX) / halfWidth));
    const lit = 0.7 + 0.3 * Math.cos(t * 1.3) + 0.18 * look.sunStrength * t * -look.sunSide;
    return withHaze(look, scale(paint, lit * (0.94 + 0.12 * valueNoise(px * 0.5, py * 0.1, 3))), z);
  };
  return { label: 'pole', polygon: widenThinOutline(frontal(context, x, z, outline)), shade };
}

// A pole farther than ~30 m is under a pixel wide; keep it at least a pixel so it still shows up.
function widenThinOutline(points: Point[]): Point[] {
  const xs = points.map((p) => p[0]);
  const width = Math.max(...xs) - Math.min(...xs);
  if (width >= 1.2) return points;
  const center = (Math.max(...xs) + Math.min(...xs)) / 2;
  return points.map(([px, py]) => [px < center ? center - 0.6 : px > center ? center + 0.6 : px, py]);
}

function signOutline(kind: SignKind, size: number): Outline {
  const r = size / 2;
  switch (kind) {
    case 'warning':
      return [[-r, -r * 0.8], [r, -r * 0.8], [0, r * 0.95]];
    case 'yield':
      return [[-r, r * 0.8], [0, -r * 0.95], [r, r * 0.8]];
    case 'information':
      return [[-r * 0.85, -r * 0.85], [r * 0.85, -r * 0.85], [r * 0.85, r * 0.85], [-r * 0.85, r * 0.85]];
    case 'priority':
      return [[0, -r], [r, 0], [0, r], [-r, 0]];
    case 'stop':
      return ellipsePoints(0, 0, r * 1.08, r * 1.08, 8).map(([u, v]) => {
        const angle = Math.PI / 8;
        return [u * Math.cos(angle) - v * Math.sin(angle), u * Math.sin(angle) + v * Math.cos(angle)] as const;
      });
    default:
      return ellipsePoints(0, 0, r, r, 16);
  }
}

function trafficSign(context: SceneContext, x: number, centerY: number, z: number, size: number, kind: SignKind): SceneObject {
  const outline = signOutline(kind, size);
  const polygon = frontal(context, x, z, outline.map(([u, v]) => [u, v + centerY]));
  return { label: 'traffic sign', polygon, shade: signShader(context, x, centerY, z, size, kind, outline) };
}

function signShader({ camera, look }: SceneContext, x: number, centerY: number, z: number, size: number, kind: SignKind, outline: Outline): Shader {
  const inner: Polygon = outline.map(([u, v]) => [u * 0.72, v * 0.72]);
  const r = size / 2;
  return (px, py) => {
    const u = ((px - camera.vanishX) * z) / camera.focal - x;
    const v = camera.mountHeight - ((py - camera.horizonY) * z) / camera.focal - centerY;
    const isRim = !isInsidePolygon(u, v, inner);
    let color: Rgb;
    switch (kind) {
      case 'prohibitory':
        color = isRim ? RED : Math.abs(u) < r * 0.32 && Math.abs(v) < r * 0.3 ? [30, 30, 30] : WHITE;
        break;
      case 'no-entry':
        color = Math.abs(v) < r * 0.18 && Math.abs(u) < r * 0.62 ? WHITE : RED;
        break;
      case 'mandatory':
        color = (Math.abs(u) < r * 0.1 && v < r * 0.25) || (v >= r * 0.25 && v < r * 0.55 && Math.abs(u) < (r * 0.55 - v) * 1.2) ? WHITE : BLUE;
        break;
      case 'warning':
      case 'yield':
        color = isRim ? RED : WHITE;
        break;
      case 'information':
        color = !isRim && Math.abs(u + r * 0.15) < r * 0.12 && Math.abs(v) < r * 0.45 ? WHITE : BLUE;
        break;
      case 'priority':
        color = isRim ? WHITE : YELLOW;
        break;
      case 'stop':
        color = !isRim && Math.abs(v) < r * 0.15 && Math.abs(u) < r * 0.55 ? WHITE : RED;
        break;
    }
    const sheen = 0.9 + 0.15 * (v / size + 0.5);
    return withHaze(look, scale(color, sheen), z);
  };
}

function trafficLightShader({ camera, look }: SceneContext, x: number, z: number, height: number, lit: number): Shader {
  const housing: Rgb = [34, 38, 36];
  const lamps: readonly Rgb[] = [[240, 60, 40], [250, 180, 40], [60, 230, 120]];
  return (px, py) => {
    const u = ((px - camera.vanishX) * z) / camera.focal - x;
    const v = camera.mountHeight - ((py - camera.horizonY) * z) / camera.focal;
    for (let i = 0; i < 3; i++) {
      const lampY = height - 0.22 - i * 0.3;
      const distance = Math.hypot(u, v - lampY);
      if (distance < 0.11) return withHaze(look, i === lit ? lamps[i] : mix(housing, lamps[i], 0.25), z);
    }
    return withHaze(look, scale(housing, 0.9 + 0.2 * Math.abs(u) / 0.17), z);
  };
}
