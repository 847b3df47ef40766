import { UserError } from '../../../src-shared/errors';
import type { Db } from '../../store/db';
import { checkpointFromRow, classMetricsFromRow, epochFromRow, runFromRow, sampleFromRow, type CheckpointRow, type ClassMetricsRow, type EpochRow, type RunRow, type SampleRow } from './rows';
import { ACTIVE_STATUSES, canTransition, FINAL_STATUSES, transitionError } from './status';
import {
  CHECKPOINT_KINDS, RUN_STATUSES,
  type CheckpointKind, type CheckpointRecord, type ClassMetricsRecord, type EpochMetrics, type EpochRecord, type NewRun,
  type Run, type RunFilter, type RunStatus, type SamplePredictionRecord, type TransitionDetails,
} from './types';

export interface RunStoreOptions {
  /** The clock for timestamps; tests pin it. */
  readonly now?: () => Date;
}

export interface InterruptOptions {
  /** Mark every running or paused run, alive or not: right when the app starts, as no training process can have survived it. */
  readonly all?: boolean;
  readonly isAlive?: (pid: number) => boolean;
}

/**
 * Run history in the studio database: runs and their status machine, per-epoch and per-class metrics,
 * checkpoints and sample predictions. Every write of more than one row is one transaction, so a
 * crash leaves either all of an epoch or none of it.
 */
export class RunStore {
  private readonly now: () => Date;

  constructor(private readonly db: Db, options: RunStoreOptions = {}) {
    this.now = options.now ?? (() => new Date());
  }

  createRun(input: NewRun): Run {
    requireText('run name', input.name);
    requireText('architecture', input.arch);
    const info = this.db.prepare(`
      INSERT INTO runs (name, arch, preset, config_json, engine, device, dataset_root, dataset_fingerprint, status, created_at, tags, note)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'queued', ?, ?, ?)
    `).run(
      input.name.trim(), input.arch, input.preset ?? null, JSON.stringify(input.config ?? null), input.engine ?? null,
      input.device ?? null, input.datasetRoot, input.datasetFingerprint ?? null, this.timestamp(),
      JSON.stringify(cleanTags(input.tags ?? [])), input.note ?? '',
    );
    return this.requireRun(Number(info.lastInsertRowid));
  }

  getRun(runId: number): Run | undefined {
    const row = this.db.prepare('SELECT * FROM runs WHERE id = ?').get(runId) as RunRow | undefined;
    return row && runFromRow(row);
  }

  /** Newest first. */
  listRuns(filter: RunFilter = {}): Run[] {
    const where: string[] = [];
    const params: unknown[] = [];
    if (filter.status !== undefined) {
      const statuses = typeof filter.status === 'string' ? [filter.status] : filter.status;
      where.push(`status IN (${statuses.map(() => '?').join(', ') || 'NULL'})`);
      params.push(...statuses);
    }
    if (filter.tag !== undefined) {
      where.push('EXISTS (SELECT 1 FROM json_each(runs.tags) WHERE value = ?)');
      params.push(filter.tag);
    }
    const sql = `SELECT * FROM runs ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id DESC`;
    return (this.db.prepare(sql).all(...params) as RunRow[]).map(runFromRow);
  }

  /**
   * Moves a run to `to`, refusing transitions the status machine does not allow; records timestamps, pid
   * and error. A run starts `running` with the pid of its training process (given as soon as the process
   * exists), so a run whose process dies early is found by markInterruptedOnStart instead of staying queued.
   */
  transition(runId: number, to: RunStatus, details: TransitionDetails = {}): Run {
    if (!RUN_STATUSES.includes(to)) throw new Error(`run ${runId}: unknown status ${JSON.stringify(to)}`);
    if (details.pid !== undefined && !(Number.isInteger(details.pid) && details.pid > 0)) throw new Error(`run ${runId}: pid must be a positive integer, got ${details.pid}`);
    return this.write(() => {
      const run = this.requireRun(runId);
      if (!canTransition(run.status, to)) throw transitionError(runId, run.status, to);
      if (to === 'running' && run.status !== 'paused' && details.pid === undefined) {
        throw new Error(`run ${runId}: going from ${run.status} to running needs the training process's pid`);
      }
      const now = this.timestamp();
      const isStarting = to === 'running';
      this.db.prepare(`
        UPDATE runs SET status = ?, pid = ?, engine = ?, device = ?, error = ?, started_at = ?, finished_at = ?
        WHERE id = ?
      `).run(
        to,
        isStarting ? (details.pid ?? (run.status === 'paused' ? run.pid : null)) : to === 'paused' ? run.pid : null,
        details.engine ?? run.engine,
        details.device ?? run.device,
        isStarting ? null : (details.error ?? run.error),
        run.startedAt ?? (isStarting ? now : null),
        FINAL_STATUSES.includes(to) ? now : null,
        runId,
      );
      return this.requireRun(runId);
    });
  }

  /**
   * Records the engine and device a run's training process reported once it had started. The run is
   * already `running` (it went there when its process spawned); only an active run can report one.
   */
  setEngine(runId: number, engine: string, device: string): Run {
    requireText('engine', engine);
    return this.write(() => {
      const run = this.requireRun(runId);
      if (!ACTIVE_STATUSES.includes(run.status)) {
        throw new Error(`run ${runId} is ${run.status}: only a running or paused run has a process to report its engine`);
      }
      this.db.prepare('UPDATE runs SET engine = ?, device = ? WHERE id = ?').run(engine, device, runId);
      return this.requireRun(runId);
    });
  }

  /**
   * Marks runs left running or paused by a process that is gone as `interrupted` (they can resume from
   * their last checkpoint). Returns the runs it marked.
   */
  markInterruptedOnStart(options: InterruptOptions = {}): Run[] {
    const isAlive = options.isAlive ?? isProcessAlive;
    return this.write(() => {
      const active = this.listRuns({ status: ACTIVE_STATUSES });
      const orphaned = active.filter((run) => options.all || run.pid === null || !isAlive(run.pid));
      return orphaned.map((run) => this.transition(run.id, 'interrupted', {
        error: run.pid === null ? 'the training process is gone' : `the training process (pid ${run.pid}) is gone`,
      }));
    });
  }

  /**
   * Records an epoch's summary and per-class scores as one unit: readers see all of it or none.
   * Recording an epoch again (after a resume) replaces it.
   */
  recordEpoch(runId: number, epoch: number, metrics: EpochMetrics, classMetrics: readonly ClassMetricsRecord[]): void {
    const where = `run ${runId} epoch ${epoch}`;
    requireEpoch(where, epoch);
    requireNumber(where, 'trainLoss', metrics.trainLoss, false);
    requireNumber(where, 'seconds', metrics.seconds, false);
    for (const name of ['valLoss', 'miou', 'pixelAccuracy', 'meanDice', 'imagesPerSecond'] as const) requireNumber(where, name, metrics[name], true);
    for (const row of classMetrics) {
      for (const name of ['iou', 'dice', 'accuracy', 'sensitivity', 'specificity'] as const) {
        requireNumber(`${where} class ${row.classTrainId}`, name, row[name], true);
      }
    }
    this.write(() => {
      this.requireRun(runId);
      this.db.prepare('DELETE FROM run_epochs WHERE run_id = ? AND epoch = ?').run(runId, epoch);
      this.db.prepare(`
        INSERT INTO run_epochs (run_id, epoch, train_loss, val_loss, miou, pixel_acc, mean_dice, images_per_sec, seconds, metrics_json)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
      `).run(
        runId, epoch, metrics.trainLoss, metrics.valLoss, metrics.miou, metrics.pixelAccuracy, metrics.meanDice,
        metrics.imagesPerSecond, metrics.seconds, JSON.stringify(metrics.extra ?? {}),
      );
      const insertClass = this.db.prepare(`
        INSERT INTO run_class_metrics (run_id, epoch, class_train_id, iou, dice, accuracy, sensitivity, specificity)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?)
      `);
      for (const row of classMetrics) {
        insertClass.run(runId, epoch, row.classTrainId, row.iou, row.dice, row.accuracy, row.sensitivity, row.specificity);
      }
      this.refreshSummary(runId);
    });
  }

  listEpochs(runId: number): EpochRecord[] {
    return (this.db.prepare('SELECT * FROM run_epochs WHERE run_id = ? ORDER BY epoch').all(runId) as EpochRow[]).map(epochFromRow);
  }

  listClassMetrics(runId: number, epoch: number): ClassMetricsRecord[] {
    const rows = this.db.prepare('SELECT * FROM run_class_metrics WHERE run_id = ? AND epoch = ? ORDER BY class_train_id').all(runId, epoch) as ClassMetricsRow[];
    return rows.map(classMetricsFromRow);
  }

  /**
   * Forgets everything recorded after `epoch`, so a run resumed from that epoch's checkpoint does not
   * mix old and new results. Returns the artifact files no longer referenced, for the caller to remove.
   */
  rewindToEpoch(runId: number, epoch: number): { removedPaths: string[] } {
    return this.write(() => {
      this.requireRun(runId);
      const removedPaths = [
        ...(this.db.prepare('SELECT path FROM run_checkpoints WHERE run_id = ? AND epoch > ?').pluck().all(runId, epoch) as string[]),
        ...(this.db.prepare('SELECT path FROM run_samples WHERE run_id = ? AND epoch > ?').pluck().all(runId, epoch) as string[]),
      ];
      for (const table of ['run_epochs', 'run_checkpoints', 'run_samples']) {
        this.db.prepare(`DELETE FROM ${table} WHERE run_id = ? AND epoch > ?`).run(runId, epoch);
      }
      this.refreshSummary(runId);
      return { removedPaths: unreferenced(this.db, removedPaths) };
    });
  }

  /**
   * Records a checkpoint file. `periodic` checkpoints accumulate, one per epoch; `last` and `best` are
   * rolling (one file overwritten in place), so recording one replaces the run's previous record of
   * that kind, which would otherwise point at a file that no longer holds its epoch.
   */
  addCheckpoint(runId: number, epoch: number, kind: CheckpointKind, path: string): CheckpointRecord {
    requireEpoch(`run ${runId} checkpoint`, epoch);
    if (!CHECKPOINT_KINDS.includes(kind)) throw new Error(`run ${runId}: unknown checkpoint kind ${JSON.stringify(kind)} (use ${CHECKPOINT_KINDS.join(', ')})`);
    return this.write(() => {
      this.requireRun(runId);
      if (kind !== 'periodic') this.db.prepare('DELETE FROM run_checkpoints WHERE run_id = ? AND kind = ?').run(runId, kind);
      this.db.prepare('INSERT OR REPLACE INTO run_checkpoints (run_id, epoch, kind, path, created_at) VALUES (?, ?, ?, ?, ?)')
        .run(runId, epoch, kind, path, this.timestamp());
      return checkpointFromRow(this.db.prepare('SELECT * FROM run_checkpoints WHERE run_id = ? AND epoch = ? AND kind = ?').get(runId, epoch, kind) as CheckpointRow);
    });
  }

  listCheckpoints(runId: number): CheckpointRecord[] {
    return (this.db.prepare('SELECT * FROM run_checkpoints WHERE run_id = ? ORDER BY epoch, rowid').all(runId) as CheckpointRow[]).map(checkpointFromRow);
  }

  /** The checkpoint of the highest epoch among `kinds` (all by default): where a resume starts. */
  latestCheckpoint(runId: number, kinds: readonly CheckpointKind[] = CHECKPOINT_KINDS): CheckpointRecord | undefined {
    if (kinds.length === 0) return undefined;
    const row = this.db.prepare(`
      SELECT * FROM run_checkpoints WHERE run_id = ? AND kind IN (${kinds.map(() => '?').join(', ')})
      ORDER BY epoch DESC, created_at DESC, rowid DESC LIMIT 1
    `).get(runId, ...kinds) as CheckpointRow | undefined;
    return row && checkpointFromRow(row);
  }

  addSample(runId: number, epoch: number, frameId: string, path: string): SamplePredictionRecord {
    requireEpoch(`run ${runId} sample`, epoch);
    this.requireRun(runId);
    this.db.prepare('INSERT OR REPLACE INTO run_samples (run_id, epoch, frame_id, path) VALUES (?, ?, ?, ?)').run(runId, epoch, frameId, path);
    return { runId, epoch, frameId, path };
  }

  listSamples(runId: number, epoch?: number): SamplePredictionRecord[] {
    const rows = epoch === undefined
      ? this.db.prepare('SELECT * FROM run_samples WHERE run_id = ? ORDER BY epoch, frame_id').all(runId)
      : this.db.prepare('SELECT * FROM run_samples WHERE run_id = ? AND epoch = ? ORDER BY frame_id').all(runId, epoch);
    return (rows as SampleRow[]).map(sampleFromRow);
  }

  rename(runId: number, name: string): Run {
    requireText('run name', name);
    return this.update(runId, 'name', name.trim());
  }

  setTags(runId: number, tags: readonly string[]): Run {
    return this.update(runId, 'tags', JSON.stringify(cleanTags(tags)));
  }

  setNote(runId: number, note: string): Run {
    return this.update(runId, 'note', note);
  }

  /**
   * Deletes a run and everything recorded for it. A run with a live process must be stopped first.
   * Returns its artifact files, which the store does not own, for the caller to remove.
   */
  deleteRun(runId: number): { artifactPaths: string[] } {
    return this.write(() => {
      const run = this.requireRun(runId);
      if (ACTIVE_STATUSES.includes(run.status)) throw new UserError(`run ${runId} ("${run.name}") is ${run.status}: cancel it before deleting it`);
      const artifactPaths = [
        ...(this.db.prepare('SELECT path FROM run_checkpoints WHERE run_id = ?').pluck().all(runId) as string[]),
        ...(this.db.prepare('SELECT path FROM run_samples WHERE run_id = ?').pluck().all(runId) as string[]),
      ];
      this.db.prepare('DELETE FROM runs WHERE id = ?').run(runId);
      return { artifactPaths: unreferenced(this.db, artifactPaths) };
    });
  }

  private update(runId: number, column: 'name' | 'tags' | 'note', value: string): Run {
    const info = this.db.prepare(`UPDATE runs SET ${column} = ? WHERE id = ?`).run(value, runId);
    if (info.changes === 0) throw missingRun(runId);
    return this.requireRun(runId);
  }

  private refreshSummary(runId: number): void {
    this.db.prepare(`
      UPDATE runs SET
        epochs_done = COALESCE((SELECT MAX(epoch) FROM run_epochs WHERE run_id = ?), 0),
        best_miou = (SELECT MAX(miou) FROM run_epochs WHERE run_id = ?)
      WHERE id = ?
    `).run(runId, runId, runId);
  }

  private requireRun(runId: number): Run {
    const run = this.getRun(runId);
    if (!run) throw missingRun(runId);
    return run;
  }

  // IMMEDIATE takes the write lock up front: two processes never deadlock upgrading a read to a write.
  private write<T>(body: () => T): T {
    return this.db.transaction(body).immediate();
  }

  private timestamp(): string {
    return this.now().toISOString();
  }
}

/** True while a process with this id exists (EPERM: it exists but belongs to someone else). */
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Of `paths`, those no remaining checkpoint or sample row points at (an overwritten `last.ckpt` may still be in use). */
function unreferenced(db: Db, paths: readonly string[]): string[] {
  const isReferenced = db.prepare('SELECT EXISTS (SELECT 1 FROM run_checkpoints WHERE path = @path) OR EXISTS (SELECT 1 FROM run_samples WHERE path = @path)').pluck();
  return [...new Set(paths)].filter((path) => !isReferenced.get({ path }));
}

function cleanTags(tags: readonly string[]): string[] {
  return [...new Set(tags.map((tag) => tag.trim()).filter((tag) => tag.length > 0))];
}

function missingRun(runId: number): Error {
  return new UserError(`run ${runId} does not exist`);
}

function requireText(what: string, value: string): void {
  if (typeof value !== 'string' || value.trim() === '') throw new UserError(`${what} must not be empty`);
}

function requireEpoch(where: string, epoch: number): void {
  if (!Number.isInteger(epoch) || epoch < 1) throw new Error(`${where}: epochs count from 1, got ${epoch}`);
}

// SQLite would store NaN as NULL and lose the fact that training diverged; the caller should fail the run instead.
function requireNumber(where: string, name: string, value: number | null | undefined, nullable: boolean): void {
  if (value === null || value === undefined) {
    if (!nullable) throw new Error(`${where}: ${name} is missing`);
    return;
  }
  if (!Number.isFinite(value)) throw new Error(`${where}: ${name} is ${value}, not a finite number`);
}
