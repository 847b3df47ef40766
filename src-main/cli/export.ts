import { parseArgs } from 'node:util';
import { CHECKPOINT_CHOICES, EXPORT_KINDS, type CheckpointChoice, type ExportEvent, type ExportKind, type ExportSummary } from '../../src-shared/api/inference';
import { defaultDataDir } from '../app-paths';
import { exportModel, exportReport, startMasksExport, startPredictionsExport, type ExportJob } from '../services/export';
import { RunStore } from '../services/runs/run-store';
import { openDatabase } from '../store/db';
import { parseChoice, parsePositiveInteger } from './flags';
import { followJob } from './follow-job';
import { displayPath } from './infer';
import { labelSpecFromFlag } from './label-spec';
import { pillowFromFlag } from './pillow-flag';
import { ProgressBar } from './progress';
import { UsageError } from './usage-error';
import { printable } from '../../src-shared/errors';

export const EXPORT_USAGE = `segstudio export masks --dataset DIR --out DIR [--split S] [--labels SPEC.json] [--pillow VERSION] [--workers N] [--json]
segstudio export predictions --run RUN_ID --out DIR [--split val] [--checkpoint best|last] [--overwrite] [--workers N] [--data-dir DIR] [--json]
segstudio export report --run RUN_ID --out DIR [--data-dir DIR] [--json]
segstudio export model --run RUN_ID --out DIR [--checkpoint best|last] [--data-dir DIR] [--json]

  masks        colour masks drawn from the dataset's polygons, mirroring its gtFine tree, in the palette of
               --labels SPEC.json, else of the dataset's own segstudio.labels.json, else Cityscapes',
               with the fill of Pillow --pillow (9.2 to 12.3; default 9.4)
  predictions  colour masks of a run's predictions on its dataset's split (<split>/<city>/<stem>_color.png)
  report       metrics.csv + metrics.json per epoch, classes.csv (IoU, Dice, accuracy, sensitivity,
               specificity per class at the best epoch), config.json
  model        model.json + weights.bin (TensorFlow.js layers format) + segstudio-model.json, which
               "segstudio infer --model DIR" runs
Every file is written atomically. --json prints one final summary line.`;

const COMMON = { out: { type: 'string' }, json: { type: 'boolean', default: false } } as const;
const RUN = { ...COMMON, run: { type: 'string' }, 'data-dir': { type: 'string' } } as const;
const OPTIONS = {
  masks: { ...COMMON, dataset: { type: 'string' }, split: { type: 'string' }, labels: { type: 'string' }, pillow: { type: 'string' }, workers: { type: 'string' } },
  predictions: { ...RUN, split: { type: 'string' }, checkpoint: { type: 'string' }, overwrite: { type: 'boolean', default: false }, workers: { type: 'string' } },
  report: RUN,
  model: { ...RUN, checkpoint: { type: 'string' } },
} as const;

interface Flags {
  out?: string;
  json: boolean;
  run?: string;
  'data-dir'?: string;
  dataset?: string;
  split?: string;
  labels?: string;
  pillow?: string;
  workers?: string;
  checkpoint?: string;
  overwrite?: boolean;
}

export async function runExport(argv: string[]): Promise<number> {
  const [what, ...rest] = argv;
  if (what === undefined || !(EXPORT_KINDS as readonly string[]).includes(what)) {
    throw new UsageError(`${what === undefined ? 'say what to export' : `unknown export ${JSON.stringify(what)}`} (choose from ${EXPORT_KINDS.join(', ')})`);
  }
  const kind = what as ExportKind;
  const values = parseArgs({ args: rest, options: OPTIONS[kind], strict: true, allowPositionals: false }).values as Flags;
  if (values.out === undefined) throw new UsageError('--out DIR is required');
  const reporter = new ExportReporter(kind, values.json);
  const summary = await followJob(`segstudio export ${kind}`, () => startJob(kind, values, values.out!, (event) => reporter.report(event)), () => reporter.abandon());
  if (!summary) return 1;
  reporter.finish(summary);
  return summary.cancelled ? 130 : summary.failures.length > 0 ? 1 : 0;
}

async function startJob(kind: ExportKind, values: Flags, out: string, onEvent: (event: ExportEvent) => void): Promise<ExportJob> {
  const workers = values.workers === undefined ? undefined : parsePositiveInteger('--workers', values.workers);
  if (kind === 'masks') {
    if (values.dataset === undefined) throw new UsageError('--dataset DIR is required');
    const { version: pillow } = pillowFromFlag(values.pillow);
    return startMasksExport({ datasetRoot: values.dataset, outputDir: out, split: values.split, labelSpec: await labelSpecFromFlag(values.labels), pillow, workers }, onEvent);
  }
  if (values.run === undefined) throw new UsageError('--run RUN_ID is required');
  const runId = parsePositiveInteger('--run', values.run);
  const checkpoint = values.checkpoint === undefined ? 'best' : parseChoice('--checkpoint', values.checkpoint, CHECKPOINT_CHOICES) as CheckpointChoice;
  const dataDir = values['data-dir'] ?? defaultDataDir();
  const deps = { store: new RunStore(openDatabase(dataDir)), dataDir };
  if (kind === 'predictions') {
    return startPredictionsExport({ runId, outputDir: out, split: values.split, checkpoint, overwrite: values.overwrite, workers }, deps, onEvent);
  }
  const summary = kind === 'report' ? await exportReport({ runId, outputDir: out }, deps) : await exportModel({ runId, outputDir: out, checkpoint }, deps);
  return { finished: Promise.resolve(summary), cancel: () => {} };
}

class ExportReporter {
  private bar: ProgressBar | null = null;

  constructor(private readonly kind: ExportKind, private readonly isJson: boolean) {}

  report(event: ExportEvent): void {
    if (event.type === 'progress') {
      this.bar ??= new ProgressBar(`export ${this.kind}`, event.total, this.kind === 'masks' ? 'frames' : 'images');
      this.bar.update(event.done);
    } else if (event.type === 'file-failed') {
      this.bar?.clear();
      console.error(printable(`error: ${displayPath(event.path)}: ${event.error}`));
    }
  }

  /** Clears the bar when the export failed as a whole. */
  abandon(): void {
    this.bar?.clear();
  }

  finish(summary: ExportSummary): void {
    this.bar?.clear();
    if (this.isJson) {
      console.log(JSON.stringify(summary));
      return;
    }
    const skipped = summary.inference && summary.inference.skipped > 0 ? `, ${summary.inference.skipped} kept from an earlier export` : '';
    const failed = summary.failures.length > 0 ? `, ${summary.failures.length} failed` : '';
    const cancelled = summary.cancelled ? ' (cancelled)' : '';
    console.log(`export ${this.kind}: ${summary.files.length} files written to ${displayPath(summary.outputDir)}${skipped}${failed} in ${summary.seconds.toFixed(1)}s${cancelled}`);
  }
}
