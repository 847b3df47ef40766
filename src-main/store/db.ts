import Database from 'better-sqlite3';
import { existsSync, mkdirSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { UserError } from '../../src-shared/errors';
import { MIGRATIONS } from './migrations';

export type Db = Database.Database;

export const DB_FILE = 'segstudio.db';
/** The files SQLite keeps for one database in WAL mode. */
const DB_SIDE_FILES = ['', '-wal', '-shm'];

/**
 * Opens (creating if needed) the studio database in `dataDir`: WAL so readers never block the writer
 * and a crash never corrupts it, foreign keys on, and every pending migration applied in order. A file
 * that is not a database, is damaged, or was written by a newer segstudio is a UserError naming it,
 * and saying how to move it aside (`segstudio repair-db`).
 */
export function openDatabase(dataDir: string): Db {
  try {
    mkdirSync(dataDir, { recursive: true });
  } catch (error) {
    throw new UserError(`${dataDir}: cannot create the data folder (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
  const path = join(dataDir, DB_FILE);
  let db: Db | undefined;
  try {
    db = new Database(path);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    const check = db.pragma('quick_check', { simple: true });
    if (check !== 'ok') throw Object.assign(new Error(String(check)), { code: 'SQLITE_CORRUPT' });
    migrate(db);
    return db;
  } catch (error) {
    db?.close();
    throw databaseError(path, error);
  }
}

export function migrate(db: Db): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > MIGRATIONS.length) {
    throw new UserError(`database schema version ${current} is newer than this segstudio (${MIGRATIONS.length}): upgrade segstudio`);
  }
  for (let version = current; version < MIGRATIONS.length; version++) {
    db.transaction(() => {
      db.exec(MIGRATIONS[version]);
      db.pragma(`user_version = ${version + 1}`);
    })();
  }
}

/**
 * Moves a damaged database (with its WAL and shared-memory files) aside, so the next open starts a
 * fresh one; returns where it went. Runs, QA marks and the recent list start empty again; run folders
 * under the data dir stay where they are.
 */
export function moveDatabaseAside(dataDir: string, now = new Date()): string {
  const path = join(dataDir, DB_FILE);
  const aside = `${path}.damaged-${now.toISOString().replace(/[:.]/g, '-')}`;
  for (const suffix of DB_SIDE_FILES) {
    if (existsSync(path + suffix)) renameSync(path + suffix, aside + suffix);
  }
  return aside;
}

/** One line naming the file and what is wrong with it. */
function databaseError(path: string, error: unknown): Error {
  const { code, message } = error as { code?: string; message: string };
  if (error instanceof UserError) return new UserError(`${path}: ${message}`);
  const repair = 'run "segstudio repair-db" to move it aside and start a fresh one';
  if (code === 'SQLITE_NOTADB') return new UserError(`${path}: not a database (${message}); ${repair}`);
  if (code?.startsWith('SQLITE_CORRUPT')) return new UserError(`${path}: the database is damaged (${message.split('\n')[0]}); ${repair}`);
  if (code?.startsWith('SQLITE_CANTOPEN') || code?.startsWith('SQLITE_READONLY') || code?.startsWith('SQLITE_PERM') || code?.startsWith('SQLITE_IOERR')) {
    return new UserError(`${path}: cannot open the database (${code}: ${message})`);
  }
  return new Error(`${path}: ${message}`);
}
