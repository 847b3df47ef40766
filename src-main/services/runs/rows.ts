import type { CheckpointKind, CheckpointRecord, ClassMetricsRecord, EpochRecord, Run, RunStatus, SamplePredictionRecord } from './types';

/** The tables' rows as better-sqlite3 returns them, and their conversion to the API's records. */
export interface RunRow {
  id: number;
  name: string;
  arch: string;
  preset: string | null;
  config_json: string;
  engine: string | null;
  device: string | null;
  dataset_root: string;
  dataset_fingerprint: string | null;
  status: RunStatus;
  error: string | null;
  created_at: string;
  started_at: string | null;
  finished_at: string | null;
  epochs_done: number;
  best_miou: number | null;
  tags: string;
  note: string;
  pid: number | null;
}

export interface EpochRow {
  epoch: number;
  train_loss: number;
  val_loss: number | null;
  miou: number | null;
  pixel_acc: number | null;
  mean_dice: number | null;
  images_per_sec: number | null;
  seconds: number;
  metrics_json: string;
}

export interface ClassMetricsRow {
  class_train_id: number;
  iou: number | null;
  dice: number | null;
  accuracy: number | null;
  sensitivity: number | null;
  specificity: number | null;
}

export interface CheckpointRow {
  run_id: number;
  epoch: number;
  kind: CheckpointKind;
  path: string;
  created_at: string;
}

export interface SampleRow {
  run_id: number;
  epoch: number;
  frame_id: string;
  path: string;
}

export function runFromRow(row: RunRow): Run {
  return {
    id: row.id,
    name: row.name,
    arch: row.arch,
    preset: row.preset,
    config: JSON.parse(row.config_json),
    engine: row.engine,
    device: row.device,
    datasetRoot: row.dataset_root,
    datasetFingerprint: row.dataset_fingerprint,
    status: row.status,
    error: row.error,
    createdAt: row.created_at,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    epochsDone: row.epochs_done,
    bestMiou: row.best_miou,
    tags: JSON.parse(row.tags) as string[],
    note: row.note,
    pid: row.pid,
  };
}

export function epochFromRow(row: EpochRow): EpochRecord {
  const extra = JSON.parse(row.metrics_json) as Record<string, unknown>;
  return {
    epoch: row.epoch,
    trainLoss: row.train_loss,
    valLoss: row.val_loss,
    miou: row.miou,
    pixelAccuracy: row.pixel_acc,
    meanDice: row.mean_dice,
    imagesPerSecond: row.images_per_sec,
    seconds: row.seconds,
    ...(Object.keys(extra).length > 0 ? { extra } : {}),
  };
}

export function classMetricsFromRow(row: ClassMetricsRow): ClassMetricsRecord {
  return {
    classTrainId: row.class_train_id,
    iou: row.iou,
    dice: row.dice,
    accuracy: row.accuracy,
    sensitivity: row.sensitivity,
    specificity: row.specificity,
  };
}

export function checkpointFromRow(row: CheckpointRow): CheckpointRecord {
  return { runId: row.run_id, epoch: row.epoch, kind: row.kind, path: row.path, createdAt: row.created_at };
}

export function sampleFromRow(row: SampleRow): SamplePredictionRecord {
  return { runId: row.run_id, epoch: row.epoch, frameId: row.frame_id, path: row.path };
}
