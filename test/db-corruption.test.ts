import { closeSync, existsSync, openSync, readdirSync, readFileSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SAMPLE_DATASET } from '../src-main/app-paths';
import { newTrainConfig } from '../src-main/ml/train/config';
import { TRAIN_PRESETS } from '../src-main/ml/train/presets';
import { RunStore } from '../src-main/services/runs/run-store';
import { DB_FILE, openDatabase } from '../src-main/store/db';
import { runCli, useTempDir } from './helpers';

const tempDir = useTempDir('segstudio-db-');
const PAGE = 4096;

/** A data dir whose database holds a few runs, checkpointed into the main file. */
function dataDirWithRuns(): string {
  const dataDir = tempDir();
  const db = openDatabase(dataDir);
  const store = new RunStore(db);
  const config = newTrainConfig(TRAIN_PRESETS['cpu-demo'], { datasetRoot: SAMPLE_DATASET });
  for (let i = 0; i < 40; i++) store.createRun({ name: `run ${i} ${'x'.repeat(200)}`, arch: 'unet', config, datasetRoot: SAMPLE_DATASET });
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
  return dataDir;
}

function overwrite(path: string, offset: number, bytes: Buffer): void {
  const fd = openSync(path, 'r+');
  writeSync(fd, bytes, 0, bytes.length, offset);
  closeSync(fd);
}

const CORRUPTIONS: Array<[string, (path: string) => void]> = [
  ['random bytes', (path) => writeFileSync(path, Buffer.from(Array.from({ length: 8 * PAGE }, (_, i) => (i * 7919) % 251)))],
  ['a text file', (path) => writeFileSync(path, 'these are my notes\n')],
  ['truncated after the header page', (path) => writeFileSync(path, readFileSync(path).subarray(0, PAGE + 100))],
  ['its schema page scribbled over', (path) => overwrite(path, 100, Buffer.alloc(PAGE - 100, 0xab))],
  ['a data page scribbled over', (path) => overwrite(path, 3 * PAGE, Buffer.alloc(PAGE, 0x5a))],
  ['its header magic broken', (path) => overwrite(path, 0, Buffer.from('SQLite format 2\0'))],
];

describe('a damaged studio database', () => {
  it.each(CORRUPTIONS)('with %s: one line naming the file, and repair-db moves it aside', (name, corrupt) => {
    const dataDir = dataDirWithRuns();
    const path = join(dataDir, DB_FILE);
    corrupt(path);
    // Every command opens the database the same way: serve is checked on one variant to keep the suite short.
    const commands = name === CORRUPTIONS[0][0] ? [['runs'], ['serve', '--port', '0']] : [['runs']];
    for (const command of commands) {
      const result = runCli([...command, '--data-dir', dataDir]);
      expect(result.status, command.join(' ')).toBe(1);
      const lines = result.stderr.trim().split('\n');
      expect(lines, command.join(' ')).toHaveLength(1);
      expect(lines[0]).toMatch(new RegExp(`^segstudio ${command[0]}: ${path.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}: (not a database|the database is damaged) .*run "segstudio repair-db"`));
    }
    const repaired = runCli(['repair-db', '--data-dir', dataDir]);
    expect(repaired.status).toBe(0);
    expect(repaired.stdout).toMatch(/moved it to .*segstudio\.db\.damaged-.* and started a fresh database/);
    expect(readdirSync(dataDir).some((name) => name.startsWith(`${DB_FILE}.damaged-`))).toBe(true);
    expect(runCli(['runs', '--data-dir', dataDir, '--json'])).toMatchObject({ status: 0, stdout: '[]\n' });
  }, 60_000);

  it('refuses a database from a newer segstudio without offering to discard it', () => {
    const dataDir = dataDirWithRuns();
    const db = openDatabase(dataDir);
    db.pragma('user_version = 999');
    db.close();
    const result = runCli(['runs', '--data-dir', dataDir]);
    expect(result).toMatchObject({ status: 1 });
    expect(result.stderr.trim()).toMatch(/^segstudio runs: .*segstudio\.db: database schema version 999 is newer than this segstudio \(\d+\): upgrade segstudio$/);
    expect(runCli(['repair-db', '--data-dir', dataDir]).status).toBe(1);
    expect(existsSync(join(dataDir, DB_FILE))).toBe(true);
  });

  it('says so when the database is sound, and when there is none yet', () => {
    const dataDir = dataDirWithRuns();
    expect(runCli(['repair-db', '--data-dir', dataDir]).stdout).toMatch(/the database is sound; nothing to repair/);
    expect(runCli(['repair-db', '--data-dir', tempDir()]).stdout).toMatch(/no database yet/);
  });
});
