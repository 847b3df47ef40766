import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTinyRun, writePhoto } from '../src-main/services/inference/__fixtures__/tiny-run';
import { startInference } from '../src-main/services/inference';
import { RunStore } from '../src-main/services/runs/run-store';
import { openDatabase } from '../src-main/store/db';
import { listFiles, runCli, useTempDir } from './helpers';

const tempDir = useTempDir('segstudio-inputs-');
const FRAME = { imgWidth: 8, imgHeight: 6, objects: [{ label: 'road', polygon: [[0, 3], [7, 3], [7, 5], [0, 5]] }] };

describe('folders given to masks and infer: links are followed alike, unreadable parts reported', () => {
  let root: string;
  let dataDir: string;
  let runId: number;
  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'segstudio-inputs-run-'));
    dataDir = join(root, 'data');
    ({ runId } = await createTinyRun(dataDir));
  }, 60_000);
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('masks: converts through a linked city folder, enters a link cycle once, names a broken link and exits 1', () => {
    const dataset = tempDir();
    const elsewhere = tempDir();
    mkdirSync(join(dataset, 'gtFine', 'train', 'here'), { recursive: true });
    writeFileSync(join(dataset, 'gtFine', 'train', 'here', 'here_000000_000000_gtFine_polygons.json'), JSON.stringify(FRAME));
    writeFileSync(join(elsewhere, 'there_000000_000000_gtFine_polygons.json'), JSON.stringify(FRAME));
    symlinkSync(elsewhere, join(dataset, 'gtFine', 'train', 'there'));
    symlinkSync(join(dataset, 'gtFine'), join(dataset, 'gtFine', 'train', 'here', 'loop'));
    symlinkSync(join(dataset, 'missing.json'), join(dataset, 'gtFine', 'train', 'gone_000000_000000_gtFine_polygons.json'));
    const out = tempDir();
    const result = runCli(['masks', dataset, '--out', out, '--types', 'labelIds']);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/^error: .*gone_000000_000000_gtFine_polygons\.json: a link that cannot be followed \(no such file, ENOENT\); skipped$/m);
    expect(listFiles(out)).toEqual(['gtFine/train/here/here_000000_000000_gtFine_labelIds.png', 'gtFine/train/there/there_000000_000000_gtFine_labelIds.png']);
  });

  it('masks: a file name or JSON excerpt cannot forge an error line or reach the terminal raw', () => {
    const dataset = tempDir();
    const name = 'evil\nsegstudio masks: 0 errors\u001b[2J_polygons.json';
    writeFileSync(join(dataset, name), '{"imgWidth": 8, "imgHeight": 6, "objects": [{"label": "road\\nfake line", "polygon": [[0,0],[1,1]]}]}');
    const result = runCli(['masks', dataset, '--out', tempDir()]);
    expect(result.status).toBe(1);
    const lines = result.stderr.trim().split('\n');
    expect(lines.filter((line) => line.includes('evil'))).toHaveLength(1);
    expect(result.stderr).not.toContain('\u001b');
    expect(result.stderr).toContain('evil\\nsegstudio masks: 0 errors\\x1b[2J_polygons.json');
  });

  it('infer: predicts photos in a linked folder and reports a broken link as a failed input', async () => {
    const photos = tempDir();
    const elsewhere = tempDir();
    await writePhoto(join(photos, 'a.png'), 40, 20, 1);
    await writePhoto(join(elsewhere, 'b.png'), 40, 20, 2);
    symlinkSync(elsewhere, join(photos, 'linked'));
    symlinkSync(join(photos, 'missing.png'), join(photos, 'gone.png'));
    const out = tempDir();
    const job = await startInference({ runId, inputDir: photos, outputDir: out, types: ['trainIds'], overwrite: false, workers: 1 }, { store: new RunStore(openDatabase(dataDir)), dataDir });
    const summary = await job.finished;
    expect(summary.failures).toEqual([{ path: join(photos, 'gone.png'), error: 'a link that cannot be followed (no such file, ENOENT); skipped' }]);
    expect(listFiles(out)).toEqual(['a_trainIds.png', 'linked/b_trainIds.png']);
  }, 60_000);
});
