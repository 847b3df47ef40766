import { readFile, stat } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { basename, resolve } from 'node:path';
import {
  BINARY, METHODS, type BinaryName, type BinaryParams, type BinaryPayload, type DatasetLabels, type DatasetSummary, type FrameBundle, type FrameList,
  type FrameSummary, type MethodName, type MethodResult, type QaReport, type QaStatus, type InferRequest, type RecentDataset, type StudioEvent, type ValidatedParams,
} from '../../src-shared/api';
import { SettingError, UserError } from '../../src-shared/errors';
import { buildLabelIndex, type LabelIndex } from '../../src-shared/labels';
import { DEFAULT_PILLOW_VERSION, pillowGeneration } from '../../src-shared/raster';
import { firstExisting, scanDataset, type FrameEntry } from '../dataset/frames';
import { datasetLabels } from '../dataset/label-spec';
import { engineNames } from '../ml/engine/engine-names';
import { probeEngine } from '../ml/engine/probe-engine';
import { ARCHS, BACKBONES } from '../ml/models/types';
import { LOSS_NAMES } from '../ml/train/losses';
import { OPTIMIZER_NAMES } from '../ml/train/optimizers';
import { TRAIN_PRESETS } from '../ml/train/presets';
import { presetSettings } from '../ml/train/recipe';
import { SCHEDULE_NAMES } from '../ml/train/schedules';
import type { Db } from '../store/db';
import { AnnotationAnalyzer, type AnalyzerOptions } from './annotation-analysis/annotation-analyzer';
import { confinedRealPath } from '../util/confined-path';
import { DatasetStore, type FrameStatsRow } from './dataset-store';
import { JobDesk } from './jobs/job-desk';
import { QaStore, qaReport } from './qa';
import type { TrainingProcess } from './training/training-process';
import { TrainingRuns } from './training/training-runs';

/** Annotation analysis threads: enough to keep a frame list's counts coming while a big file is checked. */
const ANALYSIS_WORKERS = Math.min(2, availableParallelism());

interface OpenDataset {
  readonly id: number;
  readonly root: string;
  readonly name: string;
  readonly frames: readonly FrameEntry[];
  readonly byId: ReadonlyMap<string, number>;
  readonly labels: LabelIndex;
  readonly labelSource: DatasetLabels['source'];
  /** The folders files may be served from: the root, and the photo folder its manifest names. */
  readonly servedRoots: readonly string[];
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
  /** Annotation analysis off the main thread: its workers and time budget per file (defaults for the app). */
  readonly analysis?: AnalyzerOptions;
}

/** The main-side services behind the API: one instance per app, shared by both transports. */
export class Studio {
  private readonly datasets = new Map<number, OpenDataset>();
  private readonly qa: QaStore;
  private readonly datasetStore: DatasetStore;
  private readonly analyzer: AnnotationAnalyzer;
  readonly training: TrainingRuns;
  readonly jobs: JobDesk;

  constructor(private readonly options: StudioOptions) {
    this.qa = new QaStore(options.db);
    this.datasetStore = new DatasetStore(options.db);
    this.analyzer = new AnnotationAnalyzer({ workers: ANALYSIS_WORKERS, ...options.analysis });
    this.training = new TrainingRuns({ db: options.db, dataDir: options.dataDir, spawn: options.spawnTraining });
    this.jobs = new JobDesk({ store: this.training.store, dataDir: options.dataDir });
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
    this.analyzer.close();
  }

  private readonly handlers: { [M in MethodName]: (params: ValidatedParams<M>) => Promise<MethodResult<M>> } = {
    'app.info': async () => ({
      version: this.options.version, transport: this.options.transport, defaultDataset: this.options.defaultDataset, recent: this.recent(),
    }),
    'datasets.open': ({ path, labels }) => this.openDataset(path, labels),
    'datasets.labels': ({ path, labels }) => datasetLabels(path, labels),
    'datasets.recent': async () => this.recent(),
    'datasets.setPillow': async ({ datasetId, pillow }) => this.setPillow(datasetId, pillow),
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
      archs: ARCHS, backbones: BACKBONES, optimizers: OPTIMIZER_NAMES, schedules: SCHEDULE_NAMES, losses: LOSS_NAMES, engines: engineNames,
      engine: engineForDisplay(),
      sampleDataset: this.options.defaultDataset,
    }),
    'runs.start': ({ settings }) => this.training.start(settings).catch((error: unknown) => {
      // The form names its fields as the settings do: say which one is at fault.
      throw error instanceof SettingError ? new SettingError(error.field, `${error.field}: ${error.message}`) : error;
    }),
    'runs.list': async () => this.training.list(),
    'runs.get': async ({ runId }) => this.training.detail(runId),
    'runs.control': ({ runId, action }) => this.training.control(runId, action),
    'runs.update': async ({ runId, name, tags, note }) => {
      let run = name === undefined ? this.training.detail(runId).run : this.training.rename(runId, name);
      if (tags !== undefined) run = this.training.setTags(runId, tags);
      if (note !== undefined) run = this.training.setNote(runId, note);
      return run;
    },
    'runs.delete': async ({ runId }) => {
      await this.training.delete(runId);
      return null;
    },
    'infer.start': ({ request }) => this.jobs.startInference(request as InferRequest),
    'infer.results': async ({ jobId, offset, limit }) => this.jobs.inferResults(jobId, offset ?? 0, limit ?? 100),
    'export.start': ({ request }) => this.jobs.startExport(request.kind === 'masks' ? { ...request, pillow: request.pillow ?? this.pillowOf(request.datasetRoot) } : request),
    'jobs.list': async () => this.jobs.list(),
    'jobs.cancel': async ({ jobId }) => this.jobs.cancel(jobId),
    'dialog.pickFolder': async ({ title }) => this.options.pickFolder?.(title ?? 'Choose a folder') ?? null,
  };

  /** Validates `params` against the method's schema, then runs it. */
  async handle<M extends MethodName>(method: string, params: unknown): Promise<MethodResult<M>> {
    if (!Object.hasOwn(METHODS, method)) throw new UserError(`unknown method "${method}"`);
    const parsed = METHODS[method as M].params.safeParse(params ?? {});
    if (!parsed.success) throw new UserError(`${method}: ${describeIssues(parsed.error.issues)}`);
    const handler = this.handlers[method as M] as (params: unknown) => Promise<MethodResult<M>>;
    return handler(parsed.data);
  }

  async binary(name: string, params: unknown): Promise<BinaryPayload> {
    if (!Object.hasOwn(BINARY, name)) throw new UserError(`unknown resource "${name}"`);
    const parsed = BINARY[name as BinaryName].safeParse(params);
    if (!parsed.success) throw new UserError(`${name}: ${describeIssues(parsed.error.issues)}`);
    if ('jobId' in parsed.data) {
      if (name === 'jobZip') return { mime: 'application/zip', bytes: toArrayBuffer(await this.jobs.outputZip(parsed.data.jobId)) };
      // Both job resources carry a job id; only jobFile names a side and a path.
      const { jobId, side, path } = parsed.data as BinaryParams<'jobFile'> & { jobId: number };
      const file = await this.jobs.jobFile(jobId, side, path);
      const bytes = await readFile(file).catch(() => {
        throw new UserError(`${path}: cannot read it in the job's ${side} folder`);
      });
      return { mime: /\.jpe?g$/i.test(file) ? 'image/jpeg' : 'image/png', bytes: toArrayBuffer(bytes) };
    }
    if ('runId' in parsed.data) {
      const { runId, epoch, frameId } = parsed.data;
      const path = this.training.samplePath(runId, epoch, frameId);
      if (!path) throw new UserError(`run ${runId} saved no prediction for ${frameId} at epoch ${epoch}`);
      return { mime: 'image/png', bytes: toArrayBuffer(await readFile(path)) };
    }
    const { datasetId, frameId } = parsed.data;
    const dataset = this.dataset(datasetId);
    const frame = this.frame(datasetId, frameId);
    if (name === 'photo') {
      const path = await firstExisting(frame.photoCandidates);
      if (!path) throw new UserError(`${frame.stem}: no photo found`);
      const bytes = await readFile(await this.servable(dataset, path));
      return { mime: /\.jpe?g$/i.test(path) ? 'image/jpeg' : 'image/png', bytes: toArrayBuffer(bytes) };
    }
    const official = await this.officialPath(frame);
    if (!official) throw new UserError(`${frame.stem}: no official mask stored`);
    // Sent as the PNG file: the renderer decodes it natively (without colour management), in parallel with the photo.
    return { mime: 'image/png', bytes: toArrayBuffer(await readFile(await this.servable(dataset, official.path))) };
  }

  /** The file's real path if it lies inside the dataset's folders once links are resolved; refused otherwise. */
  private async servable(dataset: OpenDataset, path: string): Promise<string> {
    const real = await confinedRealPath(path, dataset.servedRoots);
    if (real === null) throw new UserError(`${path}: outside the dataset's folders (through a link or a hidden folder): not served`);
    return real;
  }

  /** Opens a folder of annotations with its label spec (`labels`, else its own `segstudio.labels.json`, else Cityscapes). */
  async openDataset(path: string, labelsFile?: string): Promise<DatasetSummary> {
    const root = resolve(path);
    const info = await stat(root).catch(() => null);
    if (!info?.isDirectory()) throw new UserError(`${path}: no such folder`);
    const [{ frames, problems, photos }, labels] = await Promise.all([scanDataset(root), datasetLabels(root, labelsFile)]);
    if (frames.length === 0) throw new UserError(`${path}: no *_polygons.json annotations found in this folder`);
    const name = basename(root);
    const id = this.datasetStore.touch(root, name);
    const dataset: OpenDataset = {
      id, root, name, frames,
      byId: new Map(frames.map((f, i) => [f.id, i])),
      labels: buildLabelIndex(labels.spec),
      labelSource: labels.source,
      servedRoots: [root, photos],
    };
    this.datasets.set(id, dataset);
    return {
      id, root, name, frameCount: frames.length, labels: labels.spec, labelSource: labels.source, warnings: problems,
      pillow: this.datasetStore.pillowOf(root) ?? DEFAULT_PILLOW_VERSION, splits: summarizeSplits(frames),
    };
  }

  /** The Pillow release recorded for a folder, for work started on it without naming one. */
  private pillowOf(datasetRoot: string): string | undefined {
    return this.datasetStore.pillowOf(resolve(datasetRoot)) ?? undefined;
  }

  private setPillow(datasetId: number, pillow: string): { pillow: string } {
    this.dataset(datasetId);
    try {
      pillowGeneration(pillow);
    } catch (error) {
      throw new SettingError('pillow', `pillow: ${(error as Error).message}`);
    }
    this.datasetStore.setPillow(datasetId, pillow);
    return { pillow };
  }

  private recent(): RecentDataset[] {
    return this.datasetStore.recent();
  }

  private dataset(datasetId: number): OpenDataset {
    const dataset = this.datasets.get(datasetId);
    if (!dataset) throw new UserError(`dataset ${datasetId} is not open: open its folder first`);
    return dataset;
  }

  private frame(datasetId: number, frameId: string): FrameEntry {
    const dataset = this.dataset(datasetId);
    const index = dataset.byId.get(frameId);
    if (index === undefined) throw new UserError(`frame "${frameId}" is not in dataset ${dataset.name}`);
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
    const stats = this.datasetStore.frameStats(dataset.id);
    return {
      total: matching.length,
      offset,
      frames: page.map((f) => summarize(f, stats.get(f.id) ?? null, marks.get(f.id) ?? null)),
    };
  }

  /** Reads the frames' annotations (once; cached in SQLite by mtime and size) for their object and problem counts. */
  async frameStats(datasetId: number, frameIds: readonly string[]): Promise<FrameSummary[]> {
    const dataset = this.dataset(datasetId);
    const frames = frameIds.map((frameId) => this.frame(datasetId, frameId));
    const cached = this.datasetStore.frameStats(dataset.id);
    const marks = this.qa.statuses(dataset.id);
    const fresh: FrameStatsRow[] = [];
    const counts = await Promise.all(frames.map(async (frame): Promise<{ objectCount: number; problemCount: number } | null> => {
      const info = await stat(frame.jsonPath).catch(() => null);
      if (!info) return null;
      const row = cached.get(frame.id);
      if (row && row.mtimeMs === info.mtimeMs && row.size === info.size) return row;
      const text = await readFile(frame.jsonPath, 'utf8').catch(() => null);
      if (text === null) return null;
      const analysis = await this.analyzer.analyze(text, frame.jsonPath, dataset.labels.spec);
      const found = { objectCount: analysis.objectCount ?? 0, problemCount: analysis.problems.length };
      fresh.push({ frameId: frame.id, mtimeMs: info.mtimeMs, size: info.size, ...found });
      return found;
    }));
    this.datasetStore.saveFrameStats(dataset.id, fresh);
    return frames.map((frame, i) => summarize(frame, counts[i], marks.get(frame.id) ?? null));
  }

  async frameBundle(datasetId: number, frameId: string): Promise<FrameBundle> {
    const dataset = this.dataset(datasetId);
    const frame = this.frame(datasetId, frameId);
    let annotationText: string;
    try {
      annotationText = await readFile(frame.jsonPath, 'utf8');
    } catch (error) {
      throw new UserError(`${frame.jsonPath}: cannot read (${(error as NodeJS.ErrnoException).code})`);
    }
    const index = dataset.byId.get(frameId)!;
    const [analysis, photo, official] = await Promise.all([
      this.analyzer.analyze(annotationText, frame.jsonPath, dataset.labels.spec), firstExisting(frame.photoCandidates), this.officialPath(frame),
    ]);
    return {
      datasetId,
      frameId,
      title: frame.stem,
      width: analysis.imgWidth,
      height: analysis.imgHeight,
      annotationText,
      annotationFile: frame.jsonPath,
      problems: analysis.problems,
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
    // Every frame's problem count, so unmarked frames with problems are listed too (read once, then cached by mtime).
    const stats = await this.frameStats(datasetId, dataset.frames.map((f) => f.id));
    const problems = new Map(stats.filter((f) => f.problemCount !== null).map((f) => [f.id, f.problemCount!]));
    return qaReport(dataset.name, this.qa.all(datasetId), problems, format);
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

function describeIssues(issues: ReadonlyArray<{ path: PropertyKey[]; message: string }>): string {
  return issues.map((i) => `${i.path.length ? i.path.join('.') : 'params'}: ${i.message}`).join('; ');
}

function toArrayBuffer(bytes: Uint8Array): ArrayBuffer {
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
}

/** The engine a run would get now; a forced engine that cannot run says why in place of its device. */
function engineForDisplay(): { name: string; device: string } {
  try {
    return probeEngine();
  } catch (error) {
    return { name: process.env.SEGSTUDIO_BACKEND ?? 'none', device: `unavailable: ${(error as Error).message}` };
  }
}
