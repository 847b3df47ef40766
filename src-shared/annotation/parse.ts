import { resolveLabel, type LabelIndex } from '../labels';
import { countVerticesOutside, findSelfIntersection } from './geometry';
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
const MAX_SIDE = 65_536;
const MAX_PIXELS = 2 ** 28;

/**
 * Parses and validates a Cityscapes-style polygon annotation. Every problem names the file and, for
 * object problems, the object index and label. Deleted objects are skipped unchecked, as the official
 * tools skip them before looking at their label.
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
    raw = JSON.parse(text);
  } catch (error) {
    return fail(`not valid JSON (${(error as Error).message})`);
  }
  if (!isRecord(raw)) return fail('expected a JSON object with imgWidth, imgHeight and objects');

  const sizeProblems = [checkSide(raw, 'imgWidth'), checkSide(raw, 'imgHeight')].filter((p): p is string => p !== null);
  if (sizeProblems.length > 0) return fail(sizeProblems.join('; '));
  const imgWidth = raw.imgWidth as number;
  const imgHeight = raw.imgHeight as number;
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
    const polygon = readPolygon(entry.polygon);
    if (!resolved) report('error', 'unknown label', labelName);
    if (typeof polygon === 'string') report('error', polygon, labelName);
    if (!resolved || typeof polygon === 'string') return;
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

function readPolygon(value: unknown): number[] | string {
  if (!Array.isArray(value)) return value === undefined ? 'missing "polygon"' : '"polygon" must be an array of [x, y] points';
  const flat: number[] = [];
  for (let i = 0; i < value.length; i++) {
    const point = value[i];
    if (!Array.isArray(point) || point.length !== 2) return `polygon point ${i}: expected [x, y]`;
    for (const coordinate of point) {
      if (typeof coordinate !== 'number') return `polygon point ${i}: coordinate ${JSON.stringify(coordinate)} is not a number`;
      if (!Number.isFinite(coordinate)) return `polygon point ${i}: coordinate is not finite`;
      if (Math.abs(coordinate) > MAX_ABS_COORDINATE) return `polygon point ${i}: coordinate ${coordinate} is out of range`;
      flat.push(coordinate);
    }
  }
  return flat;
}

function checkSide(raw: Record<string, unknown>, field: 'imgWidth' | 'imgHeight'): string | null {
  const value = raw[field];
  if (value === undefined) return `missing "${field}"`;
  if (typeof value !== 'number' || !Number.isInteger(value)) return `"${field}" must be an integer, got ${JSON.stringify(value)}`;
  if (value <= 0) return `"${field}" must be positive, got ${value}`;
  if (value > MAX_SIDE) return `"${field}" ${value} is larger than ${MAX_SIDE}`;
  return null;
}

// The official tools test `if obj.deleted:`, so any truthy value counts.
function isDeleted(value: unknown): boolean {
  return value !== undefined && value !== null && value !== false && value !== 0 && value !== '';
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
