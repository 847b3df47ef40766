/**
 * npm run bench -- qa [--cold N] [--sequential N] [--dwell MS] [--json]: the Dataset QA viewer in
 * headless Chromium against the real `segstudio serve`, on the sample (512x256) and on the same
 * frames scaled to Cityscapes size (2048x1024). Reports the app's own frame-switch time (request to
 * the panes on screen) for cold switches (a fresh page, a frame far from the open one) and sequential
 * ones (the next frame after a dwell, which the viewer may have prefetched), and the
 * requestAnimationFrame intervals during a scripted drag and wheel zoom at full size.
 */
import { chromium, type Browser, type Page } from '@playwright/test';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import sharp from 'sharp';
import { chromiumExecutable } from '../e2e/browser';
import { removeDir, startStudio, type StudioServer } from '../e2e/studio-server';

const REPO = join(import.meta.dirname, '..');
const SAMPLE = join(REPO, 'resources/sample-cityscapes');
const SCALE = 4;
/** The sample's train frames that become the full-size dataset. */
const CITIES = ['ashbury', 'northfield'];

const { values } = parseArgs({
  options: {
    cold: { type: 'string', default: '5' },
    sequential: { type: 'string', default: '10' },
    dwell: { type: 'string', default: '600' },
    json: { type: 'boolean', default: false },
  },
});
const coldCount = Number(values.cold);
const sequentialCount = Number(values.sequential);
const dwellMs = Number(values.dwell);

/** The sample's frames of CITIES scaled 4x, with photos resized to 2048x1024 and the official PNGs written by `segstudio masks`. */
async function writeFullSizeDataset(root: string): Promise<number> {
  let frames = 0;
  for (const city of CITIES) {
    const gt = join(root, 'gtFine/train', city);
    const photos = join(root, 'leftImg8bit/train', city);
    mkdirSync(gt, { recursive: true });
    mkdirSync(photos, { recursive: true });
    for (const file of readdirSync(join(SAMPLE, 'gtFine/train', city)).filter((f) => f.endsWith('_polygons.json'))) {
      const annotation = JSON.parse(readFileSync(join(SAMPLE, 'gtFine/train', city, file), 'utf8')) as { imgWidth: number; imgHeight: number; objects: Array<{ polygon: number[][] }> };
      annotation.imgWidth *= SCALE;
      annotation.imgHeight *= SCALE;
      for (const object of annotation.objects) object.polygon = object.polygon.map(([x, y]) => [x * SCALE, y * SCALE]);
      writeFileSync(join(gt, file), JSON.stringify(annotation, null, 4));
      const photo = file.replace('_gtFine_polygons.json', '_leftImg8bit.png');
      await sharp(join(SAMPLE, 'leftImg8bit/train', city, photo)).resize(annotation.imgWidth, annotation.imgHeight).png().toFile(join(photos, photo));
      frames++;
    }
  }
  const masks = spawnSync(process.execPath, [join(REPO, 'bin/segstudio.mjs'), 'masks', root], { encoding: 'utf8' });
  if (masks.status !== 0) throw new Error(`segstudio masks failed: ${masks.stderr}`);
  return frames;
}

async function switchTime(page: Page, action: () => Promise<void>): Promise<number> {
  const title = page.getByTestId('frame-title');
  const before = await title.textContent();
  const beforeMs = await page.getByTestId('frame-switch-ms').getAttribute('data-ms');
  await action();
  await page.waitForFunction(([t, ms]) => {
    const titleNow = document.querySelector('[data-testid="frame-title"]')?.textContent;
    const msNow = document.querySelector('[data-testid="frame-switch-ms"]')?.getAttribute('data-ms');
    return titleNow !== t && msNow !== ms && msNow !== '';
  }, [before, beforeMs] as const, { timeout: 30_000 });
  return Number(await page.getByTestId('frame-switch-ms').getAttribute('data-ms'));
}

async function openViewer(page: Page, url: string): Promise<void> {
  // tsx (esbuild keepNames) wraps the functions passed to page.evaluate in a __name helper the page lacks.
  await page.addInitScript('window.__name = (f) => f');
  await page.goto(url);
  await page.waitForFunction(() => (document.querySelector('[data-testid="frame-switch-ms"]')?.getAttribute('data-ms') ?? '') !== '', undefined, { timeout: 30_000 });
}

/** Cold: a fresh browser context (no caches) per switch, jumping from the first frame to one several rows down the list. */
async function coldSwitches(browser: Browser, url: string, count: number): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < count; i++) {
    const context = await browser.newContext({ viewport: { width: 1600, height: 1000 } });
    const page = await context.newPage();
    await openViewer(page, url);
    // Long enough for the open frame's prefetches to finish: the switch then has the page to itself.
    await page.waitForTimeout(3 * dwellMs);
    const option = page.getByRole('listbox', { name: 'Frames' }).getByRole('option').nth(3 + i);
    times.push(await switchTime(page, () => option.click()));
    await context.close();
  }
  return times;
}

/** Sequential: the next frame (ArrowRight) after looking at each for `dwellMs`. */
async function sequentialSwitches(page: Page, count: number): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < count; i++) {
    await page.waitForTimeout(dwellMs);
    times.push(await switchTime(page, () => page.keyboard.press('ArrowRight')));
  }
  return times;
}

/** requestAnimationFrame intervals (ms) while a drag pans, or the wheel zooms, by one step per frame. */
async function gestureIntervals(page: Page, gesture: 'pan' | 'zoom', seconds = 2): Promise<number[]> {
  return page.evaluate(async ({ gesture, seconds }) => {
    const pane = document.querySelector('[data-testid="pane-photo"]')!;
    const rect = pane.getBoundingClientRect();
    const cx = rect.x + rect.width / 2;
    const cy = rect.y + rect.height / 2;
    const nextFrame = () => new Promise<number>((resolve) => requestAnimationFrame(resolve));
    if (gesture === 'pan') pane.dispatchEvent(new MouseEvent('mousedown', { clientX: cx, clientY: cy, button: 0, bubbles: true }));
    let last = await nextFrame();
    const started = last;
    const intervals: number[] = [];
    for (let frames = 0; last - started < seconds * 1000; frames++) {
      const step = Math.floor(frames / 15) % 2 === 0 ? 1 : -1;
      if (gesture === 'zoom') pane.dispatchEvent(new WheelEvent('wheel', { deltaY: -60 * step, clientX: cx, clientY: cy, bubbles: true, cancelable: true }));
      else pane.dispatchEvent(new MouseEvent('mousemove', { clientX: cx + 8 * step * (frames % 15), clientY: cy + 4 * step * (frames % 15), bubbles: true }));
      const now = await nextFrame();
      intervals.push(now - last);
      last = now;
    }
    if (gesture === 'pan') window.dispatchEvent(new MouseEvent('mouseup', { bubbles: true }));
    return intervals;
  }, { gesture, seconds });
}

const percentile = (xs: number[], p: number) => {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length - 1) * p + 0.5))];
};
const median = (xs: number[]) => percentile(xs, 0.5);

interface DatasetFigures {
  readonly cold: number[];
  readonly sequential: number[];
  readonly pan?: number[];
  readonly zoom?: number[];
}

async function measure(browser: Browser, server: StudioServer, withGestures: boolean): Promise<DatasetFigures> {
  const cold = await coldSwitches(browser, server.url, coldCount);
  const context = await browser.newContext({ viewport: { width: 1600, height: 1000 } });
  const page = await context.newPage();
  await openViewer(page, server.url);
  const sequential = await sequentialSwitches(page, sequentialCount);
  // Let the prefetch of the last frame's neighbours finish: the gestures measure drawing alone.
  if (withGestures) await page.waitForTimeout(2 * dwellMs);
  const figures: DatasetFigures = withGestures
    ? { cold, sequential, zoom: await gestureIntervals(page, 'zoom'), pan: await gestureIntervals(page, 'pan') }
    : { cold, sequential };
  await context.close();
  return figures;
}

const load = loadavg();
const fullRoot = mkdtempSync(join(tmpdir(), 'segstudio-bench-qa-'));
const fullFrames = await writeFullSizeDataset(fullRoot);
const browser = await chromium.launch({
  executablePath: chromiumExecutable(),
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
});
const results: Record<string, DatasetFigures> = {};
try {
  for (const [name, args, gestures] of [['sample 512x256', [], false], [`full size 2048x1024 (${fullFrames} frames)`, ['--dataset', fullRoot], true]] as const) {
    const server = await startStudio([...args]);
    try {
      results[name] = await measure(browser, server, gestures);
    } finally {
      await server.stop();
      removeDir(server.dataDir);
    }
  }
} finally {
  await browser.close();
  removeDir(fullRoot);
}
const loadAfter = loadavg();

if (values.json) {
  console.log(JSON.stringify({ loadAverage: [load[0], loadAfter[0]], results }));
} else {
  const ms = (x: number) => `${x.toFixed(0)} ms`;
  console.log(`load average (1 min) ${load[0].toFixed(2)} before, ${loadAfter[0].toFixed(2)} after; dwell ${dwellMs} ms before each sequential switch`);
  for (const [name, r] of Object.entries(results)) {
    console.log(`${name}`);
    console.log(`  frame switch, cold:       median ${ms(median(r.cold))} (${r.cold.map((t) => t.toFixed(0)).join(', ')})`);
    console.log(`  frame switch, sequential: median ${ms(median(r.sequential))} (${r.sequential.map((t) => t.toFixed(0)).join(', ')})`);
    for (const gesture of ['pan', 'zoom'] as const) {
      const intervals = r[gesture];
      if (intervals) console.log(`  ${gesture.padEnd(4)} rAF interval: p50 ${intervals.length ? percentile(intervals, 0.5).toFixed(1) : '-'} ms, p95 ${percentile(intervals, 0.95).toFixed(1)} ms over ${intervals.length} frames`);
    }
  }
}
