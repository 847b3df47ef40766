import { readFile, stat } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { parseAnnotation } from '../../src-shared/annotation';
import {
  BINARY, METHODS, type BinaryName, type BinaryPayload, type DatasetSummary, type FrameBundle, type FrameList,
  type FrameSummary, type MethodName, type MethodResult, type QaReport, type QaStatus, type InferRequest, type RecentDataset, type StudioEvent, type ValidatedParams,
} from '../../src-shared/api';
import { CITYSCAPES, buildLabelIndex, type LabelIndex } from '../../src-shared/labels';
import { ARCHS, BACKBONES } from '../ml/models/types';
import { LOSS_NAMES } from '../ml/train/losses';
import { OPTIMIZER_NAMES } from '../ml/train/optimizers';
import { TRAIN_PRESETS } from '../ml/train/presets';
import { presetSettings } from '../ml/train/recipe';
import { SCHEDULE_NAMES } from '../ml/train/schedules';
import type { TrainingProcess } from '../worker/spawn-training-process';
import type { Db } from '../store/db';
import { firstExisting, scanFrames, type FrameEntry } from './datasets';
import { QaStore, qaReport } from './qa';
import { probeEngine } from './training/engine-probe';
import { JobDesk, JobRequestError } from './jobs/job-desk';
import { RunRequestError, TrainingDesk } from './training/training-desk';

const QA_CHECKS = { geometryWarnings: true } as const;

/** A request the user can fix: the transports answer it with 400 and the message, never a stack. */
export class ApiError extends Error {}

interface OpenDataset {
  readonly id: number;
  readonly root: string;
  readonly name: string;
  readonly frames: readonly FrameEntry[];
  readonly byId: ReadonlyMap<string, number>;
  readonly labels: LabelIndex;
}

export interface StudioOptions {
  readonly db: Db;
  readonly version: string;
  readonly transport: 'electron' | 'web';
  readonly defaultDataset: string | null;
  /** Run folders and caches go here, beside the database. */
  readonly dataDir: string;
  /** How training processes start: a Node child process unless given (Electron passes its utilityProcess adapter). */
  readonly spawnTraining?: () => TrainingProcess;
  /** A native folder picker (the desktop app has one; a browser has none). */
  readonly pickFolder?: (title: string) => Promise<string | null>;
}

/** The main-side services behind the API: one instance per app, shared by both transports. */
export class Studio {
  private readonly datasets = new Map<number, OpenDataset>();
  private readonly qa: QaStore;
  readonly training: TrainingDesk;
  readonly jobs: JobDesk;

  constructor(private readonly options: StudioOptions) {
    this.qa = new QaStore(options.db);
    this.training = new TrainingDesk({ db: options.db, dataDir: options.dataDir, spawn: options.spawnTraining });
    this.jobs = new JobDesk({ store: this.training.service.store, dataDir: options.dataDir });
  }

  /** Events for every window: run progress and changes. */
  onEvent(listener: (event: StudioEvent) => void): () => void {
    const off = [this.training.onEvent(listener), this.jobs.onEvent(listener)];
    return () => off.forEach((unsubscribe) => unsubscribe());
  }

  /** Ends what runs in other processes; runs in progress become `interrupted`. */
  close(): void {
    this.training.stopAll();
    this.jobs.cancelAll();
  }

  private readonly handlers: { [M in MethodName]: (params: ValidatedParams<M>) => Promise<MethodResult<M>> } = {
    'app.info': async () => ({
      version: this.options.version, transport: this.options.transport, defaultDataset: this.options.defaultDataset, recent: this.recent(),
    }),
    'datasets.open': ({ path }) => this.openDataset(path),
    'datasets.recent': async () => this.recent(),
    'frames.list': (query) => this.listFrames(query),
    'frames.stats': ({ datasetId, frameIds }) => this.frameStats(datasetId, frameIds),
    'frames.bundle': ({ datasetId, frameId }) => this.frameBundle(datasetId, frameId),
    'qa.mark': async ({ datasetId, frameId, status, note, region }) => {
      this.frame(datasetId, frameId);
      return this.qa.mark(datasetId, frameId, status, note, region ?? null);
    },
    'qa.clear': async ({ datasetId, frameId }) => {
      this.frame(datasetId, frameId);
      this.qa.clear(datasetId, frameId);
      return null;
    },
    'qa.report': ({ datasetId, format }) => this.report(datasetId, format),
    'train.options': async () => ({
      presets: Object.entries(TRAIN_PRESETS).map(([name, preset]) => ({ name, settings: presetSettings(preset) })),
      archs: ARCHS, backbones: BACKBONES, optimizers: OPTIMIZER_NAMES, schedules: SCHEDULE_NAMES, losses: LOSS_NAMES,
      engine: probeEngine(process.env.SEGSTUDIO_BACKEND),
      sampleDataset: this.options.defaultDataset,
    }),
    'runs.start': ({ settings }) => runRequest(() => this.training.start(settings)),
    'runs.list': async () => this.training.list(),
    'runs.get': ({ runId }) => runRequest(async () => this.training.detail(runId)),
    'runs.control': ({ runId, action }) => runRequest(() => this.training.control(runId, action)),
    'runs.update': ({ runId, name, tags, note }) => runRequest(async () => {
      let run = name === undefined ? this.training.detail(runId).run : this.training.rename(runId, name);
      if (tags !== undefined) run = this.training.setTags(runId, tags);
      if (note !== undefined) run = this.training.setNote(runId, note);
      return run;
    }),
    'runs.delete': ({ runId }) => runRequest(async () => {
      await this.training.delete(runId);
      return null;
    }),
    'infer.start': ({ request }) => runRequest(() => this.jobs.startInference(request as InferRequest)),
    'infer.results': ({ jobId, offset, limit }) => runRequest(() => this.jobs.inferResults(jobId, offset ?? 0, limit ?? 100)),
    'export.start': ({ request }) => runRequest(() => this.jobs.startExport(request)),
    'jobs.list': async () => this.jobs.list(),
    'jobs.cancel': ({ jobId }) => runRequest(async () => this.jobs.cancel(jobId)),
    'dialog.pickFolder': async ({ title }) => this.options.pickFolder?.(title ?? 'Choose a folder') ?? null,
  };

  /** Validates `params` against the method's schema, then runs it. */
  async handle<M extends MethodName>(method: string, params: unknown): Promise<MethodResult<M>> {
    if (!Object.hasOwn(METHODS, method)) throw new ApiError(`unknown method "${method}"`);
    const parsed = METHODS[method as M].params.safeParse(params ?? {});
    if (!parsed.success) throw new ApiError(`${method}: ${describeIssues(parsed.error.issues)}`);
    const handler = this.handlers[method as M] as (params: unknown) => Promise<MethodResult<M>>;
    return handler(parsed.data);
  }

  async binary(name: string, params: unknown): Promise<BinaryPayload> {
    if (!Object.hasOwn(BINARY, name)) throw new ApiError(`unknown resource "${name}"`);
    const parsed = BINARY[name as BinaryName].safeParse(params);
    if (!parsed.success) throw new ApiError(`${name}: ${describeIssues(parsed.error.issues)}`);
    if ('jobId' in parsed.data) {
      const { jobId, side, path } = parsed.data;
      const file = await runRequest(async () => this.jobs.jobFile(jobId, side, path));
      const bytes = await readFile(file).catch(() => {
        throw new ApiError(`${path}: cannot read it in the job's ${side} folder`);
      });
      return { mime: /\.jpe?g$/i.test(file) ? 'image/jpeg' : 'image/png', bytes: toArrayBuffer(bytes) };
    }
    if ('runId' in parsed.data) {
      const { runId, epoch, frameId } = parsed.data;
      const path = this.training.samplePath(runId, epoch, frameId);
      if (!path) throw new ApiError(`run ${runId} saved no prediction for ${frameId} at epoch ${epoch}`);
      return { mime: 'image/png', bytes: toArrayBuffer(await readFile(path)) };
    }
    const { datasetId, frameId } = parsed.data;
    const frame = this.frame(datasetId, frameId);
    if (name === 'photo') {
      const path = await firstExisting(frame.photoCandidates);
      if (!path) throw new ApiError(`${frame.stem}: no photo found`);
      const bytes = await readFile(path);
      return { mime: /\.jpe?g$/i.test(path) ? 'image/jpeg' : 'image/png', bytes: toArrayBuffer(bytes) };
    }
    const official = await this.officialPath(frame);
    if (!official) throw new ApiError(`${frame.stem}: no official mask stored`);
    // Sent as the PNG file: the renderer decodes it natively (without colour management), in parallel with the photo.
    return { mime: 'image/png', bytes: toArrayBuffer(await readFile(official.path)) };
  }

  async openDataset(path: string): Promise<DatasetSummary> {
    const root = resolve(path);
    const info = await stat(root).catch(() => null);
    if (!info?.isDirectory()) throw new ApiError(`${path}: no such folder`);
    const frames = await scanFrames(root);
    if (frames.length === 0) throw new ApiError(`${path}: no *_polygons.json annotations found in this folder`);
    const name = basename(root);
    const now = new Date().toISOString();
    const { db } = this.options;
    db.prepare('INSERT INTO datasets (root, name, opened_at) VALUES (?, ?, ?) ON CONFLICT(root) DO UPDATE SET opened_at = excluded.opened_at').run(root, name, now);
    const { id } = db.prepare('SELECT id FROM datasets WHERE root = ?').get(root) as { id: number };
    const dataset: OpenDataset = {
      id, root, name, frames,
      byId: new Map(frames.map((f, i) => [f.id, i])),
      labels: buildLabelIndex(CITYSCAPES),
    };
    this.datasets.set(id, dataset);
    return { id, root, name, frameCount: frames.length, labels: dataset.labels.spec, splits: summarizeSplits(frames) };
  }

  private recent(): RecentDataset[] {
    return (this.options.db.prepare('SELECT root, name, opened_at AS openedAt FROM datasets ORDER BY opened_at DESC LIMIT 10').all() as RecentDataset[]);
  }

  private dataset(datasetId: number): OpenDataset {
    const dataset = this.datasets.get(datasetId);
    if (!dataset) throw new ApiError(`dataset ${datasetId} is not open: open its folder first`);
    return dataset;
  }

  private frame(datasetId: number, frameId: string): FrameEntry {
    const dataset = this.dataset(datasetId);
    const index = dataset.byId.get(frameId);
    if (index === undefined) throw new ApiError(`frame "${frameId}" is not in dataset ${dataset.name}`);
    return dataset.frames[index];
  }

  async listFrames(query: ValidatedParams<'frames.list'>): Promise<FrameList> {
    const dataset = this.dataset(query.datasetId);
    const marks = this.qa.statuses(dataset.id);
    const search = query.search?.trim().toLowerCase();
    const matching = dataset.frames.filter((f) =>
      (!query.split || f.split === query.split) &&
      (!query.city || f.city === query.city) &&
      (!search || f.id.toLowerCase().includes(search)) &&
      (!query.status || (query.status === 'unmarked' ? !marks.has(f.id) : marks.get(f.id) === query.status)));
    const offset = query.offset ?? 0;
    const page = matching.slice(offset, offset + (query.limit ?? 200));
    const stats = this.cachedStats(dataset.id);
    return {
      total: matching.length,
      offset,
      frames: page.map((f) => summarize(f, stats.get(f.id) ?? null, marks.get(f.id) ?? null)),
    };
  }

  /** Reads the frames' annotations (once; cached in SQLite by mtime and size) for their object and problem counts. */
  async frameStats(datasetId: number, frameIds: readonly string[]): Promise<FrameSummary[]> {
    const dataset = this.dataset(datasetId);
    const { db } = this.options;
    const cached = db.prepare('SELECT mtime_ms AS mtimeMs, size, object_count AS objectCount, problem_count AS problemCount FROM frame_stats WHERE dataset_id = ? AND frame_id = ?');
    const store = db.prepare('INSERT OR REPLACE INTO frame_stats (dataset_id, frame_id, mtime_ms, size, object_count, problem_count) VALUES (?, ?, ?, ?, ?, ?)');
    const marks = this.qa.statuses(dataset.id);
    const fresh: Array<[string, number, number, number, number]> = [];
    const out: FrameSummary[] = [];
    for (const frameId of frameIds) {
      const frame = this.frame(datasetId, frameId);
      const info = await stat(frame.jsonPath).catch(() => null);
      let counts: { objectCount: number; problemCount: number } | null = null;
      if (info) {
        const row = cached.get(dataset.id, frameId) as { mtimeMs: number; size: number; objectCount: number; problemCount: number } | undefined;
        if (row && row.mtimeMs === info.mtimeMs && row.size === info.size) {
          counts = row;
        } else {
          const parsed = parseAnnotation(await readFile(frame.jsonPath, 'utf8'), frame.jsonPath, dataset.labels, QA_CHECKS);
          counts = { objectCount: parsed.annotation?.fileObjectCount ?? 0, problemCount: parsed.problems.length };
          fresh.push([frameId, info.mtimeMs, info.size, counts.objectCount, counts.problemCount]);
        }
      }
      out.push(summarize(frame, counts, marks.get(frameId) ?? null));
    }
    db.transaction(() => {
      for (const row of fresh) store.run(dataset.id, ...row);
    })();
    return out;
  }

  private cachedStats(datasetId: number): Map<string, { objectCount: number; problemCount: number }> {
    const rows = this.options.db.prepare('SELECT frame_id AS frameId, object_count AS objectCount, problem_count AS problemCount FROM frame_stats WHERE dataset_id = ?')
      .all(datasetId) as Array<{ frameId: string; objectCount: number; problemCount: number }>;
    return new Map(rows.map((r) => [r.frameId, r]));
  }

  async frameBundle(datasetId: number, frameId: string): Promise<FrameBundle> {
    const dataset = this.dataset(datasetId);
    const frame = this.frame(datasetId, frameId);
    let annotationText: string;
    try {
      annotationText = await readFile(frame.jsonPath, 'utf8');
    } catch (error) {
      throw new ApiError(`${frame.jsonPath}: cannot read (${(error as NodeJS.ErrnoException).code})`);
    }
    const parsed = parseAnnotation(annotationText, frame.jsonPath, dataset.labels, QA_CHECKS);
    const index = dataset.byId.get(frameId)!;
    const [photo, official] = await Promise.all([firstExisting(frame.photoCandidates), this.officialPath(frame)]);
    return {
      datasetId,
      frameId,
      title: frame.stem,
      width: parsed.annotation?.imgWidth ?? 0,
      height: parsed.annotation?.imgHeight ?? 0,
      annotationText,
      annotationFile: frame.jsonPath,
      problems: parsed.problems,
      hasPhoto: photo !== null,
      official: official?.kind ?? null,
      qa: this.qa.get(datasetId, frameId),
      neighbours: { previous: dataset.frames[index - 1]?.id ?? null, next: dataset.frames[index + 1]?.id ?? null },
    };
  }

  private async officialPath(frame: FrameEntry): Promise<{ kind: 'color' | 'labelIds'; path: string } | null> {
    const path = await firstExisting([frame.officialColor, frame.officialLabelIds]);
    if (!path) return null;
    return { kind: path === frame.officialColor ? 'color' : 'labelIds', path };
  }

  private async report(datasetId: number, format: 'csv' | 'json'): Promise<QaReport> {
    const dataset = this.dataset(datasetId);
    const problems = this.cachedStats(datasetId);
    return qaReport(dataset.name, this.qa.all(datasetId), (frameId) => problems.get(frameId)?.problemCount ?? null, format);
  }
}

function summarize(frame: FrameEntry, counts: { objectCount: number; problemCount: number } | null, status: QaStatus | null): FrameSummary {
  return {
    id: frame.id, split: frame.split, city: frame.city, stem: frame.stem,
    objectCount: counts?.objectCount ?? null, problemCount: counts?.problemCount ?? null, qaStatus: status,
  };
}

function summarizeSplits(frames: readonly FrameEntry[]): DatasetSummary['splits'] {
  const splits = new Map<string, Map<string, number>>();
  for (const f of frames) {
    const cities = splits.get(f.split) ?? new Map<string, number>();
    cities.set(f.city, (cities.get(f.city) ?? 0) + 1);
    splits.set(f.split, cities);
  }
  return [...splits].map(([name, cities]) => ({ name, cities: [...cities].map(([city, frameCount]) => ({ name: city, frameCount })) }));
}

/** Runs a runs request, turning the mistakes a user can fix into API errors (400) rather than internal ones. */
async function runRequest<T>(body: () => Promise<T>): Promise<T> {
  try {
    return await body();
  } catch (error) {
    if (error instanceof RunRequestError || error instanceof JobRequestError) throw new ApiError(error.message);
    throw error;
  }
}

function describeIssues(issues: ReadonlyArray<{ path: PropertyKey[]; message: string }>): string {
  return issues.map((i) => `${i.path.length ? i.path.join('.') : 'params'}: ${i.message}`).join('; ');
}

function toArrayBuffer(bytes: Uint8Array): ArrayBuffer {
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
}
