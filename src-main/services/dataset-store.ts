import type { RecentDataset } from '../../src-shared/api';
import type { Db } from '../store/db';

/** What reading a frame's annotation told, cached while the file keeps its size and modification time. */
export interface FrameStatsRow {
  readonly frameId: string;
  readonly mtimeMs: number;
  readonly size: number;
  readonly objectCount: number;
  readonly problemCount: number;
}

const RECENT_LIMIT = 10;

/** Opened datasets (for the recent list and as the key of QA marks) and their per-frame annotation counts, in SQLite. */
export class DatasetStore {
  constructor(private readonly db: Db) {}

  /** Records that the folder was opened now; returns its id, the same for the same folder every time. */
  touch(root: string, name: string): number {
    return this.db.transaction(() => {
      this.db.prepare('INSERT INTO datasets (root, name, opened_at) VALUES (?, ?, ?) ON CONFLICT(root) DO UPDATE SET opened_at = excluded.opened_at')
        .run(root, name, new Date().toISOString());
      return (this.db.prepare('SELECT id FROM datasets WHERE root = ?').get(root) as { id: number }).id;
    }).immediate();
  }

  /** The Pillow release recorded for the folder, or null for a folder never opened. */
  pillowOf(root: string): string | null {
    return (this.db.prepare('SELECT pillow FROM datasets WHERE root = ?').get(root) as { pillow: string } | undefined)?.pillow ?? null;
  }

  /** Records the Pillow release (already checked by the caller) the dataset's masks follow. */
  setPillow(datasetId: number, pillow: string): void {
    this.db.prepare('UPDATE datasets SET pillow = ? WHERE id = ?').run(pillow, datasetId);
  }

  recent(): RecentDataset[] {
    return this.db.prepare('SELECT root, name, opened_at AS openedAt FROM datasets ORDER BY opened_at DESC LIMIT ?').all(RECENT_LIMIT) as RecentDataset[];
  }

  frameStats(datasetId: number): Map<string, FrameStatsRow> {
    const rows = this.db.prepare(`SELECT frame_id AS frameId, mtime_ms AS mtimeMs, size, object_count AS objectCount, problem_count AS problemCount
      FROM frame_stats WHERE dataset_id = ?`).all(datasetId) as FrameStatsRow[];
    return new Map(rows.map((row) => [row.frameId, row]));
  }

  saveFrameStats(datasetId: number, rows: readonly FrameStatsRow[]): void {
    const save = this.db.prepare('INSERT OR REPLACE INTO frame_stats (dataset_id, frame_id, mtime_ms, size, object_count, problem_count) VALUES (?, ?, ?, ?, ?, ?)');
    this.db.transaction(() => {
      for (const row of rows) save.run(datasetId, row.frameId, row.mtimeMs, row.size, row.objectCount, row.problemCount);
    })();
  }
}
