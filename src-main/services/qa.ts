import type { QaMark, QaReport, QaStatus, Region } from '../../src-shared/api';
import type { Db } from '../store/db';
import { toCsv } from '../util/csv';

interface MarkRow { frameId: string; status: QaStatus; note: string; regionJson: string | null; updatedAt: string }

const toMark = (row: MarkRow): QaMark => ({
  frameId: row.frameId, status: row.status, note: row.note, region: row.regionJson ? (JSON.parse(row.regionJson) as Region) : null, updatedAt: row.updatedAt,
});

/** QA marks per frame, in SQLite so they survive restarts. */
export class QaStore {
  constructor(private readonly db: Db) {}

  mark(datasetId: number, frameId: string, status: QaStatus, note: string, region: Region | null): QaMark {
    const updatedAt = new Date().toISOString();
    this.db.prepare(`INSERT INTO qa_marks (dataset_id, frame_id, status, note, region_json, updated_at) VALUES (?, ?, ?, ?, ?, ?)
      ON CONFLICT(dataset_id, frame_id) DO UPDATE SET status = excluded.status, note = excluded.note, region_json = excluded.region_json, updated_at = excluded.updated_at`)
      .run(datasetId, frameId, status, note, region ? JSON.stringify(region) : null, updatedAt);
    return { frameId, status, note, region, updatedAt };
  }

  clear(datasetId: number, frameId: string): void {
    this.db.prepare('DELETE FROM qa_marks WHERE dataset_id = ? AND frame_id = ?').run(datasetId, frameId);
  }

  get(datasetId: number, frameId: string): QaMark | null {
    const row = this.db.prepare(`SELECT frame_id AS frameId, status, note, region_json AS regionJson, updated_at AS updatedAt
      FROM qa_marks WHERE dataset_id = ? AND frame_id = ?`).get(datasetId, frameId) as MarkRow | undefined;
    return row ? toMark(row) : null;
  }

  all(datasetId: number): QaMark[] {
    return (this.db.prepare(`SELECT frame_id AS frameId, status, note, region_json AS regionJson, updated_at AS updatedAt
      FROM qa_marks WHERE dataset_id = ? ORDER BY frame_id`).all(datasetId) as MarkRow[]).map(toMark);
  }

  statuses(datasetId: number): Map<string, QaStatus> {
    const rows = this.db.prepare('SELECT frame_id AS frameId, status FROM qa_marks WHERE dataset_id = ?').all(datasetId) as Array<{ frameId: string; status: QaStatus }>;
    return new Map(rows.map((r) => [r.frameId, r.status]));
  }
}

/**
 * The QA report a user hands on: frame, status, note, region and problems found, as CSV or JSON. The
 * marked frames come first, then every unmarked frame with annotation problems (status `unmarked`), so
 * a frame nobody looked at yet is not missing from it.
 */
export function qaReport(datasetName: string, marks: readonly QaMark[], problemsByFrame: ReadonlyMap<string, number>, format: 'csv' | 'json'): QaReport {
  const marked = new Set(marks.map((m) => m.frameId));
  const rows = [
    ...marks.map((m) => ({ frame: m.frameId, status: m.status as QaStatus | 'unmarked', note: m.note, region: m.region, problems: problemsByFrame.get(m.frameId) ?? null, updatedAt: m.updatedAt as string | null })),
    ...[...problemsByFrame].filter(([frameId, count]) => count > 0 && !marked.has(frameId)).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([frameId, count]) => ({ frame: frameId, status: 'unmarked' as const, note: '', region: null as Region | null, problems: count as number | null, updatedAt: null })),
  ];
  const fileName = `${datasetName}-qa-report.${format}`;
  if (format === 'json') return { format, fileName, content: `${JSON.stringify({ dataset: datasetName, frames: rows }, null, 2)}\n` };
  const header = ['frame', 'status', 'note', 'region_x', 'region_y', 'region_width', 'region_height', 'problems', 'updated_at'];
  const cells = rows.map((r) => [r.frame, r.status, r.note, r.region?.x, r.region?.y, r.region?.width, r.region?.height, r.problems, r.updatedAt]);
  return { format, fileName, content: toCsv(header, cells) };
}
