import { parseArgs } from 'node:util';
import { buildLabelIndex, type LabelIndex } from '../../src-shared/labels';
import { defaultDataDir } from '../app-paths';
import type { TrainConfig } from '../ml/train/config';
import { trainConfigOf } from '../ml/train/stored-config';
import { RunStore } from '../services/runs/run-store';
import type { Run } from '../services/runs/types';
import { openDatabase } from '../store/db';

export const RUNS_USAGE = `segstudio runs [--data-dir DIR] [--json]
segstudio runs rename RUN_ID NAME
segstudio runs tag RUN_ID TAG[,TAG...]        (an empty list clears the tags)
segstudio runs note RUN_ID TEXT
segstudio runs delete RUN_ID --yes           (removes the run's checkpoints and samples too)
segstudio runs compare RUN_ID RUN_ID [...] [--json]

Lists the training runs, newest first. Runs whose training process is gone are marked interrupted
first (resume them with "segstudio train --resume RUN_ID"). --json prints an array of
{"id", "name", "status", "arch", "preset", "engine", "epoch" (epochs completed), "epochs", "bestMiou",
"metrics": {"mIoU", "pixelAccuracy", "meanDice", "valLoss", "trainLoss"} (the last epoch), "bestEpoch",
"labels" (the run's label spec), "bestClassIou" ({class name: IoU} at the best epoch, evaluated classes
only, named by the run's label spec), ...}.

compare prints, for 2 to 6 runs, each run's best val mIoU, the per-class IoU at each run's best epoch
with the best value per class marked * and deltas against the first run, and the settings that
differ; --json prints {"runs", "classes": [{"name", "values", "deltas", "best"}], "config": [{"key", "values"}]}.
Every form takes --data-dir DIR.`;

const EDIT_ACTIONS = ['rename', 'tag', 'note', 'delete', 'compare'];

export async function runRuns(argv: string[]): Promise<number> {
  if (EDIT_ACTIONS.includes(argv[0])) {
    const { runRunsEdit } = await import('./runs-edit');
    return runRunsEdit(argv[0], argv.slice(1));
  }
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: { 'data-dir': { type: 'string' }, json: { type: 'boolean', default: false } },
  });
  const store = new RunStore(openDatabase(values['data-dir'] ?? defaultDataDir()));
  store.markInterruptedOnStart();
  const rows = store.listRuns().map((run) => describeRun(store, run));
  console.log(values.json ? JSON.stringify(rows) : formatTable(rows));
  return 0;
}

type RunRow = ReturnType<typeof describeRun>;

function describeRun(store: RunStore, run: Run) {
  const epochs = store.listEpochs(run.id);
  const last = epochs[epochs.length - 1];
  const best = epochs.reduce<(typeof epochs)[number] | undefined>((top, e) => (e.miou !== null && (top === undefined || e.miou > top.miou!) ? e : top), undefined);
  const config = readableConfig(run);
  const labels = config ? buildLabelIndex(config.labels) : null;
  return {
    id: run.id,
    name: run.name,
    status: run.status,
    arch: run.arch,
    preset: run.preset,
    engine: run.engine,
    device: run.device,
    epoch: run.epochsDone,
    epochs: config?.epochs ?? null,
    labels: config?.labels.name ?? null,
    bestMiou: run.bestMiou,
    metrics: last ? { mIoU: last.miou, pixelAccuracy: last.pixelAccuracy, meanDice: last.meanDice, valLoss: last.valLoss, trainLoss: last.trainLoss } : null,
    bestEpoch: best?.epoch ?? null,
    bestClassIou: best ? classIou(store, run.id, best.epoch, labels) : null,
    dataset: run.datasetRoot,
    createdAt: run.createdAt,
    finishedAt: run.finishedAt,
    error: run.error,
  };
}

/** The run's config; null where it cannot be read (edited by hand, from a newer segstudio), so one bad run does not hide the others. */
function readableConfig(run: Run): TrainConfig | null {
  try {
    return trainConfigOf(run);
  } catch {
    return null;
  }
}

/** The evaluated classes' IoU at `epoch`, by the name the run's label spec gives each train id: where a run's mIoU comes from. */
function classIou(store: RunStore, runId: number, epoch: number, labels: LabelIndex | null): Record<string, number> {
  const scores: Record<string, number> = {};
  for (const row of store.listClassMetrics(runId, epoch)) {
    if (row.iou !== null) scores[labels?.byTrainId.get(row.classTrainId)?.name ?? String(row.classTrainId)] = row.iou;
  }
  return scores;
}

function formatTable(rows: RunRow[]): string {
  if (rows.length === 0) return 'no training runs yet (start one with "segstudio train")';
  const table = [
    ['id', 'status', 'arch', 'epoch', 'mIoU', 'best', 'engine', 'name'],
    ...rows.map((r) => [
      String(r.id), r.status, r.arch, `${r.epoch}/${r.epochs ?? '?'}`, r.metrics?.mIoU?.toFixed(3) ?? '-', r.bestMiou?.toFixed(3) ?? '-', r.engine ?? '-', r.name,
    ]),
  ];
  const widths = table[0].map((_, column) => Math.max(...table.map((row) => row[column].length)));
  return table.map((row) => row.map((cell, column) => (column === row.length - 1 ? cell : cell.padEnd(widths[column]))).join('  ')).join('\n');
}
