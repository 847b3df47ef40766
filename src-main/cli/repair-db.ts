import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { UserError } from '../../src-shared/errors';
import { defaultDataDir } from '../app-paths';
import { DB_FILE, moveDatabaseAside, openDatabase } from '../store/db';

export const REPAIR_DB_USAGE = `segstudio repair-db [--data-dir DIR]

Checks the studio database in the data dir. When it cannot be opened (not a database, damaged), moves
it aside (segstudio.db.damaged-<time>, with its -wal and -shm files) and starts a fresh one, saying
where the old one went. Run history, QA marks and recent folders start empty; run folders stay.`;

export async function runRepairDb(argv: string[]): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { 'data-dir': { type: 'string' } }, strict: true });
  const dataDir = values['data-dir'] ?? defaultDataDir();
  const path = join(dataDir, DB_FILE);
  if (!existsSync(path)) {
    console.log(`${path}: no database yet; one is created on first use`);
    return 0;
  }
  try {
    openDatabase(dataDir).close();
    console.log(`${path}: the database is sound; nothing to repair`);
    return 0;
  } catch (error) {
    if (!(error instanceof UserError) || /newer than this segstudio/.test(error.message)) throw error;
    const aside = moveDatabaseAside(dataDir);
    openDatabase(dataDir).close();
    console.log(`${path}: ${error.message.replace(`${path}: `, '').split(';')[0]}; moved it to ${aside} and started a fresh database`);
    return 0;
  }
}
