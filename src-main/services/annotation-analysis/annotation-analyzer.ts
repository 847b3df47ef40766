import type { Worker } from 'node:worker_threads';
import type { LabelSpec } from '../../../src-shared/labels';
import { startWorker } from '../../util/ts-worker';
import type { AnalysisReply, AnalysisRequest, AnnotationAnalysis } from './protocol';

// From source the entry is TypeScript (started through tsx); in a build it is annotation-worker.mjs beside the chunk.
const ANALYSIS_WORKER = import.meta.url.endsWith('.ts') ? new URL('./analysis-worker.ts', import.meta.url) : new URL('./annotation-worker.mjs', import.meta.url);

export interface AnalyzerOptions {
  /** Worker threads; files are analysed one per worker at a time. */
  readonly workers?: number;
  /** How long one file may take before its worker is stopped and the file reported as too complex. */
  readonly budgetMs?: number;
}

interface Task {
  readonly request: Omit<AnalysisRequest, 'seq'>;
  readonly resolve: (analysis: AnnotationAnalysis | null) => void;
}

interface Slot {
  worker: Worker;
  task: (Task & { readonly seq: number; readonly timer: NodeJS.Timeout }) | null;
}

const DEFAULT_BUDGET_MS = 5000;

/**
 * Parses and checks annotation files for the QA views on worker threads, so a huge or pathological
 * file never blocks the main thread's event loop (the web host's requests, the desktop app's IPC).
 * A file over its time budget has its worker stopped (and replaced) and is analysed again without the
 * geometry checks, which are the part that can grow faster than the file; the answer says so.
 */
export class AnnotationAnalyzer {
  private readonly slots: Slot[] = [];
  private readonly queue: Task[] = [];
  private readonly budgetMs: number;
  private readonly size: number;
  private seq = 0;
  private isClosed = false;

  constructor(options: AnalyzerOptions = {}) {
    this.size = Math.max(1, options.workers ?? 1);
    this.budgetMs = options.budgetMs ?? DEFAULT_BUDGET_MS;
  }

  async analyze(text: string, file: string, labels: LabelSpec): Promise<AnnotationAnalysis> {
    const checked = await this.run({ text, file, labels, geometryWarnings: true });
    if (checked) return checked;
    const seconds = this.budgetMs / 1000;
    const plain = await this.run({ text, file, labels, geometryWarnings: false });
    const tooComplex = { severity: 'warning' as const, file, message: `too complex to check its polygons' geometry within ${seconds} s; geometry checks skipped` };
    if (plain) return { ...plain, problems: [tooComplex, ...plain.problems] };
    return { imgWidth: 0, imgHeight: 0, objectCount: null, problems: [{ severity: 'error', file, message: `could not be analysed within ${seconds} s` }] };
  }

  /** Stops every worker; analyses still waiting resolve as over budget. */
  close(): void {
    this.isClosed = true;
    for (const task of this.queue.splice(0)) task.resolve(null);
    for (const slot of this.slots.splice(0)) {
      if (slot.task) {
        clearTimeout(slot.task.timer);
        slot.task.resolve(null);
      }
      void slot.worker.terminate();
    }
  }

  /** The analysis, or null when it ran over budget (or the analyzer closed). */
  private run(request: Omit<AnalysisRequest, 'seq'>): Promise<AnnotationAnalysis | null> {
    if (this.isClosed) return Promise.resolve(null);
    return new Promise((resolve) => {
      this.queue.push({ request, resolve });
      this.dispatch();
    });
  }

  private dispatch(): void {
    while (this.queue.length > 0) {
      const slot = this.slots.find((s) => s.task === null) ?? (this.slots.length < this.size ? this.addSlot() : null);
      if (!slot) return;
      const task = this.queue.shift()!;
      const seq = ++this.seq;
      const timer = setTimeout(() => this.overBudget(slot), this.budgetMs);
      slot.task = { ...task, seq, timer };
      slot.worker.ref();
      slot.worker.postMessage({ ...task.request, seq } satisfies AnalysisRequest);
    }
  }

  private addSlot(): Slot {
    const slot: Slot = { worker: this.startWorker(), task: null };
    this.slots.push(slot);
    return slot;
  }

  private startWorker(): Worker {
    const worker = startWorker(ANALYSIS_WORKER);
    worker.on('message', (reply: AnalysisReply) => {
      const slot = this.slots.find((s) => s.worker === worker);
      if (!slot?.task || slot.task.seq !== reply.seq) return;
      const { resolve, timer } = slot.task;
      clearTimeout(timer);
      this.release(slot);
      resolve(reply.analysis);
    });
    worker.on('error', () => {
      const slot = this.slots.find((s) => s.worker === worker);
      if (slot) this.overBudget(slot);
    });
    // An idle pool must not keep the process alive (a CLI, a test); a busy worker is ref'd while it works.
    worker.unref();
    return worker;
  }

  /** The worker is stuck on (or crashed in) its file: replace it, and let the file's caller decide what next. */
  private overBudget(slot: Slot): void {
    const task = slot.task;
    if (!task) return;
    clearTimeout(task.timer);
    void slot.worker.terminate();
    slot.worker = this.startWorker();
    slot.task = null;
    task.resolve(null);
    this.dispatch();
  }

  private release(slot: Slot): void {
    slot.task = null;
    slot.worker.unref();
    this.dispatch();
  }
}
