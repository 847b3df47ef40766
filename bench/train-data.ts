// npm run bench -- train-data [--frames 120] [--val 24] [--size 256x128] [--width 24] [--runs 1] [--json]
// Training on full-size (2048×1024) photos at a small input size: where an epoch's time goes (decoding, label
// drawing, resizing, augmentation, the step, validation) and epoch 1 / epoch 2 wall time and peak RSS of a
// whole training process without the input cache ("before"), with a cold one and with a warm one ("after").
import { spawnSync } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import sharp from 'sharp';
import { buildLabelIndex, CITYSCAPES } from '../src-shared/labels';
import { parseAnnotation } from '../src-shared/annotation';
import { renderMasks } from '../src-shared/raster';
import { augmentSample } from '../src-main/ml/data/augment';
import { sampleRandom } from '../src-main/ml/data/batch-assembler';
import { loadSampleCached } from '../src-main/ml/data/input-cache';
import { loadPhotoBytes, photoToFloats } from '../src-main/ml/data/load';
import { IMAGENET_STATS, normalize } from '../src-main/ml/data/normalize';
import { resizeLabelsNearest } from '../src-main/ml/data/resample';
import { listSamples } from '../src-main/ml/data/samples';
import { datasetFingerprint } from '../src-main/ml/data/fingerprint';
import { BatchLoader } from '../src-main/ml/data/loader';
import { scanFrames } from '../src-main/dataset/frames';
import { newTrainConfig } from '../src-main/ml/train/config';
import type { TrainingControl, TrainingEvent } from '../src-main/ml/train/events';
import { trainPreset } from '../src-main/ml/train/presets';
import { runTraining } from '../src-main/ml/train/trainer';
import { FRAME_HEIGHT, FRAME_WIDTH, generateFrame } from './lib/synthetic-cityscapes';
import { median } from './lib/process-timer';
import { Random } from './lib/random';

const REPO = join(import.meta.dirname, '..');
const { values: args } = parseArgs({
  options: {
    frames: { type: 'string', default: '120' },
    val: { type: 'string', default: '24' },
    size: { type: 'string', default: '256x128' },
    width: { type: 'string', default: '24' },
    runs: { type: 'string', default: '1' },
    json: { type: 'boolean', default: false },
    'loader-only': { type: 'boolean', default: false },
    child: { type: 'string' },
  },
});

interface ChildRequest { readonly mode?: 'train' | 'loader'; readonly dataset: string; readonly cacheDir: string; readonly runDir: string; readonly cacheInputs: boolean; readonly size: string; readonly width: number }
interface EpochTiming { readonly seconds: number; readonly trainLoopSeconds: number; readonly stepSeconds: number; readonly validationSeconds: number }
interface ChildResult { readonly setupSeconds: number; readonly epochs: EpochTiming[]; readonly peakRssMiB: number; readonly engine: string }

if (args.child) {
  const request = JSON.parse(args.child) as ChildRequest;
  console.log(JSON.stringify(request.mode === 'loader' ? await loadInThisProcess(request) : await trainInThisProcess(request)));
  process.exit(0);
}

const frames = Number(args.frames);
const valFrames = Number(args.val);
const runs = Number(args.runs);
const dir = await mkdtemp(join(tmpdir(), 'segstudio-bench-train-data-'));
try {
  const dataset = join(dir, 'dataset');
  console.error(`writing ${frames} train + ${valFrames} val synthetic ${FRAME_WIDTH}×${FRAME_HEIGHT} frames (photo PNG + polygons) …`);
  await writeDataset(dataset, frames, valFrames);
  const phases = await profileSamples(dataset, parseSize(args.size));
  const loads = [loadavg()[0]];
  // The data pipeline alone (one BatchLoader epoch, no model), so its memory shows apart from the engine's.
  const loaderOnly = {
    before: childLoader({ dataset, size: args.size, width: 0, cacheDir: join(dir, 'loader-nocache'), runDir: '', cacheInputs: false }),
    afterCold: childLoader({ dataset, size: args.size, width: 0, cacheDir: join(dir, 'loader-cache'), runDir: '', cacheInputs: true }),
    afterWarm: childLoader({ dataset, size: args.size, width: 0, cacheDir: join(dir, 'loader-cache'), runDir: '', cacheInputs: true }),
  };
  const variants: Record<'before' | 'afterCold' | 'afterWarm', ChildResult[]> = { before: [], afterCold: [], afterWarm: [] };
  for (let run = 0; run < (args['loader-only'] ? 0 : runs); run++) {
    const cacheDir = join(dir, `cache-${run}`);
    const base = { dataset, size: args.size, width: Number(args.width) };
    loads.push(loadavg()[0]);
    variants.before.push(child({ ...base, cacheDir: join(dir, `nocache-${run}`), runDir: join(dir, `run-b${run}`), cacheInputs: false }));
    variants.afterCold.push(child({ ...base, cacheDir, runDir: join(dir, `run-c${run}`), cacheInputs: true }));
    variants.afterWarm.push(child({ ...base, cacheDir, runDir: join(dir, `run-w${run}`), cacheInputs: true }));
  }
  loads.push(loadavg()[0]);
  const summary = Object.fromEntries(Object.entries(variants).filter(([, results]) => results.length > 0).map(([name, results]) => [name, {
    setupSeconds: median(results.map((r) => r.setupSeconds)),
    epoch1Seconds: median(results.map((r) => r.epochs[0].seconds)),
    epoch2Seconds: median(results.map((r) => r.epochs[1].seconds)),
    epoch1: results[0].epochs[0], epoch2: results[0].epochs[1],
    peakRssMiB: median(results.map((r) => r.peakRssMiB)),
  }]));
  const report = {
    frames, valFrames, size: args.size, modelWidth: Number(args.width), runs, engine: variants.before[0]?.engine ?? null,
    loadAverage: { min: Math.min(...loads), max: Math.max(...loads) }, phasesMsPerSample: phases, loaderOnly, ...summary,
  };
  await mkdir(join(REPO, 'bench', 'results'), { recursive: true });
  await writeFile(join(REPO, 'bench', 'results', `train-data-${new Date().toISOString().slice(0, 10)}.json`), `${JSON.stringify({ ...report, variants }, null, 2)}\n`);
  if (args.json) console.log(JSON.stringify(report));
  else printReport(report, summary);
} finally {
  await rm(dir, { recursive: true, force: true });
}

function printReport(report: { engine: string | null; loadAverage: { min: number; max: number }; phasesMsPerSample: Record<string, number> }, summary: Record<string, { setupSeconds: number; epoch1Seconds: number; epoch2Seconds: number; epoch1: EpochTiming; epoch2: EpochTiming; peakRssMiB: number }>): void {
  console.log(`${frames} train + ${valFrames} val frames at ${FRAME_WIDTH}×${FRAME_HEIGHT}, trained at ${args.size}, U-Net width ${args.width}, ${report.engine ?? 'no training'}; load average ${report.loadAverage.min.toFixed(2)}–${report.loadAverage.max.toFixed(2)}`);
  console.log('per sample (median ms):', Object.entries(report.phasesMsPerSample).map(([k, v]) => `${k} ${v.toFixed(1)}`).join(', '));
  const { loaderOnly } = report as unknown as { loaderOnly: Record<string, LoaderResult> };
  console.log('data pipeline alone, one epoch:', Object.entries(loaderOnly).map(([k, v]) => `${k} ${v.seconds.toFixed(1)} s, peak RSS ${v.peakRssMiB.toFixed(0)} MiB`).join('; '));
  console.log('variant      setup   epoch 1 (loop / step / val)     epoch 2 (loop / step / val)     peak RSS');
  for (const [name, s] of Object.entries(summary)) {
    const e = (t: EpochTiming) => `${t.seconds.toFixed(1)} s (${t.trainLoopSeconds.toFixed(1)} / ${t.stepSeconds.toFixed(1)} / ${t.validationSeconds.toFixed(1)})`;
    console.log(`${name.padEnd(12)} ${s.setupSeconds.toFixed(1).padStart(5)} s  ${e(s.epoch1).padEnd(30)}  ${e(s.epoch2).padEnd(30)}  ${s.peakRssMiB.toFixed(0)} MiB`);
  }
}

function child(request: ChildRequest): ChildResult {
  return runChild(request) as ChildResult;
}

function childLoader(request: Omit<ChildRequest, 'mode'>): LoaderResult {
  return runChild({ ...request, mode: 'loader' }) as LoaderResult;
}

function runChild(request: ChildRequest): unknown {
  const result = spawnSync(process.execPath, [join(REPO, 'bin', 'bench.mjs'), 'train-data', '--child', JSON.stringify(request)], { cwd: REPO, encoding: 'utf8', maxBuffer: 1 << 24 });
  if (result.status !== 0) throw new Error(`training process failed (${result.status}): ${result.stderr.slice(-2000)}`);
  return JSON.parse(result.stdout.trim().split('\n').at(-1)!);
}

interface LoaderResult { readonly seconds: number; readonly batches: number; readonly peakRssMiB: number }

/** One epoch of the training loader with the run's settings (one loading thread, 2 batches ahead), touching every batch. */
async function loadInThisProcess(request: ChildRequest): Promise<LoaderResult> {
  const size = parseSize(request.size);
  const preset = trainPreset('cpu-demo');
  const { samples } = await listSamples(request.dataset, 'train');
  const began = performance.now();
  const loader = new BatchLoader({
    samples, size, batchSize: preset.batchSize, stats: IMAGENET_STATS, augment: preset.augment, seed: 1, workers: preset.loaderWorkers,
    labelSpec: CITYSCAPES, inputCache: request.cacheInputs ? { dir: join(request.cacheDir, 'inputs'), dataset: request.dataset, fingerprint: await datasetFingerprint(await scanFrames(request.dataset)) } : undefined,
  });
  let batches = 0;
  for await (const batch of loader.epoch(1)) batches += batch.count > 0 ? 1 : 0;
  await loader.close();
  return { seconds: (performance.now() - began) / 1000, batches, peakRssMiB: process.resourceUsage().maxRSS / 1024 };
}

async function trainInThisProcess(request: ChildRequest): Promise<ChildResult> {
  const [width, height] = request.size.split('x').map(Number);
  const preset = trainPreset('cpu-demo');
  const config = newTrainConfig({ ...preset, model: { ...preset.model, width: request.width }, inputHeight: height, inputWidth: width, epochs: 2 }, { datasetRoot: request.dataset });
  const launched = performance.now();
  let started = Number.NaN;
  let epochStarted = Number.NaN;
  let lastStep = Number.NaN;
  let engine = '';
  const epochs: EpochTiming[] = [];
  const onEvent = (event: TrainingEvent) => {
    const now = performance.now();
    if (event.type === 'started') {
      started = epochStarted = now;
      engine = `${event.engine} (${event.device})`;
    } else if (event.type === 'step') {
      lastStep = now;
    } else if (event.type === 'epoch') {
      epochs.push({
        seconds: event.metrics.seconds, trainLoopSeconds: (lastStep - epochStarted) / 1000, validationSeconds: (now - lastStep) / 1000,
        // Filled in below from the per-step times: the rest of the loop is waiting for batches.
        stepSeconds: 0,
      });
    } else if (event.type === 'checkpoint') {
      epochStarted = performance.now();
    }
  };
  const stepTimes: number[][] = [];
  let stepBegan = Number.NaN;
  // The trainer asks whilePaused() just before each step and emits the step event just after it.
  const control: TrainingControl = {
    whilePaused: async () => { stepBegan = performance.now(); },
    isCancelled: () => false,
  };
  await runTraining({ config, runDir: request.runDir, cacheDir: request.cacheDir, cacheInputs: request.cacheInputs }, (event) => {
    if (event.type === 'step') (stepTimes[event.epoch - 1] ??= []).push((performance.now() - stepBegan) / 1000);
    onEvent(event);
  }, control);
  return {
    setupSeconds: (started - launched) / 1000,
    epochs: epochs.map((e, i) => ({ ...e, stepSeconds: (stepTimes[i] ?? []).reduce((a, b) => a + b, 0) })),
    peakRssMiB: process.resourceUsage().maxRSS / 1024,
    engine,
  };
}

/** Median milliseconds per sample of each stage of loading one sample, by calling what a loading thread calls. */
async function profileSamples(dataset: string, size: { height: number; width: number }): Promise<Record<string, number>> {
  const labels = buildLabelIndex(CITYSCAPES);
  const samples = (await listSamples(dataset, 'train')).samples.slice(0, 8);
  const times: Record<string, number[]> = {};
  const time = async <T>(name: string, work: () => Promise<T> | T): Promise<T> => {
    const began = performance.now();
    const result = await work();
    (times[name] ??= []).push(performance.now() - began);
    return result;
  };
  const cache = { dir: join(dir, 'profile-cache'), dataset, fingerprint: 'profile' };
  for (const [i, sample] of samples.entries()) {
    const photo = await time('decode+resize photo', () => loadPhotoBytes(sample.photoPath, size));
    const image = await time('photo to floats', () => photoToFloats(photo));
    const text = await time('read polygons', () => readFile(sample.label.path, 'utf8'));
    const annotation = await time('parse polygons', () => parseAnnotation(text, sample.label.path, labels).annotation!);
    const full = await time('draw train ids (full size)', () => renderMasks(annotation, labels, ['labelTrainIds']).labelTrainIds!);
    const label = await time('resize train ids', () => resizeLabelsNearest(full, annotation.imgHeight, annotation.imgWidth, size.height, size.width));
    const scaleCrop = { scaleCrop: { minScale: 0.5, maxScale: 2 }, hflip: { p: 0.5 } };
    const augmented = await time('augment (scale-crop, flip)', () => augmentSample({ ...size, image, label }, scaleCrop, sampleRandom(1, 1, i)));
    await time('normalize', () => normalize(augmented.image, IMAGENET_STATS));
    await time('cache write (miss)', () => loadSampleCached(sample, size, labels, CITYSCAPES, undefined, cache));
    await time('cache read (hit)', () => loadSampleCached(sample, size, labels, CITYSCAPES, undefined, cache));
  }
  const missExtra = median(times['cache write (miss)']);
  delete times['cache write (miss)'];
  return { ...Object.fromEntries(Object.entries(times).map(([name, values]) => [name, median(values)])), 'load on a cache miss (all of it)': missExtra };
}

function parseSize(size: string): { height: number; width: number } {
  const [width, height] = size.split('x').map(Number);
  return { height, width };
}

/** Photos are 8 distinct noisy street-coloured PNGs (a real photo's size on disk) copied; annotations are all distinct. */
async function writeDataset(root: string, train: number, val: number): Promise<void> {
  const photos: string[] = [];
  const unique = join(root, 'unique');
  await mkdir(unique, { recursive: true });
  const random = new Random(7);
  for (let i = 0; i < 8; i++) {
    const pixels = Buffer.alloc(FRAME_WIDTH * FRAME_HEIGHT * 3);
    for (let y = 0; y < FRAME_HEIGHT; y++) {
      for (let x = 0; x < FRAME_WIDTH; x++) {
        const o = (y * FRAME_WIDTH + x) * 3;
        const shade = (y / FRAME_HEIGHT) * 90 + Math.sin((x + i * 13) / 23) * 25 + random.next() * 24;
        pixels[o] = 60 + shade;
        pixels[o + 1] = 70 + shade;
        pixels[o + 2] = 90 + shade * 0.5;
      }
    }
    const path = join(unique, `${i}.png`);
    await sharp(pixels, { raw: { width: FRAME_WIDTH, height: FRAME_HEIGHT, channels: 3 } }).png().toFile(path);
    photos.push(path);
  }
  let n = 0;
  for (const [split, count] of [['train', train], ['val', val]] as const) {
    const photoDir = join(root, 'leftImg8bit', split, 'benchcity');
    const labelDir = join(root, 'gtFine', split, 'benchcity');
    await mkdir(photoDir, { recursive: true });
    await mkdir(labelDir, { recursive: true });
    for (let i = 0; i < count; i++, n++) {
      const stem = `benchcity_000000_${String(n).padStart(6, '0')}`;
      await copyFile(photos[n % photos.length], join(photoDir, `${stem}_leftImg8bit.png`));
      await writeFile(join(labelDir, `${stem}_gtFine_polygons.json`), JSON.stringify(generateFrame(1 + n * 7919), null, 4));
    }
  }
  await rm(unique, { recursive: true });
}
