/** Schema migrations, applied in order; entry i moves the schema from user_version i to i + 1. Never edit a shipped one. */
export const MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE datasets (
    id INTEGER PRIMARY KEY,
    root TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    opened_at TEXT NOT NULL
  );
  CREATE TABLE frame_stats (
    dataset_id INTEGER NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
    frame_id TEXT NOT NULL,
    mtime_ms REAL NOT NULL,
    size INTEGER NOT NULL,
    object_count INTEGER NOT NULL,
    problem_count INTEGER NOT NULL,
    PRIMARY KEY (dataset_id, frame_id)
  );
  CREATE TABLE qa_marks (
    dataset_id INTEGER NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
    frame_id TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('ok', 'needs-fix', 'question')),
    note TEXT NOT NULL DEFAULT '',
    region_json TEXT,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (dataset_id, frame_id)
  );
  `,
];
