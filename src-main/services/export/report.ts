import { join } from 'node:path';
import type { ExportSummary } from '../../../src-shared/api/inference';
import { buildLabelIndex } from '../../../src-shared/labels';
import { trainConfigOf } from '../../ml/train/stored-config';
import { writeFilesAtomic } from '../../util/atomic-write';
import type { RunStore } from '../runs/run-store';
import type { ClassMetricsRecord, EpochRecord } from '../runs/types';
import { toCsv } from '../../util/csv';
import { UserError } from '../../../src-shared/errors';

const EPOCH_COLUMNS = ['epoch', 'train_loss', 'val_loss', 'miou', 'pixel_accuracy', 'mean_dice', 'images_per_second', 'seconds', 'lr'];
const CLASS_COLUMNS = ['epoch', 'class', 'train_id', 'iou', 'dice', 'accuracy', 'sensitivity', 'specificity'];

/**
 * A run's report: metrics.csv and metrics.json (one row per epoch), classes.csv (per-class scores of
 * the best epoch by val mIoU, else the last, named by the run's label spec; empty cells where a class
 * was not evaluated) and config.json (the recorded training config, brought to the current version,
 * so it holds the label spec). All four files are written together or not at all.
 */
export async function exportReport(request: { runId: number; outputDir: string }, deps: { store: RunStore }): Promise<ExportSummary> {
  const started = performance.now();
  const run = deps.store.getRun(request.runId);
  if (!run) throw new UserError(`run ${request.runId} does not exist (list runs with "segstudio runs")`);
  const epochs = deps.store.listEpochs(run.id);
  const classEpoch = bestEpoch(epochs);
  const classes = classEpoch === null ? [] : deps.store.listClassMetrics(run.id, classEpoch);
  const config = trainConfigOf(run);
  const labels = buildLabelIndex(config.labels);
  const classRows = classes.map((c) => ({ class: labels.byTrainId.get(c.classTrainId)?.name ?? `class ${c.classTrainId}`, ...c }));

  const files = {
    'metrics.csv': toCsv(EPOCH_COLUMNS, epochs.map(epochRow)),
    'metrics.json': `${JSON.stringify({
      run: { id: run.id, name: run.name, arch: run.arch, preset: run.preset, status: run.status, engine: run.engine, device: run.device, dataset: run.datasetRoot, labels: config.labels.name, bestMiou: run.bestMiou, createdAt: run.createdAt, finishedAt: run.finishedAt },
      epochs,
      classMetrics: { epoch: classEpoch, classes: classRows },
    }, null, 2)}\n`,
    'classes.csv': toCsv(CLASS_COLUMNS, classRows.map((c) => classRow(classEpoch!, c.class, c))),
    'config.json': `${JSON.stringify(config, null, 2)}\n`,
  };
  await writeFilesAtomic(Object.entries(files).map(([name, data]) => ({ path: join(request.outputDir, name), data })));
  return { kind: 'report', outputDir: request.outputDir, files: Object.keys(files), failures: [], seconds: (performance.now() - started) / 1000, cancelled: false };
}

/** The epoch with the highest val mIoU (the first on ties), else the last one, else null. */
function bestEpoch(epochs: readonly EpochRecord[]): number | null {
  let best: EpochRecord | null = null;
  for (const epoch of epochs) {
    if (epoch.miou !== null && (best === null || best.miou === null || epoch.miou > best.miou)) best = epoch;
  }
  return (best ?? epochs[epochs.length - 1])?.epoch ?? null;
}

function epochRow(e: EpochRecord): Array<number | null> {
  const lr = typeof e.extra?.lr === 'number' ? e.extra.lr : null;
  return [e.epoch, e.trainLoss, e.valLoss, e.miou, e.pixelAccuracy, e.meanDice, e.imagesPerSecond, e.seconds, lr];
}

function classRow(epoch: number, name: string, c: ClassMetricsRecord): Array<string | number | null> {
  return [epoch, name, c.classTrainId, c.iou, c.dice, c.accuracy, c.sensitivity, c.specificity];
}
