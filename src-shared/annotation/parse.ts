import { resolveLabel, type LabelIndex } from '../labels';
import { countVerticesOutside, findSelfIntersection } from './geometry';
import { parsePythonJson } from './python-json';
import type { AnnotatedObject, AnnotationProblem, ParsedAnnotation } from './types';

export interface ParseOptions {
  /**
   * Also warn about self-intersecting polygons and vertices outside the image: legal for the official
   * tools (Pillow fills and clips them) but usually annotation mistakes worth a look in QA.
   */
  readonly geometryWarnings?: boolean;
}

// Pillow truncates coordinates to C ints and does int arithmetic on them; within 1e9 nothing overflows.
const MAX_ABS_COORDINATE = 1e9;
const INT_MIN = -2147483648;
const MAX_SIDE = 65_536;
// Drawing a frame's masks takes about 6 bytes a pixel in a worker thread (one 10000x10000 frame peaked at 695 MB
// RSS): 100 MP bounds a frame's memory, where 16384² frames had reached gigabytes.
export const MAX_PIXELS = 100_000_000;

/**
 * Parses and validates a Cityscapes-style polygon annotation. Every problem names the file and, for
 * object problems, the object index and label. Deleted objects are skipped unchecked, as the official
 * tools skip them before looking at their label. What the official tools convert (sizes through
 * Python's int(), [x, y, z] points, NaN, far-out coordinates) is converted the same way, with a warning.
 */
export function parseAnnotation(text: string, file: string, labels: LabelIndex, options: ParseOptions = {}): ParsedAnnotation {
  const problems: AnnotationProblem[] = [];
  const fail = (message: string): ParsedAnnotation => ({
    annotation: null,
    problems: [...problems, { severity: 'error', file, message }],
    hasErrors: true,
  });

  let raw: unknown;
  try {
    raw = parsePythonJson(text);
  } catch (error) {
    return fail(`not valid JSON (${(error as Error).message})`);
  }
  if (!isRecord(raw)) return fail('expected a JSON object with imgWidth, imgHeight and objects');

  const sides = [readSide(raw, 'imgWidth'), readSide(raw, 'imgHeight')];
  const sizeProblems = sides.flatMap((side) => (typeof side === 'string' ? [side] : []));
  if (sizeProblems.length > 0) return fail(sizeProblems.join('; '));
  const [imgWidth, imgHeight] = sides.map((side) => {
    const { value, warning } = side as Side;
    if (warning) problems.push({ severity: 'warning', file, message: warning });
    return value;
  });
  if (imgWidth * imgHeight > MAX_PIXELS) return fail(`image of ${imgWidth}x${imgHeight} is larger than ${MAX_PIXELS} pixels`);
  if (!Array.isArray(raw.objects)) return fail(raw.objects === undefined ? 'missing "objects"' : '"objects" must be an array');

  const objects: AnnotatedObject[] = [];
  raw.objects.forEach((entry: unknown, index: number) => {
    const report = (severity: AnnotationProblem['severity'], message: string, label?: string) =>
      problems.push({ severity, file, objectIndex: index, label, message });
    if (!isRecord(entry)) return report('error', 'expected an object with "label" and "polygon"');
    if (isDeleted(entry.deleted)) return;
    if (typeof entry.label !== 'string') return report('error', '"label" must be a string');
    const labelName = entry.label;
    const resolved = resolveLabel(labels, labelName);
    const read = readPolygon(entry.polygon);
    if (!resolved) report('error', 'unknown label', labelName);
    if (typeof read === 'string') report('error', read, labelName);
    if (!resolved || typeof read === 'string') return;
    for (const warning of read.warnings) report('warning', warning, labelName);
    const { polygon } = read;
    if (polygon.length < 4) {
      return report('warning', `polygon has ${polygon.length / 2} point${polygon.length === 2 ? '' : 's'}, fewer than 2: skipped`, labelName);
    }
    if (options.geometryWarnings) {
      const crossing = findSelfIntersection(polygon);
      if (crossing) report('warning', `polygon crosses itself (edges ${crossing[0]} and ${crossing[1]})`, labelName);
      const outside = countVerticesOutside(polygon, imgWidth, imgHeight);
      if (outside > 0) report('warning', `${outside} of ${polygon.length / 2} vertices lie outside the ${imgWidth}x${imgHeight} image`, labelName);
    }
    objects.push({ index, labelName, label: resolved.label, isGroup: resolved.isGroup, polygon });
  });

  const hasErrors = problems.some((p) => p.severity === 'error');
  return { annotation: { imgWidth, imgHeight, objects, fileObjectCount: raw.objects.length }, problems, hasErrors };
}

/** `file: object 14 ("cargroupp"): unknown label` */
export function formatProblem(problem: AnnotationProblem): string {
  let where = problem.file;
  if (problem.objectIndex !== undefined) {
    where += `: object ${problem.objectIndex}`;
    if (problem.label !== undefined) where += ` (${JSON.stringify(problem.label)})`;
  }
  return `${where}: ${problem.severity === 'warning' ? 'warning: ' : ''}${problem.message}`;
}

interface ReadPolygon { readonly polygon: number[]; readonly warnings: string[] }

/**
 * The flat coordinates, read as CsPoly and Pillow read them: a point's first two values (more are
 * ignored), booleans as 1 and 0, and NaN, infinities and values beyond C's int range as the C int
 * conversion gives them on x86-64. Each kind of conversion is reported once per object.
 */
function readPolygon(value: unknown): ReadPolygon | string {
  if (!Array.isArray(value)) return value === undefined ? 'missing "polygon"' : '"polygon" must be an array of [x, y] points';
  const flat: number[] = [];
  // Made on the first conversion only: nearly every polygon has none, and this runs for each one.
  let warnings: Map<string, string> | undefined;
  const warnOnce = (kind: string, message: string) => {
    warnings ??= new Map();
    if (!warnings.has(kind)) warnings.set(kind, message);
  };
  for (let i = 0; i < value.length; i++) {
    const point = value[i];
    if (!Array.isArray(point) || point.length < 2) return `polygon point ${i}: expected [x, y]`;
    if (point.length > 2) warnOnce('extra', `polygon point ${i}: ${JSON.stringify(point)} read as [x, y], as the official tools do`);
    for (let axis = 0; axis < 2; axis++) {
      const coordinate: unknown = point[axis];
      if (typeof coordinate === 'number' && coordinate <= MAX_ABS_COORDINATE && coordinate >= -MAX_ABS_COORDINATE) {
        flat.push(coordinate);
        continue;
      }
      if (typeof coordinate === 'boolean') {
        warnOnce('boolean', `polygon point ${i}: coordinate ${coordinate} read as ${Number(coordinate)}, as Python does`);
        flat.push(Number(coordinate));
        continue;
      }
      if (typeof coordinate !== 'number') return `polygon point ${i}: coordinate ${JSON.stringify(coordinate)} is not a number`;
      const asPillow = pillowCoordinate(coordinate);
      warnOnce(Number.isFinite(coordinate) ? 'far' : 'non-finite', `polygon point ${i}: coordinate ${coordinate} ${Number.isFinite(coordinate) ? 'is beyond ±1e9: drawn with C int arithmetic' : 'drawn'} as Pillow does on x86-64${asPillow === INT_MIN ? ` (as ${INT_MIN})` : ''}`);
      flat.push(asPillow);
    }
  }
  return { polygon: flat, warnings: warnings ? [...warnings.values()] : [] };
}

/**
 * A far-out or non-finite coordinate as Pillow's C core ends up with it (see `cInt` in the
 * rasterizer): CsPoly's points are tuples, which Pillow reads as C doubles, then truncates to int.
 */
function pillowCoordinate(value: number): number {
  const t = Math.trunc(value);
  return t >= INT_MIN && t <= 2147483647 ? t : INT_MIN;
}

interface Side { readonly value: number; readonly warning?: string }

/** imgWidth / imgHeight through Python's int(), as Annotation.fromJsonText reads them. */
function readSide(raw: Record<string, unknown>, field: 'imgWidth' | 'imgHeight'): Side | string {
  const value = raw[field];
  if (value === undefined) return `missing "${field}"`;
  let side: Side;
  if (typeof value === 'number' && Number.isInteger(value)) side = { value };
  else if (typeof value === 'number' && Number.isFinite(value)) side = { value: Math.trunc(value), warning: `"${field}" ${value} read as ${Math.trunc(value)}, as Python's int() does` };
  else if (typeof value === 'boolean') side = { value: Number(value), warning: `"${field}" ${value} read as ${Number(value)}, as Python's int() does` };
  else if (typeof value === 'string' && PYTHON_INT.test(value)) {
    const parsed = Number(value.trim().replaceAll('_', ''));
    side = { value: parsed, warning: `"${field}" ${JSON.stringify(value)} read as ${parsed}, as Python's int() does` };
  } else return `"${field}" must be an integer, got ${typeof value === 'number' ? value : JSON.stringify(value)}`;
  if (side.value <= 0) return `"${field}" must be positive, got ${side.value}`;
  if (side.value > MAX_SIDE) return `"${field}" ${side.value} is larger than ${MAX_SIDE}`;
  return side;
}

// What Python's int() accepts from a str, ASCII digits only: surrounding spaces, a sign, digit groups.
const PYTHON_INT = /^\s*[+-]?\d+(?:_\d+)*\s*$/;

// The official tools test `if obj.deleted:`: Python truthiness, where an empty list or dict is false.
function isDeleted(value: unknown): boolean {
  if (Array.isArray(value)) return value.length > 0;
  if (isRecord(value)) return Object.keys(value).length > 0;
  return value !== undefined && value !== null && value !== false && value !== 0 && value !== '';
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
