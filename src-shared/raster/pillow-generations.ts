import { SettingError } from '../errors';

/**
 * The Pillow releases whose polygon fill differs, read from the history of Pillow's
 * `src/libImaging/Draw.c` (`polygon_generic`, `hline8`/`hline32`); `ImageDraw.polygon` and the
 * truncation of coordinates in `_imaging.c` did not change the fill over this range.
 *
 * - 9.2: `x_pos` and the corner fix-up limited to edges meeting at their ends (9.2.0–9.4.x);
 *   `hline` swaps a reversed span (start > end) and draws it.
 * - 9.5: `hline` no longer swaps, so a reversed span draws nothing (9.5.0–11.0.x).
 * - 11.1: the corner fix-up runs only on an odd intersection count and joins any earlier edge whose
 *   line passes through the same integer x, even one not spanning the row (11.1.x).
 * - 11.2: the corner fix-up rewritten: at an edge's end, it moves the current intersection next to
 *   the adjacent row's ones when both lie more than a pixel away (11.2.1–12.3.x, 11.2.0 was never
 *   published).
 */
export const PILLOW_GENERATIONS = ['9.2', '9.5', '11.1', '11.2'] as const;
export type PillowGeneration = (typeof PILLOW_GENERATIONS)[number];

/** The release the official scripts drew with when segstudio was written (Debian 12's python3-pil). */
export const DEFAULT_PILLOW_VERSION = '9.4';

/** The releases each generation covers, for messages and the QA viewer. */
export const GENERATION_RELEASES: Record<PillowGeneration, string> = {
  '9.2': '9.2–9.4',
  '9.5': '9.5–11.0',
  '11.1': '11.1',
  '11.2': '11.2–12.3',
};

/** Every minor release in the supported range, for pickers (any patch release maps like its minor one). */
export const PILLOW_RELEASES = [
  '9.2', '9.3', '9.4', '9.5', '10.0', '10.1', '10.2', '10.3', '10.4', '11.0', '11.1', '11.2', '11.3', '12.0', '12.1', '12.2', '12.3',
] as const;

const OLDEST: Version = [9, 2, 0];
const NEWEST: Version = [12, 3, Infinity];
export const SUPPORTED_PILLOW_RANGE = '9.2 to 12.3';

type Version = [number, number, number];

/**
 * The fill generation of a Pillow release number (`12`, `12.0`, `11.2.1`). Throws a one-line error
 * naming the supported range for anything else, since masks drawn under a guessed generation could
 * differ from the official ones without anyone noticing.
 */
export function pillowGeneration(version: string): PillowGeneration {
  const match = /^(\d+)(?:\.(\d+))?(?:\.(\d+))?$/.exec(version.trim());
  const refuse = (): never => {
    throw new SettingError('pillow', `${JSON.stringify(version)} is not a Pillow release segstudio draws like (supported: ${SUPPORTED_PILLOW_RANGE})`);
  };
  if (!match) return refuse();
  const v: Version = [Number(match[1]), Number(match[2] ?? 0), Number(match[3] ?? 0)];
  if (compare(v, OLDEST) < 0 || compare(v, NEWEST) > 0) return refuse();
  if (compare(v, [9, 5, 0]) < 0) return '9.2';
  if (compare(v, [11, 1, 0]) < 0) return '9.5';
  if (compare(v, [11, 2, 0]) < 0) return '11.1';
  return '11.2';
}

/** True when `version` is a release number in the supported range. */
export function isSupportedPillow(version: string): boolean {
  try {
    pillowGeneration(version);
    return true;
  } catch {
    return false;
  }
}

function compare(a: Version, b: Version): number {
  for (let i = 0; i < 3; i++) if (a[i] !== b[i]) return a[i] - b[i];
  return 0;
}
