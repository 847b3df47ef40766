import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { REPO, useTempDir } from '../../../test/helpers';
import { openDatabase, type Db } from '../../store/db';
import { RunStore } from './run-store';

const WRITER = new URL('./__fixtures__/write-epochs-until-killed.ts', import.meta.url).pathname;

/** Starts the writer, lets it record at least `epochs` more epochs, then kills it with SIGKILL mid-loop. */
function writeUntilKilled(dataDir: string, runId: number, epochs: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', WRITER, dataDir, String(runId)], { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'] });
    let written = 0;
    let stderr = '';
    let lastEpoch = 0;
    child.stderr.on('data', (chunk: Buffer) => { stderr += chunk; });
    child.stdout.on('data', (chunk: Buffer) => {
      const lines = chunk.toString().trim().split('\n');
      written += lines.length;
      lastEpoch = Number(lines[lines.length - 1]);
      // A few milliseconds later, so the kill lands at an arbitrary point of a write, not right after a line.
      if (written >= epochs && child.exitCode === null && !child.killed) setTimeout(() => child.kill('SIGKILL'), Math.random() * 5);
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (signal === 'SIGKILL') resolve(lastEpoch);
      else reject(new Error(`writer exited with code ${code} before it was killed: ${stderr}`));
    });
  });
}

function expectIntact(db: Db, runId: number): number {
  expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
  expect(db.pragma('foreign_key_check')).toEqual([]);
  const perEpoch = db.prepare(`
    SELECT e.epoch, COUNT(c.class_train_id) AS classes FROM run_epochs e
    LEFT JOIN run_class_metrics c ON c.run_id = e.run_id AND c.epoch = e.epoch
    WHERE e.run_id = ? GROUP BY e.epoch ORDER BY e.epoch
  `).all(runId) as { epoch: number; classes: number }[];
  expect(perEpoch.map((row) => row.epoch)).toEqual(perEpoch.map((_, i) => i + 1));
  expect(perEpoch.filter((row) => row.classes !== 19)).toEqual([]);
  return perEpoch.length;
}

describe('RunStore under kill -9', () => {
  const tempDir = useTempDir();

  it('keeps the database intact and every recorded epoch whole, and resumes after the crash', async () => {
    const dataDir = tempDir();
    const db = openDatabase(dataDir);
    const store = new RunStore(db);
    const { id } = store.createRun({ name: 'crash', arch: 'unet', config: {}, datasetRoot: '/data' });
    db.close();

    for (let round = 0; round < 2; round++) {
      const lastReported = await writeUntilKilled(dataDir, id, 150);
      const reopened = openDatabase(dataDir);
      const reopenedStore = new RunStore(reopened);
      const epochs = expectIntact(reopened, id);
      expect(epochs).toBeGreaterThanOrEqual(lastReported);
      expect(reopenedStore.getRun(id)).toMatchObject({ status: 'running', epochsDone: epochs });
      expect(reopenedStore.markInterruptedOnStart().map((run) => run.id)).toEqual([id]);
      // The writer checkpoints every 10th epoch, just after recording it; the kill may fall in between.
      const resumeFrom = reopenedStore.latestCheckpoint(id)?.epoch ?? 0;
      expect(resumeFrom % 10).toBe(0);
      expect(epochs - resumeFrom).toBeLessThanOrEqual(10);
      reopened.close();
    }
  });
});
