import { readFile, stat } from 'node:fs/promises';
import { relative, resolve, sep } from 'node:path';
import type {
  ExportEvent, ExportRequest, ExportSummary, InferEvent, InferRequest, InferResultItem, InferSummary, JobState, StudioEvent,
} from '../../../src-shared/api';
import { INFER_OUTPUT_TYPES } from '../../../src-shared/api';
import { startExport } from '../export';
import { findInputImages, outputPathsFor, startInference, type InferenceDeps } from '../inference';
import { UserError } from '../../../src-shared/errors';
import { confinedRealPath } from '../../util/confined-path';
import { zipStored, type ZipEntry } from '../../util/stored-zip';
import { walkFiles } from '../../util/walk-files';

/** The most a job's output zip holds: it is built in memory to answer one request. */
const MAX_ZIP_BYTES = 2 * 1024 ** 3;

/** A request about a job the user can fix: the API answers it with its message. */

interface Handle {
  state: JobState;
  cancel(): void;
}

/**
 * Folder inference and exports started from the windows: each runs as a job with an id, its events
 * go to every window with the job's state, and the newest jobs stay listed for this session.
 */
export class JobDesk {
  private readonly jobs = new Map<number, Handle>();
  private readonly listeners = new Set<(event: StudioEvent) => void>();
  private nextId = 1;

  constructor(private readonly deps: InferenceDeps) {}

  onEvent(listener: (event: StudioEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  startInference(request: InferRequest): Promise<JobState> {
    return this.launch({ kind: 'infer', request, summary: null }, (handle) => startInference(request, this.deps, (event) => this.onInferEvent(handle, event)));
  }

  startExport(request: ExportRequest): Promise<JobState> {
    return this.launch({ kind: 'export', request, summary: null }, (handle) => startExport(request, this.deps, (event) => this.onExportEvent(handle, event)));
  }

  list(): JobState[] {
    return [...this.jobs.values()].map((h) => h.state).reverse();
  }

  cancel(jobId: number): JobState {
    const handle = this.handle(jobId);
    if (handle.state.status === 'running') handle.cancel();
    return handle.state;
  }

  cancelAll(): void {
    for (const handle of this.jobs.values()) if (handle.state.status === 'running') handle.cancel();
  }

  /** The images of an inference job that have outputs on disk, paged. */
  async inferResults(jobId: number, offset: number, limit: number): Promise<{ total: number; items: InferResultItem[] }> {
    const state = this.handle(jobId).state;
    if (state.kind !== 'infer') throw new UserError(`job ${jobId} is an export, not an inference`);
    const inputDir = resolve(state.request.inputDir);
    const outputDir = resolve(state.request.outputDir);
    const { files: images } = await findInputImages(inputDir, outputDir);
    const items: InferResultItem[] = [];
    for (const image of images.slice(offset, offset + limit)) {
      const paths = outputPathsFor(inputDir, outputDir, image, INFER_OUTPUT_TYPES);
      const outputs: Record<string, string> = {};
      for (const type of INFER_OUTPUT_TYPES) {
        if (await stat(paths[type]).then((s) => s.isFile(), () => false)) outputs[type] = relative(outputDir, paths[type]);
      }
      items.push({ input: relative(inputDir, image), outputs });
    }
    return { total: images.length, items };
  }

  /**
   * The real path of a file inside a job's input or output folder, links resolved: nothing outside them,
   * through a link or otherwise, and no hidden files.
   */
  async jobFile(jobId: number, side: 'input' | 'output', path: string): Promise<string> {
    const { request } = this.handle(jobId).state;
    const rootText = side === 'input' ? ('inputDir' in request ? request.inputDir : null) : request.outputDir;
    if (!rootText) throw new UserError(`job ${jobId} has no input folder`);
    const root = resolve(rootText);
    const file = resolve(root, path);
    const real = file.startsWith(root + sep) ? await confinedRealPath(file, [root]) : null;
    if (real === null) throw new UserError(`${path}: not inside the job's ${side} folder`);
    return real;
  }

  /**
   * A finished job's output folder as a stored zip, for the browser studio, which cannot open the folder:
   * only files inside it once links are resolved, and no hidden files.
   */
  async outputZip(jobId: number): Promise<Uint8Array> {
    const { state } = this.handle(jobId);
    if (state.status === 'running') throw new UserError(`job ${jobId} is still running: download its files once it ends`);
    const root = resolve(state.request.outputDir);
    const { files } = await walkFiles(root, { accept: () => true }).catch(() => {
      throw new UserError(`${root}: the job's output folder cannot be read`);
    });
    const entries: ZipEntry[] = [];
    let bytes = 0;
    for (const file of files) {
      const real = await confinedRealPath(file, [root]);
      if (real === null) continue;
      const info = await stat(real);
      bytes += info.size;
      if (bytes > MAX_ZIP_BYTES) throw new UserError(`job ${jobId}: its output is over 2 GiB, too large to download as one zip; copy ${root} instead`);
      entries.push({ name: relative(root, file).split(sep).join('/'), data: await readFile(real), modified: info.mtime });
    }
    return zipStored(entries);
  }

  /** Registers the job, starts it and follows it to its end; a request that cannot start leaves no job behind. */
  private async launch(
    partial: Pick<JobState, 'kind' | 'request' | 'summary'>,
    start: (handle: Handle) => Promise<{ finished: Promise<InferSummary | ExportSummary>; cancel(): void }>,
  ): Promise<JobState> {
    const handle = this.register(partial);
    try {
      const job = await start(handle);
      handle.cancel = () => job.cancel();
      void job.finished.then(
        (summary) => this.settle(handle, { summary, status: summary.cancelled ? 'cancelled' : 'done' }),
        (error: Error) => this.settle(handle, { status: 'failed', error: error.message }),
      );
    } catch (error) {
      this.jobs.delete(handle.state.id);
      throw error;
    }
    return handle.state;
  }

  private register(partial: Pick<JobState, 'kind' | 'request' | 'summary'>): Handle {
    const state = {
      ...partial, id: this.nextId++, status: 'running', startedAt: new Date().toISOString(), progress: null, failures: [], error: null,
    } as JobState;
    const handle: Handle = { state, cancel: () => undefined };
    this.jobs.set(state.id, handle);
    return handle;
  }

  private onInferEvent(handle: Handle, event: InferEvent): void {
    if (event.type === 'started') this.patch(handle, { progress: { done: 0, total: event.total - event.skipped, failed: 0 } });
    if (event.type === 'progress') this.patch(handle, { progress: { ...event } });
    if (event.type === 'file-failed') this.patch(handle, { failures: [...handle.state.failures, { path: event.path, error: event.error }] });
    if (event.type !== 'finished') this.emit({ channel: 'job', job: handle.state, kind: 'infer', event });
  }

  private onExportEvent(handle: Handle, event: ExportEvent): void {
    if (event.type === 'progress') this.patch(handle, { progress: { ...event } });
    if (event.type === 'file-failed') this.patch(handle, { failures: [...handle.state.failures, { path: event.path, error: event.error }] });
    if (event.type !== 'finished') this.emit({ channel: 'job', job: handle.state, kind: 'export', event });
  }

  private settle(handle: Handle, change: { summary?: InferSummary | ExportSummary; status: JobState['status']; error?: string }): void {
    this.patch(handle, { summary: change.summary ?? null, status: change.status, error: change.error ?? null } as Partial<JobState>);
    const { state } = handle;
    if (state.kind === 'infer') this.emit({ channel: 'job', job: state, kind: 'infer', event: { type: 'finished', summary: state.summary ?? emptySummary(state) } });
    else this.emit({ channel: 'job', job: state, kind: 'export', event: { type: 'finished', summary: state.summary ?? emptyExport(state.request) } });
  }

  private patch(handle: Handle, change: Partial<JobState>): void {
    handle.state = { ...handle.state, ...change } as JobState;
  }

  private handle(jobId: number): Handle {
    const handle = this.jobs.get(jobId);
    if (!handle) throw new UserError(`job ${jobId} does not exist (jobs are kept while the studio runs)`);
    return handle;
  }

  private emit(event: StudioEvent): void {
    for (const listener of this.listeners) listener(event);
  }
}


// A job that failed before it could summarize itself still sends one `finished` event, with nothing done.
function emptySummary(state: JobState): InferSummary {
  return { total: 0, written: 0, skipped: 0, failed: 0, failures: [], files: 0, seconds: 0, cancelled: state.status === 'cancelled', outputDir: state.request.outputDir };
}

function emptyExport(request: ExportRequest): ExportSummary {
  return { kind: request.kind, outputDir: request.outputDir, files: [], failures: [], seconds: 0, cancelled: false };
}
