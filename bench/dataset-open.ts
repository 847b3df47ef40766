/**
 * npm run bench -- dataset-open [--frames N]: how long opening and paging a large dataset takes in
 * the studio's services (scan by file names, first page, stats for one screenful), median of 5.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Studio } from '../src-main/services/studio';
import { openDatabase } from '../src-main/store/db';

const { values } = parseArgs({ options: { frames: { type: 'string', default: '5000' } } });
const frameCount = Number(values.frames);
const root = mkdtempSync(join(tmpdir(), 'segstudio-bench-open-'));
const annotation = JSON.stringify({
  imgWidth: 2048, imgHeight: 1024,
  objects: Array.from({ length: 80 }, (_, i) => ({ label: i % 2 ? 'car' : 'building', polygon: Array.from({ length: 40 }, (_, k) => [100 + i * 10 + 50 * Math.cos(k / 6), 200 + 50 * Math.sin(k / 6)]) })),
});
for (let i = 0; i < frameCount; i++) {
  const city = `city${i % 18}`;
  const dir = join(root, 'gtFine', i % 6 === 0 ? 'val' : 'train', city);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, `${city}_${String(i).padStart(6, '0')}_000019_gtFine_polygons.json`), annotation);
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const timings = { open: [] as number[], firstPage: [] as number[], screenStats: [] as number[], filteredPage: [] as number[] };
for (let run = 0; run < 5; run++) {
  const dataDir = mkdtempSync(join(tmpdir(), 'segstudio-bench-db-'));
  const db = openDatabase(dataDir);
  const studio = new Studio({ db, dataDir, version: 'bench', transport: 'web', defaultDataset: null });
  let t = performance.now();
  const dataset = await studio.openDataset(root);
  timings.open.push(performance.now() - t);
  t = performance.now();
  const page = await studio.listFrames({ datasetId: dataset.id, offset: 0, limit: 200 });
  timings.firstPage.push(performance.now() - t);
  t = performance.now();
  await studio.frameStats(dataset.id, page.frames.slice(0, 40).map((f) => f.id));
  timings.screenStats.push(performance.now() - t);
  t = performance.now();
  await studio.listFrames({ datasetId: dataset.id, split: 'val', search: '0019', offset: 400, limit: 200 });
  timings.filteredPage.push(performance.now() - t);
  db.close();
  rmSync(dataDir, { recursive: true, force: true });
}
rmSync(root, { recursive: true, force: true });
console.log(`dataset-open, ${frameCount} frames (median of 5, ms): ` +
  Object.entries(timings).map(([k, v]) => `${k} ${median(v).toFixed(1)}`).join(', '));
