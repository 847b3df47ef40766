import type { EpochRecord, RunDetail } from '../api';
import { buildLabelIndex } from '../labels';

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
  /** Indexes of the runs holding the highest value (several on a tie); none when every run has the same value. */
  readonly best: ReadonlySet<number>;
}

/** Per-class IoU at each run's best epoch, one row per class of the first run's label spec, by train id. */
export function classIouRows(details: readonly RunDetail[]): ClassIouRow[] {
  const classes = details[0] ? buildLabelIndex(details[0].labels).trainClasses : [];
  const byRun = details.map((d) => new Map(d.bestClasses.map((c) => [c.classTrainId, c.iou])));
  return classes.map(({ name, trainId }) => {
    const values = byRun.map((classes) => classes.get(trainId) ?? null);
    const base = values[0];
    const deltas = values.map((v) => (v === null || base === null ? null : v - base));
    const present = values.filter((v): v is number => v !== null);
    const top = present.length ? Math.max(...present) : null;
    const isUniform = values.every((v) => v === top);
    const best = new Set(top === null || isUniform ? [] : values.flatMap((v, i) => (v === top ? [i] : [])));
    return { trainId, name, values, deltas, best };
  });
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

/** The dotted config keys whose values are not the same in every run, sorted by key. */
export function configDiff(configs: readonly unknown[]): ConfigDiffRow[] {
  const flat = configs.map((config) => flattenConfig(config));
  const keys = [...new Set(flat.flatMap((f) => Object.keys(f)))].sort();
  return keys
    .map((key) => ({ key, values: flat.map((f) => f[key]) }))
    .filter(({ values }) => values.some((v) => v !== values[0]));
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
