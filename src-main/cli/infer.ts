import { existsSync, statSync } from 'node:fs';
import { relative, sep } from 'node:path';
import { parseArgs } from 'node:util';
import { CHECKPOINT_CHOICES, INFER_OUTPUT_TYPES, type CheckpointChoice, type InferEvent, type InferOutputType, type InferRequest, type InferSummary, type ModelSource } from '../../src-shared/api/inference';
import { defaultDataDir } from '../app-paths';
import { startInference } from '../services/inference';
import { RunStore } from '../services/runs/run-store';
import { openDatabase } from '../store/db';
import { parseChoice, parsePositiveInteger } from './flags';
import { followJob } from './follow-job';
import { ProgressBar } from './progress';
import { UsageError } from './usage-error';
import { printable } from '../../src-shared/errors';

export const INFER_USAGE = `segstudio infer (--run RUN_ID [--checkpoint best|last] | --model DIR) --in DIR --out DIR
                [--types ${INFER_OUTPUT_TYPES.join(',')}] [--overwrite] [--workers N] [--data-dir DIR] [--json]

Predicts every PNG and JPEG under --in (recursively) with a run's checkpoint (default: best) or a
folder written by "segstudio export model", writing per image <name> (a trailing _leftImg8bit
dropped), at the image's own size, in a mirror of the input tree under --out:
  <name>_color.png     the prediction in the official Cityscapes colours (by train id)
  <name>_labelIds.png  label ids (8-bit grey), as the Cityscapes evaluation reads them
  <name>_trainIds.png  train ids (8-bit grey)
  <name>_overlay.jpg   the colours blended over the photo
Each photo is resized to the model's training size and normalized as in training; the predicted
labels are resized back to the photo's size with nearest neighbour. Outputs that exist are kept
and their images skipped, so an interrupted job resumes; --overwrite replaces them. Runs one
worker thread per core (--workers N to choose). Exits 1 when an image failed (each named on
stderr); --json prints one final summary line.`;

const OPTIONS = {
  run: { type: 'string' },
  model: { type: 'string' },
  checkpoint: { type: 'string' },
  in: { type: 'string' },
  out: { type: 'string' },
  types: { type: 'string' },
  overwrite: { type: 'boolean', default: false },
  workers: { type: 'string' },
  'data-dir': { type: 'string' },
  json: { type: 'boolean', default: false },
} as const;

export async function runInfer(argv: string[]): Promise<number> {
  const { values } = parseArgs({ args: argv, options: OPTIONS, strict: true, allowPositionals: false });
  const source = modelSourceFromFlags(values);
  if (values.in === undefined) throw new UsageError('--in DIR is required: the folder of photos to predict');
  if (values.out === undefined) throw new UsageError('--out DIR is required: where the predictions go');
  if (!existsSync(values.in) || !statSync(values.in).isDirectory()) throw new UsageError(`--in: ${values.in}: no such folder`);
  const request: InferRequest = {
    ...source,
    inputDir: values.in,
    outputDir: values.out,
    types: parseInferTypes(values.types),
    overwrite: values.overwrite,
    workers: values.workers === undefined ? undefined : parsePositiveInteger('--workers', values.workers),
  };

  const dataDir = values['data-dir'] ?? defaultDataDir();
  const reporter = new InferReporter(values.json);
  const summary = await followJob('segstudio infer', () => startInference(request, { store: new RunStore(openDatabase(dataDir)), dataDir }, (event) => reporter.report(event)), () => reporter.abandon());
  if (!summary) return 1;
  reporter.finish(summary);
  return summary.cancelled ? 130 : summary.failed > 0 ? 1 : 0;
}

type InferFlags = ReturnType<typeof parseArgs<{ args: string[]; options: typeof OPTIONS; strict: true }>>['values'];

function modelSourceFromFlags(values: InferFlags): ModelSource {
  if ((values.run === undefined) === (values.model === undefined)) throw new UsageError('give either --run RUN_ID or --model DIR');
  if (values.model !== undefined) {
    if (values.checkpoint !== undefined) throw new UsageError('--checkpoint chooses among a run\'s checkpoints; an exported --model has one');
    return { modelDir: values.model };
  }
  const checkpoint = values.checkpoint === undefined ? 'best' : parseChoice('--checkpoint', values.checkpoint, CHECKPOINT_CHOICES) as CheckpointChoice;
  return { runId: parsePositiveInteger('--run', values.run!), checkpoint };
}

export function parseInferTypes(value: string | undefined): InferOutputType[] {
  if (value === undefined) return [...INFER_OUTPUT_TYPES];
  const types = value.split(',').map((t) => t.trim()).filter(Boolean);
  const unknown = types.find((t) => !(INFER_OUTPUT_TYPES as readonly string[]).includes(t));
  if (unknown !== undefined || types.length === 0) {
    throw new UsageError(`--types: unknown type ${JSON.stringify(unknown ?? value)} (choose from ${INFER_OUTPUT_TYPES.join(', ')})`);
  }
  return [...new Set(types)] as InferOutputType[];
}

/** A path as the user would type it: relative to the working folder when inside it. */
export function displayPath(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel === '' || rel === '..' || rel.startsWith(`..${sep}`) ? path : rel;
}

/** Progress bar on a terminal, one line per failed image (stderr), then a summary line or JSON (stdout). */
class InferReporter {
  private bar: ProgressBar | null = null;

  constructor(private readonly isJson: boolean) {}

  report(event: InferEvent): void {
    switch (event.type) {
      case 'started':
        this.bar = new ProgressBar('infer', event.total - event.skipped, 'images');
        if (!this.isJson && event.skipped > 0) console.error(`${event.skipped} of ${event.total} images already have their outputs; skipping them (--overwrite redoes them)`);
        return;
      case 'progress':
        this.bar?.update(event.done);
        return;
      case 'file-failed':
        this.bar?.clear();
        console.error(printable(`error: ${displayPath(event.path)}: ${event.error}`));
        return;
      default:
        return;
    }
  }

  /** Clears the bar when the job failed as a whole (the model could not load). */
  abandon(): void {
    this.bar?.clear();
  }

  finish(summary: InferSummary): void {
    this.bar?.clear();
    if (this.isJson) {
      console.log(JSON.stringify(summary));
      return;
    }
    const predicted = summary.written + summary.failed;
    const rate = summary.written / Math.max(summary.seconds, 1e-3);
    const status = summary.cancelled ? 'cancelled: ' : '';
    console.log(`infer: ${status}${summary.written} images predicted, ${summary.skipped} skipped, ${summary.failed} failed ` +
      `of ${summary.total}; ${summary.files} files written to ${displayPath(summary.outputDir)} in ${summary.seconds.toFixed(1)}s` +
      (predicted > 0 ? ` (${rate.toFixed(1)} images/s)` : ''));
  }
}
