import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createTinyRun } from '../src-main/services/inference/__fixtures__/tiny-run';
import { SAMPLE_DATASET } from '../src-main/app-paths';
import { openDatabase } from '../src-main/store/db';
import { RunStore } from '../src-main/services/runs/run-store';
import { runCli, useTempDir } from './helpers';

const tempDir = useTempDir('segstudio-runs-cli-');

describe('segstudio runs: edit, delete and compare', () => {
  it('renames, tags and notes a run, and compares two runs like the runs view', async () => {
    const dataDir = tempDir();
    const first = await createTinyRun(dataDir, SAMPLE_DATASET);
    const second = await createTinyRun(dataDir, SAMPLE_DATASET);
    // The second run's best epoch differs in its classes and its learning rate: make one class win there.
    const db = openDatabase(dataDir);
    db.prepare("UPDATE runs SET config_json = json_set(config_json, '$.optimizer.lr', 0.01) WHERE id = ?").run(second.runId);
    db.prepare('UPDATE run_class_metrics SET iou = 0.9 WHERE run_id = ? AND class_train_id = 0').run(second.runId);
    db.close();

    expect(runCli(['runs', 'rename', String(first.runId), 'baseline', 'run', '--data-dir', dataDir])).toMatchObject({ status: 0, stdout: `run ${first.runId} is now "baseline run"\n` });
    expect(runCli(['runs', 'tag', String(first.runId), 'cpu, demo', '--data-dir', dataDir]).stdout).toBe(`run ${first.runId} tags: cpu, demo\n`);
    expect(runCli(['runs', 'note', String(first.runId), 'first', 'try', '--data-dir', dataDir]).status).toBe(0);
    const stored = new RunStore(openDatabase(dataDir)).getRun(first.runId)!;
    expect(stored).toMatchObject({ name: 'baseline run', tags: ['cpu', 'demo'], note: 'first try' });

    const compared = runCli(['runs', 'compare', String(first.runId), String(second.runId), '--json', '--data-dir', dataDir]);
    expect(compared.status).toBe(0);
    const report = JSON.parse(compared.stdout);
    expect(report.runs.map((r: { id: number }) => r.id)).toEqual([first.runId, second.runId]);
    const road = report.classes.find((c: { name: string }) => c.name === 'road');
    expect(road.values).toEqual([0.1, 0.9]);
    expect(road.deltas[1]).toBeCloseTo(0.8);
    expect(road.best).toEqual([1]);
    expect(report.classes.find((c: { name: string }) => c.name === 'bicycle').values).toEqual([null, null]);
    expect(report.config).toEqual([{ key: 'optimizer.lr', values: ['0.003', '0.01'] }]);

    const text = runCli(['runs', 'compare', String(first.runId), String(second.runId), '--data-dir', dataDir]).stdout;
    expect(text).toMatch(/road\s+10\.0\s+90\.0\* \(\+80\.0\)/);
    expect(text).toMatch(/optimizer\.lr\s+0\.003\s+0\.01/);
  });

  it('deletes a run with its files only when told --yes, and names mistakes in one line', async () => {
    const dataDir = tempDir();
    const { runId, runDir } = await createTinyRun(dataDir);
    const unconfirmed = runCli(['runs', 'delete', String(runId), '--data-dir', dataDir]);
    expect(unconfirmed.status).toBe(2);
    expect(unconfirmed.stderr).toContain('add --yes to confirm');
    expect(existsSync(runDir)).toBe(true);

    expect(runCli(['runs', 'delete', String(runId), '--yes', '--data-dir', dataDir]).status).toBe(0);
    expect(existsSync(runDir)).toBe(false);
    const gone = runCli(['runs', 'rename', String(runId), 'x', '--data-dir', dataDir]);
    expect(gone).toMatchObject({ status: 2 });
    expect(gone.stderr.trim().split('\n')).toHaveLength(1);
    expect(gone.stderr).toContain(`run ${runId} does not exist`);
    expect(runCli(['runs', 'compare', '1', '--data-dir', dataDir]).stderr).toContain('runs compare takes 2 to 6 run ids, got 1');
  });
});
