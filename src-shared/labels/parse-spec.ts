import type { LabelDef, LabelSpec } from './types';

// instanceIds are 16-bit and encode id * 1000 + k, so instance classes need id <= 65.
const MAX_INSTANCE_CLASS_ID = 65;

/**
 * Parses and validates a custom label spec (JSON text). Format:
 * `{ "name": "...", "background": "unlabeled", "labels": [{ name, id, trainId, category, categoryId,
 * hasInstances, ignoreInEval, color: [r, g, b] }, ...] }`. Throws one Error listing every problem,
 * each naming the file and the field.
 */
export function parseLabelSpec(text: string, file: string): LabelSpec {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new Error(`${file}: not valid JSON (${(error as Error).message})`);
  }
  const problems: string[] = [];
  if (!isObject(raw)) throw new Error(`${file}: expected a JSON object with "name", "background" and "labels"`);
  if (!Array.isArray(raw.labels) || raw.labels.length === 0) {
    throw new Error(`${file}: "labels" must be a non-empty array`);
  }
  const name = typeof raw.name === 'string' && raw.name.trim() ? raw.name : file;
  const background = raw.background === undefined ? 'unlabeled' : raw.background;
  if (typeof background !== 'string') problems.push('"background" must be a label name');

  const labels: LabelDef[] = [];
  const seenNames = new Set<string>();
  const seenIds = new Set<number>();
  raw.labels.forEach((entry: unknown, i: number) => {
    const where = `labels[${i}]`;
    if (!isObject(entry)) {
      problems.push(`${where}: expected an object`);
      return;
    }
    const at = (field: string) => `${where}${typeof entry.name === 'string' ? ` ("${entry.name}")` : ''}.${field}`;
    const before = problems.length;
    if (typeof entry.name !== 'string' || entry.name === '') problems.push(`${where}.name: expected a non-empty string`);
    else if (seenNames.has(entry.name)) problems.push(`${at('name')}: duplicate label name`);
    checkInt(entry.id, -1, 255, at('id'), problems);
    checkInt(entry.trainId, -1, 255, at('trainId'), problems);
    if (typeof entry.category !== 'string') problems.push(`${at('category')}: expected a string`);
    checkInt(entry.categoryId, 0, 255, at('categoryId'), problems);
    if (typeof entry.hasInstances !== 'boolean') problems.push(`${at('hasInstances')}: expected true or false`);
    if (typeof entry.ignoreInEval !== 'boolean') problems.push(`${at('ignoreInEval')}: expected true or false`);
    const color = entry.color;
    if (!Array.isArray(color) || color.length !== 3 || !color.every((c) => Number.isInteger(c) && c >= 0 && c <= 255)) {
      problems.push(`${at('color')}: expected [r, g, b] with integers 0..255`);
    }
    if (problems.length !== before) return;
    const id = entry.id as number;
    if (id >= 0 && seenIds.has(id)) problems.push(`${at('id')}: id ${id} is used by another label`);
    if (entry.hasInstances === true && id > MAX_INSTANCE_CLASS_ID) {
      problems.push(`${at('id')}: classes with instances need id <= ${MAX_INSTANCE_CLASS_ID} (instanceIds are 16-bit)`);
    }
    seenNames.add(entry.name as string);
    if (id >= 0) seenIds.add(id);
    labels.push(Object.freeze({
      name: entry.name as string,
      id,
      trainId: entry.trainId as number,
      category: entry.category as string,
      categoryId: entry.categoryId as number,
      hasInstances: entry.hasInstances as boolean,
      ignoreInEval: entry.ignoreInEval as boolean,
      color: Object.freeze([...(color as number[])]) as unknown as LabelDef['color'],
    }));
  });
  if (typeof background === 'string' && problems.length === 0) {
    const bg = labels.find((l) => l.name === background);
    if (!bg) problems.push(`"background": label "${background}" is not in "labels"`);
    else if (bg.id < 0) problems.push(`"background": label "${background}" needs an id >= 0`);
  }
  if (problems.length > 0) throw new Error(`${file}: ${problems.join('; ')}`);
  return Object.freeze({ name, background: background as string, labels: Object.freeze(labels) });
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function checkInt(value: unknown, min: number, max: number, where: string, problems: string[]): void {
  if (!Number.isInteger(value) || (value as number) < min || (value as number) > max) {
    problems.push(`${where}: expected an integer in ${min}..${max}`);
  }
}
