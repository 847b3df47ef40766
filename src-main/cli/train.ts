import { statSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { Run, StudioEvent, TrainingEvent, TrainSettings } from '../../src-shared/api';
import { printable, SettingError } from '../../src-shared/errors';
import { defaultDataDir } from '../app-paths';
import { engineNames, type EngineName } from '../ml/engine/engine-names';
import { ARCHS, type Arch } from '../ml/models/types';
import { OPTIMIZER_NAMES } from '../ml/train/optimizers';
import { PRESET_NAMES } from '../ml/train/presets';
import { DEFAULT_PRESET } from '../ml/train/recipe';
import { SCHEDULE_NAMES } from '../ml/train/schedules';
import { trainConfigOf } from '../ml/train/stored-config';
import { TrainingRuns } from '../services/training/training-runs';
import { openDatabase } from '../store/db';
import { parseChoice, parsePositiveInteger, parsePositiveNumber, parseSize } from './flags';
import { cancelOnInterrupt } from './follow-job';
import { ProgressBar } from './progress';
import { requestFromArgs, UsageError } from './usage-error';

export const TRAIN_USAGE = `segstudio train --dataset DIR --arch A [--labels SPEC.json] [--preset P] [--width N] [--size WxH] [--batch N] [--epochs N]
                [--lr X] [--optimizer O] [--schedule S] [--seed N] [--backend B] [--threads N] [--pillow VERSION] [--name NAME] [--data-dir DIR] [--json]
segstudio train --resume RUN_ID [--backend B] [--threads N] [--data-dir DIR] [--json]

Trains a segmentation model in a separate process, recording the run (epochs, per-class metrics,
checkpoints, sample predictions) in the studio database. Settings come from a preset (default: the
architecture's seed recipe), each flag overriding one; --seed N seeds the initial weights, the shuffle
and the augmentations. The label spec is --labels, else the dataset's own segstudio.labels.json, else
Cityscapes; it is recorded with the run. --resume continues an interrupted run from its last checkpoint. --json prints
one final line {"runId", "status", "engine", "metrics": {"mIoU", ...}}.

  --arch       ${ARCHS.join(', ')}
  --preset     ${PRESET_NAMES.join(', ')}
  --optimizer  ${OPTIMIZER_NAMES.join(', ')}
  --schedule   ${SCHEDULE_NAMES.join(', ')}
  --backend    ${engineNames.join(', ')} (default: the fastest available)
  --threads    threads each batch is split over (data-parallel; default: one per core on wasm and cpu,
               1 on the TensorFlow engines); 1 is faster when other work keeps the cores busy
  --pillow     the Pillow release (9.2 to 12.3) whose fill labels drawn from polygons follow
               (default: the dataset's setting in the studio, else 9.4); recorded with the run`;

const OPTIONS = {
  dataset: { type: 'string' },
  labels: { type: 'string' },
  arch: { type: 'string' },
  preset: { type: 'string' },
  width: { type: 'string' },
  size: { type: 'string' },
  batch: { type: 'string' },
  epochs: { type: 'string' },
  lr: { type: 'string' },
  optimizer: { type: 'string' },
  schedule: { type: 'string' },
  seed: { type: 'string' },
  backend: { type: 'string' },
  threads: { type: 'string' },
  pillow: { type: 'string' },
  name: { type: 'string' },
  resume: { type: 'string' },
  'data-dir': { type: 'string' },
  json: { type: 'boolean', default: false },
} as const;

type TrainFlags = ReturnType<typeof parseArgs<{ args: string[]; options: typeof OPTIONS; strict: true }>>['values'];

export async function runTrain(argv: string[]): Promise<number> {
  const { values } = parseArgs({ args: argv, options: OPTIONS, strict: true, allowPositionals: false });
  const backend = values.backend === undefined ? undefined : parseChoice('--backend', values.backend, engineNames) as EngineName;
  const threads = values.threads === undefined ? undefined : parsePositiveInteger('--threads', values.threads);
  const resumeId = values.resume === undefined ? undefined : parsePositiveInteger('--resume', values.resume);
  const settings = resumeId === undefined ? trainSettings(values) : undefined;
  if (resumeId !== undefined) {
    const extra = (Object.keys(values) as Array<keyof TrainFlags>).find((key) => !['resume', 'backend', 'threads', 'data-dir', 'json'].includes(key));
    if (extra) throw new UsageError(`--resume continues a run with its recorded settings; --${extra} cannot change them`);
  }

  const dataDir = values['data-dir'] ?? defaultDataDir();
  // A resume takes --backend and --threads over what the run recorded; a new run records them.
  const runs = new TrainingRuns({ db: openDatabase(dataDir), dataDir, ...(resumeId === undefined ? {} : { backend, threads }) });
  const reporter = new TrainingReporter(values.json);
  let runId = resumeId;
  const early: TrainingEvent[] = [];
  // Events of the run this command started: those that come before its id is known are held until it is.
  runs.onEvent((event: StudioEvent) => {
    if (event.channel !== 'run') return;
    if (runId === undefined) early.push(event.event);
    else if (event.runId === runId) reporter.report(event.event);
  });
  const run = settings ? await startRun(runs, { ...settings, backend: values.backend, threads }) : await requestFromArgs(() => runs.control(resumeId!, 'continue'));
  runId = run.id;
  for (const event of early.splice(0)) reporter.report(event);
  if (!values.json) console.error(`run ${run.id}: ${settings ? 'training' : 'resuming'}; Ctrl-C cancels it`);
  cancelOnInterrupt(() => void runs.control(run.id, 'cancel').catch(() => undefined));

  const ended = await runs.finished(run.id);
  reporter.finish();
  const epochs = runs.store.listEpochs(ended.id);
  const last = epochs.at(-1);
  const summary = {
    runId: ended.id,
    status: ended.status,
    engine: ended.engine,
    device: ended.device,
    epoch: ended.epochsDone,
    epochs: trainConfigOf(ended).epochs,
    bestMiou: ended.bestMiou,
    metrics: last ? { mIoU: last.miou, pixelAccuracy: last.pixelAccuracy, meanDice: last.meanDice, valLoss: last.valLoss, trainLoss: last.trainLoss, epoch: last.epoch } : null,
    error: ended.error,
    runDir: runs.runDir(ended.id),
  };
  if (values.json) console.log(JSON.stringify(summary));
  else console.log(describeEnd(ended));
  return ended.status === 'done' ? 0 : ended.status === 'cancelled' ? 130 : 1;
}

/** Starts the run through the same service as the studio; a bad setting is a UsageError naming its flag. */
async function startRun(runs: TrainingRuns, settings: TrainSettings): Promise<Run> {
  return requestFromArgs(async () => {
    try {
      return await runs.start(settings);
    } catch (error) {
      if (error instanceof SettingError) throw new UsageError(`${FLAG_OF[error.field as keyof TrainSettings] ?? error.field}: ${error.message}`);
      throw error;
    }
  });
}

function describeEnd(run: Run): string {
  const best = run.bestMiou === null ? '' : `, best val mIoU ${run.bestMiou.toFixed(3)}`;
  return `run ${run.id}: ${run.status} after ${run.epochsDone} epoch${run.epochsDone === 1 ? '' : 's'}${best}${run.error ? ` (${run.error})` : ''}`;
}

const FLAG_OF: Partial<Record<keyof TrainSettings, string>> = {
  arch: '--arch', preset: '--preset', width: '--width', inputWidth: '--size', inputHeight: '--size', batchSize: '--batch',
  epochs: '--epochs', lr: '--lr', optimizer: '--optimizer', schedule: '--schedule', seed: '--seed', labels: '--labels',
  backend: '--backend', threads: '--threads', pillow: '--pillow',
};

/** The flags as the settings the train view's form also produces; what the flags alone can tell is checked here. */
function trainSettings(values: TrainFlags): TrainSettings {
  if (values.dataset === undefined) throw new UsageError('--dataset DIR is required (or --resume RUN_ID)');
  if (!statSync(values.dataset, { throwIfNoEntry: false })?.isDirectory()) throw new UsageError(`--dataset: ${values.dataset}: no such folder`);
  const arch = values.arch === undefined ? undefined : parseChoice('--arch', values.arch, ARCHS) as Arch;
  if (arch === undefined && values.preset === undefined) throw new UsageError('--arch is required unless --preset names the recipe');
  const size = values.size === undefined ? undefined : parseSize(values.size);
  const integer = (flag: string, value: string | undefined) => (value === undefined ? undefined : parsePositiveInteger(flag, value));
  return {
    datasetRoot: values.dataset,
    labels: values.labels,
    preset: values.preset ?? DEFAULT_PRESET[arch!],
    arch,
    width: integer('--width', values.width),
    inputWidth: size?.width,
    inputHeight: size?.height,
    batchSize: integer('--batch', values.batch),
    epochs: integer('--epochs', values.epochs),
    lr: values.lr === undefined ? undefined : parsePositiveNumber('--lr', values.lr),
    optimizer: values.optimizer,
    schedule: values.schedule,
    seed: integer('--seed', values.seed),
    pillow: values.pillow,
    name: values.name,
  };
}

/** Progress on a terminal, epoch lines in text mode, warnings always (stderr). */
class TrainingReporter {
  private bar: ProgressBar | null = null;
  private barEpoch = 0;

  constructor(private readonly isJson: boolean) {}

  report(event: TrainingEvent): void {
    switch (event.type) {
      case 'warning':
        this.bar?.clear();
        console.error(printable(`warning: ${event.message}`));
        return;
      case 'started':
        if (!this.isJson) console.error(`engine ${event.engine} (${event.device}); ${event.trainSamples} train / ${event.valSamples} val frames; ${event.stepsPerEpoch} steps per epoch${event.fromEpoch > 0 ? `; resuming after epoch ${event.fromEpoch}` : ''}`);
        return;
      case 'step':
        if (event.epoch !== this.barEpoch) {
          this.bar?.clear();
          this.bar = new ProgressBar(`epoch ${event.epoch}`, event.stepsPerEpoch, 'steps');
          this.barEpoch = event.epoch;
        }
        this.bar!.update(event.step);
        return;
      case 'epoch': {
        this.bar?.clear();
        if (this.isJson) return;
        const m = event.metrics;
        const fixed = (value: number | null, digits = 3) => (value === null ? 'n/a' : value.toFixed(digits));
        console.log(`epoch ${event.epoch}: train loss ${fixed(m.trainLoss)}  val loss ${fixed(m.valLoss)}  mIoU ${fixed(m.miou)}  pixel acc ${fixed(m.pixelAccuracy)}  mean Dice ${fixed(m.meanDice)}  (${m.seconds.toFixed(1)} s)`);
        return;
      }
      case 'failed':
        this.bar?.clear();
        console.error(printable(`error: ${event.error}`));
        return;
      default:
        return;
    }
  }

  finish(): void {
    this.bar?.clear();
  }
}
