import { parseArgs } from 'node:util';
import { defaultDataDir } from '../app-paths';
import { RunStore } from '../services/runs/run-store';
import type { Run } from '../services/runs/types';
import { openDatabase } from '../store/db';

export const RUNS_USAGE = `segstudio runs [--data-dir DIR] [--json]

Lists the training runs, newest first. Runs whose training process is gone are marked interrupted
first (resume them with "segstudio train --resume RUN_ID"). --json prints an array of
{"id", "name", "status", "arch", "preset", "engine", "epoch" (epochs completed), "epochs", "bestMiou",
"metrics": {"mIoU", "pixelAccuracy", "meanDice", "valLoss", "trainLoss"} (the last epoch), ...}.`;

export async function runRuns(argv: string[]): Promise<number> {
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
  const config = run.config as { epochs?: number } | null;
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
    bestMiou: run.bestMiou,
    metrics: last ? { mIoU: last.miou, pixelAccuracy: last.pixelAccuracy, meanDice: last.meanDice, valLoss: last.valLoss, trainLoss: last.trainLoss } : null,
    dataset: run.datasetRoot,
    createdAt: run.createdAt,
    finishedAt: run.finishedAt,
    error: run.error,
  };
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
