// npm run bench -- infer [--images 32] [--runs 3] [--size 512x256] [--workers N] [--threads 2] [--json]
// Folder inference with the cpu-demo U-Net: the whole `segstudio infer` process against PyTorch on the CPU
// (bench/reference/torch_infer.py, Debian python3-torch), same architecture, image size and outputs.
import { spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import sharp from 'sharp';
import type { InferSummary } from '../src-shared/api/inference';
import { trainPreset } from '../src-main/ml/train/presets';
import { writeUntrainedModelFolder } from './lib/model-folder';
import { median, timeProcess, type TimedRun } from './lib/process-timer';
import { Random } from './lib/random';

const REPO = fileURLToPath(new URL('..', import.meta.url));
const { values: args } = parseArgs({
  options: {
    images: { type: 'string', default: '32' },
    runs: { type: 'string', default: '3' },
    size: { type: 'string', default: '512x256' },
    workers: { type: 'string' },
    threads: { type: 'string', default: '2' },
    python: { type: 'string', default: '/usr/bin/python3' },
    json: { type: 'boolean', default: false },
  },
});
const images = Number(args.images);
const runs = Number(args.runs);
const [width, height] = args.size.split('x').map(Number);
const workers = Number(args.workers ?? availableParallelism());
const model = { arch: 'unet' as const, width: trainPreset('cpu-demo').model.width ?? 8 };

interface Side { readonly medianSeconds: number; readonly imagesPerSecond: number; readonly medianCpuSeconds: number | null; readonly inProcessImagesPerSecond: number; readonly runs: number[] }

const dir = await mkdtemp(join(tmpdir(), 'segstudio-bench-infer-'));
try {
  const photos = join(dir, 'photos');
  await writePhotos(photos, images, width, height);
  const modelDir = join(dir, 'model');
  await writeUntrainedModelFolder(modelDir, { ...model, inputHeight: height, inputWidth: width, numClasses: 19 });
  // Time what users run: the bundled CLI, started directly, so that a source edit during the bench
  // cannot switch bin/segstudio.mjs over to the TypeScript source through tsx.
  const built = spawnSync(process.execPath, [join(REPO, 'scripts/build-cli.mjs')], { cwd: REPO, stdio: 'inherit' });
  if (built.status !== 0) throw new Error('building the CLI bundle (scripts/build-cli.mjs) failed');
  const entry = 'bundle (out/cli)';

  const ours: TimedRun[] = [];
  const oursInProcess: number[] = [];
  const torch: TimedRun[] = [];
  const torchInProcess: number[] = [];
  let torchError: string | null = null;
  for (let run = 0; run < runs; run++) {
    const out = join(dir, `out-segstudio-${run}`);
    const timed = await timeProcess(process.execPath, [join(REPO, 'out/cli/main.mjs'), 'infer', '--model', modelDir, '--in', photos, '--out', out, '--types', 'color', '--workers', String(workers), '--json'], REPO);
    ours.push(timed);
    const summary = JSON.parse(timed.stdout.trim().split('\n').pop()!) as InferSummary;
    oursInProcess.push(summary.written / summary.seconds);
    if (torchError !== null) continue;
    try {
      const reference = await timeProcess(args.python, [join(REPO, 'bench/reference/torch_infer.py'), '--in', photos, '--out', join(dir, `out-torch-${run}`), '--width', String(model.width), '--size', args.size, '--threads', args.threads], REPO);
      torch.push(reference);
      torchInProcess.push((JSON.parse(reference.stdout.trim()) as { imagesPerSecond: number }).imagesPerSecond);
    } catch (error) {
      torchError = (error as Error).message.split('\n')[0];
    }
  }

  const side = (timed: TimedRun[], inProcess: number[]): Side => {
    const seconds = median(timed.map((t) => t.seconds));
    const cpu = timed.every((t) => t.cpuSeconds !== null) ? median(timed.map((t) => t.cpuSeconds!)) : null;
    return { medianSeconds: seconds, imagesPerSecond: images / seconds, medianCpuSeconds: cpu, inProcessImagesPerSecond: median(inProcess), runs: timed.map((t) => t.seconds) };
  };
  const segstudio = side(ours, oursInProcess);
  const pytorch = torch.length > 0 ? side(torch, torchInProcess) : null;
  const result = {
    images, size: args.size, model: { ...model, inputSize: args.size }, runs, workers, torchThreads: Number(args.threads), entry,
    segstudio, pytorch, pytorchError: torchError,
    ratio: pytorch ? segstudio.imagesPerSecond / pytorch.imagesPerSecond : null,
    inProcessRatio: pytorch ? segstudio.inProcessImagesPerSecond / pytorch.inProcessImagesPerSecond : null,
    loadAverage: loadavg()[0],
  };
  const resultsDir = join(REPO, 'bench', 'results');
  await mkdir(resultsDir, { recursive: true });
  const date = new Date().toISOString();
  await writeFile(join(resultsDir, `infer-${date.replace(/[:.]/g, '-').slice(0, 19)}.json`), `${JSON.stringify({ ...result, date }, null, 2)}\n`);
  if (args.json) console.log(JSON.stringify(result));
  else {
    const line = (name: string, s: Side) => `  ${name.padEnd(34)} ${s.imagesPerSecond.toFixed(2)} images/s (${s.medianSeconds.toFixed(1)} s, CPU ${s.medianCpuSeconds?.toFixed(1) ?? '?'} s); in-process ${s.inProcessImagesPerSecond.toFixed(2)} images/s`;
    console.log(`${images} images ${args.size}, U-Net width ${model.width} (cpu-demo) at ${args.size}, --types color, median of ${runs} runs (${entry}):`);
    console.log(line(`segstudio infer (${workers} workers)`, segstudio));
    if (pytorch) {
      console.log(line(`PyTorch (${args.threads} threads)`, pytorch));
      console.log(`  segstudio / PyTorch: ${result.ratio!.toFixed(2)}x whole process, ${result.inProcessRatio!.toFixed(2)}x in-process`);
    } else console.log(`  PyTorch reference unavailable: ${torchError}`);
  }
} finally {
  await rm(dir, { recursive: true, force: true });
}

/** Smooth random street-like colour fields (noise would make PNG decoding, not the model, the cost). */
async function writePhotos(folder: string, count: number, w: number, h: number): Promise<void> {
  await mkdir(folder, { recursive: true });
  const random = new Random(1);
  for (let i = 0; i < count; i++) {
    const pixels = Buffer.alloc(w * h * 3);
    const [r, g, b] = [random.next(), random.next(), random.next()].map((v) => 64 + v * 128);
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < w; x++) {
        const o = (y * w + x) * 3;
        const shade = (y / h) * 60 + Math.sin((x + i * 13) / 17) * 20 + random.next() * 12;
        pixels[o] = r + shade;
        pixels[o + 1] = g + shade;
        pixels[o + 2] = b - shade;
      }
    }
    await sharp(pixels, { raw: { width: w, height: h, channels: 3 } }).png().toFile(join(folder, `frame_${String(i).padStart(3, '0')}_leftImg8bit.png`));
  }
}
