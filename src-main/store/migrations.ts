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
  `
  CREATE TABLE runs (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    name TEXT NOT NULL,
    arch TEXT NOT NULL,
    preset TEXT,
    config_json TEXT NOT NULL,
    engine TEXT,
    device TEXT,
    dataset_root TEXT NOT NULL,
    dataset_fingerprint TEXT,
    status TEXT NOT NULL DEFAULT 'queued'
      CHECK (status IN ('queued', 'running', 'paused', 'done', 'failed', 'cancelled', 'interrupted')),
    error TEXT,
    created_at TEXT NOT NULL,
    started_at TEXT,
    finished_at TEXT,
    epochs_done INTEGER NOT NULL DEFAULT 0,
    best_miou REAL,
    tags TEXT NOT NULL DEFAULT '[]',
    note TEXT NOT NULL DEFAULT '',
    pid INTEGER
  );
  CREATE INDEX runs_by_status ON runs (status);
  CREATE TABLE run_epochs (
    run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
    epoch INTEGER NOT NULL CHECK (epoch >= 1),
    train_loss REAL NOT NULL,
    val_loss REAL,
    miou REAL CHECK (miou IS NULL OR miou BETWEEN 0 AND 1),
    pixel_acc REAL CHECK (pixel_acc IS NULL OR pixel_acc BETWEEN 0 AND 1),
    mean_dice REAL CHECK (mean_dice IS NULL OR mean_dice BETWEEN 0 AND 1),
    images_per_sec REAL,
    seconds REAL NOT NULL,
    metrics_json TEXT NOT NULL DEFAULT '{}',
    PRIMARY KEY (run_id, epoch)
  );
  CREATE TABLE run_class_metrics (
    run_id INTEGER NOT NULL,
    epoch INTEGER NOT NULL,
    class_train_id INTEGER NOT NULL CHECK (class_train_id BETWEEN 0 AND 254),
    iou REAL CHECK (iou IS NULL OR iou BETWEEN 0 AND 1),
    dice REAL CHECK (dice IS NULL OR dice BETWEEN 0 AND 1),
    accuracy REAL CHECK (accuracy IS NULL OR accuracy BETWEEN 0 AND 1),
    sensitivity REAL CHECK (sensitivity IS NULL OR sensitivity BETWEEN 0 AND 1),
    specificity REAL CHECK (specificity IS NULL OR specificity BETWEEN 0 AND 1),
    PRIMARY KEY (run_id, epoch, class_train_id),
    FOREIGN KEY (run_id, epoch) REFERENCES run_epochs (run_id, epoch) ON DELETE CASCADE
  );
  CREATE TABLE run_checkpoints (
    run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
    epoch INTEGER NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('periodic', 'best', 'last')),
    path TEXT NOT NULL,
    created_at TEXT NOT NULL,
    PRIMARY KEY (run_id, kind, epoch)
  );
  CREATE TABLE run_samples (
    run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
    epoch INTEGER NOT NULL,
    frame_id TEXT NOT NULL,
    path TEXT NOT NULL,
    PRIMARY KEY (run_id, epoch, frame_id)
  );
  `,
  // The Pillow release a dataset's official masks were drawn with: masks, QA, training and export follow its fill.
  `
  ALTER TABLE datasets ADD COLUMN pillow TEXT NOT NULL DEFAULT '9.4';
  `,
];
