import type { EpochRecord, RunDetail } from '../api';
import { buildLabelIndex } from '../labels';
import { withModelDefaults } from './model-defaults';

/** uPlot data for curves of several runs: the union of their epochs as x, then one array per run with null where a run has no value. */
export function alignEpochCurves(details: readonly RunDetail[], pick: (epoch: EpochRecord) => number | null): Array<Array<number | null>> {
  const xs = [...new Set(details.flatMap((d) => d.epochs.map((e) => e.epoch)))].sort((a, b) => a - b);
  const column = new Map(xs.map((x, i) => [x, i]));
  const series = details.map((detail) => {
    const values: Array<number | null> = new Array(xs.length).fill(null);
    for (const epoch of detail.epochs) values[column.get(epoch.epoch)!] = pick(epoch);
    return values;
  });
  return [xs, ...series];
}

export interface ClassIouRow {
  readonly trainId: number;
  readonly name: string;
  /** One per run, in the runs' order; null is n/a (the class was not evaluated). */
  readonly values: ReadonlyArray<number | null>;
  /** Against the first run; null where either side is n/a. */
  readonly deltas: ReadonlyArray<number | null>;
  /** Indexes of the runs holding the highest value (several on a tie); none when fewer than two runs have a value or all values are equal. */
  readonly best: ReadonlySet<number>;
}

/** Values of one metric, one per run: deltas against the first and the best, as a row of the per-class table shows them. */
export function compareValues(values: ReadonlyArray<number | null>): Pick<ClassIouRow, 'values' | 'deltas' | 'best'> {
  const base = values[0] ?? null;
  const deltas = values.map((v) => (v === null || base === null ? null : v - base));
  const present = values.filter((v): v is number => v !== null);
  const top = Math.max(...present);
  // A lone value is not "best" against n/a, and equal values have no winner.
  const hasWinner = present.length >= 2 && present.some((v) => v !== top);
  const best = new Set(hasWinner ? values.flatMap((v, i) => (v === top ? [i] : [])) : []);
  return { values, deltas, best };
}

/** The mIoU at each run's best epoch, compared as a class row is. */
export function miouRow(details: readonly RunDetail[]): Pick<ClassIouRow, 'values' | 'deltas' | 'best'> {
  return compareValues(details.map((d) => d.run.bestMiou ?? null));
}

/** Per-class IoU at each run's best epoch, one row per class of the first run's label spec, by train id. */
export function classIouRows(details: readonly RunDetail[]): ClassIouRow[] {
  const classes = details[0] ? buildLabelIndex(details[0].labels).trainClasses : [];
  const byRun = details.map((d) => new Map(d.bestClasses.map((c) => [c.classTrainId, c.iou])));
  return classes.map(({ name, trainId }) => ({ trainId, name, ...compareValues(byRun.map((classes) => classes.get(trainId) ?? null)) }));
}

/** A config as dotted keys (`optimizer.lr`) to JSON text of its leaves; arrays count as leaves. */
export function flattenConfig(value: unknown, prefix = '', out: Record<string, string> = {}): Record<string, string> {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    for (const [key, inner] of Object.entries(value)) flattenConfig(inner, prefix ? `${prefix}.${key}` : key, out);
  } else if (prefix) {
    out[prefix] = JSON.stringify(value);
  }
  return out;
}

export interface ConfigDiffRow {
  readonly key: string;
  /** One per run; undefined where the run's config lacks the key. */
  readonly values: ReadonlyArray<string | undefined>;
}

/**
 * The dotted config keys whose values are not the same in every run, sorted by key. The model's implicit
 * defaults are written out first, so a run that relied on the default backbone shows it beside one that named another.
 */
export function configDiff(configs: readonly unknown[]): ConfigDiffRow[] {
  const flat = configs.map((config) => flattenConfig(withModelDefaultsIn(config)));
  const keys = [...new Set(flat.flatMap((f) => Object.keys(f)))].sort();
  return keys
    .map((key) => ({ key, values: flat.map((f) => f[key]) }))
    .filter(({ values }) => values.some((v) => v !== values[0]));
}

function withModelDefaultsIn(config: unknown): unknown {
  if (config === null || typeof config !== 'object' || Array.isArray(config) || !('model' in config)) return config;
  return { ...config, model: withModelDefaults((config as { model: unknown }).model) };
}

export interface SharedSample {
  readonly frameId: string;
  /** The epoch whose prediction to show, one per run. */
  readonly epochs: readonly number[];
}

/**
 * Val frames every run saved a prediction for. Each run shows its best epoch where it saved the frame
 * then, else its newest epoch with that frame.
 */
export function sharedSamples(details: readonly RunDetail[]): SharedSample[] {
  if (details.length === 0) return [];
  const epochsByFrame = details.map((detail) => {
    const byFrame = new Map<string, number[]>();
    for (const { frameId, epoch } of detail.samples) byFrame.set(frameId, [...(byFrame.get(frameId) ?? []), epoch]);
    return byFrame;
  });
  const frames = [...epochsByFrame[0].keys()].filter((frameId) => epochsByFrame.every((byFrame) => byFrame.has(frameId))).sort();
  return frames.map((frameId) => ({
    frameId,
    epochs: details.map((detail, i) => {
      const epochs = epochsByFrame[i].get(frameId)!;
      return detail.bestEpoch !== null && epochs.includes(detail.bestEpoch) ? detail.bestEpoch : Math.max(...epochs);
    }),
  }));
}
