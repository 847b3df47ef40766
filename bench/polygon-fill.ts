// npm run bench -- polygon-fill [--vertices N] [--runs R] [--json]
// Pathological polygons through segstudio's Pillow-exact fill beside Pillow's own ImageDraw.polygon.
import { spawnSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { fillPolygon } from '../src-shared/raster/pillow-polygon';
import { median } from './lib/process-timer';

const USAGE = `npm run bench -- polygon-fill [--vertices N] [--runs R] [--json]

Fills pathological polygons of N (200000) vertices on a 2048x1024 image R (3) times each, in segstudio's
rasterizer (spans written into a label buffer, as the masks path does) and in Pillow's ImageDraw.polygon
(/usr/bin/python3), and reports median seconds per shape and the ratio. Shapes: a zigzag whose every edge
spans the full height (each row crosses every edge), one whose edges each span a row or less, and a
star of many spikes through one centre.`;

const REPO = fileURLToPath(new URL('..', import.meta.url));
const WIDTH = 2048;
const HEIGHT = 1024;
const TARGET_RATIO = 2;

const { values } = parseArgs({ options: { vertices: { type: 'string', default: '200000' }, runs: { type: 'string', default: '3' }, json: { type: 'boolean', default: false }, help: { type: 'boolean', default: false } } });
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}
const vertices = Number(values.vertices);
const runs = Number(values.runs);

/** Each shape as flat integer coordinates, so both sides draw exactly the same polygon. */
function shapes(n: number): Record<string, number[]> {
  const tall: number[] = [];
  for (let i = 0; i < n; i++) tall.push(Math.floor((i * (WIDTH - 1)) / n), i % 2 === 0 ? 0 : HEIGHT - 1);
  const flat: number[] = [];
  for (let i = 0; i < n; i++) flat.push(i % 2 === 0 ? 0 : WIDTH - 1, Math.floor((i * (HEIGHT - 1)) / n));
  const star: number[] = [];
  for (let i = 0; i < n; i++) {
    const angle = (2 * Math.PI * i) / n;
    const radius = i % 2 === 0 ? 500 : 3;
    star.push(Math.round(WIDTH / 2 + radius * Math.cos(angle)), Math.round(HEIGHT / 2 + radius * Math.sin(angle)));
  }
  return { 'zigzag (full-height edges)': tall, 'zigzag (flat edges)': flat, 'star': star };
}

function timeSegstudio(coords: number[]): number[] {
  const buffer = new Uint8Array(WIDTH * HEIGHT);
  const times: number[] = [];
  for (let r = 0; r < runs; r++) {
    buffer.fill(0);
    const started = performance.now();
    fillPolygon(coords, WIDTH, HEIGHT, (x0, y, x1) => {
      if (y < 0 || y >= HEIGHT) return;
      const from = Math.max(0, Math.min(x0, x1));
      const to = Math.min(WIDTH - 1, Math.max(x0, x1));
      if (from <= to) buffer.fill(7, y * WIDTH + from, y * WIDTH + to + 1);
    });
    times.push((performance.now() - started) / 1000);
  }
  return times;
}

function timePillow(all: Record<string, number[]>): { version: string; seconds: Record<string, number[]> } | null {
  const result = spawnSync('/usr/bin/python3', [join(REPO, 'bench', 'reference', 'pillow_polygon.py')], {
    input: JSON.stringify({ width: WIDTH, height: HEIGHT, runs, shapes: all }), encoding: 'utf8', maxBuffer: 1 << 26,
  });
  if (result.status !== 0) return null;
  const parsed = JSON.parse(result.stdout) as { pillow: string; seconds: Record<string, number[]> };
  return { version: parsed.pillow, seconds: parsed.seconds };
}

const all = shapes(vertices);
const load = loadavg()[0];
const pillow = timePillow(all);
const rows = Object.entries(all).map(([name, coords]) => {
  const ours = median(timeSegstudio(coords));
  const theirs = pillow ? median(pillow.seconds[name]) : null;
  return { shape: name, segstudio: ours, pillow: theirs, ratio: theirs ? ours / theirs : null };
});
if (values.json) {
  console.log(JSON.stringify({ vertices, runs, loadAverage: load, pillow: pillow?.version ?? null, rows }));
} else {
  console.log(`${vertices} vertices on ${WIDTH}x${HEIGHT}, median of ${runs} runs, load average ${load.toFixed(2)}; Pillow ${pillow?.version ?? 'not found'}`);
  for (const row of rows) {
    const ratio = row.ratio === null ? '' : `  ${row.ratio.toFixed(2)}× Pillow's time (target ≤ ${TARGET_RATIO}×)`;
    console.log(`  ${row.shape.padEnd(28)} segstudio ${row.segstudio.toFixed(3)} s   Pillow ${row.pillow?.toFixed(3) ?? '—'} s${ratio}`);
  }
}
