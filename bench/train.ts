// npm run bench -- train [--width 16] [--size 128x128] [--batch 4] [--steps 10] [--warmup 2] [--runs 1] [--threads N] [--torch-threads 2] [--json]
// One U-Net training step: `segstudio bench train` (tfjs, in its own process) against PyTorch on the CPU
// (bench/reference/torch_train_step.py, Debian python3-torch), same model, shapes and optimizer.
// --runs alternates the two processes that many times; the ratio is the median of the runs' ratios. CPU time
// per step (all threads) is reported beside wall time: with one thread on each side it hardly moves under load.
import { mkdir, writeFile } from 'node:fs/promises';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { median, timeProcess } from './lib/process-timer';

const REPO = join(import.meta.dirname, '..');
const { values: args } = parseArgs({
  options: {
    width: { type: 'string', default: '16' },
    size: { type: 'string', default: '128x128' },
    batch: { type: 'string', default: '4' },
    steps: { type: 'string', default: '10' },
    warmup: { type: 'string', default: '2' },
    runs: { type: 'string', default: '1' },
    backend: { type: 'string' },
    threads: { type: 'string' },
    'torch-threads': { type: 'string', default: '2' },
    python: { type: 'string', default: '/usr/bin/python3' },
    json: { type: 'boolean', default: false },
  },
});

interface StepTiming { readonly msPerStep: number; readonly cpuMsPerStep: number; readonly engine: string; readonly trainableParams: number; readonly threads?: number }
interface TorchTiming extends StepTiming { readonly threads: number }
interface Run {
  readonly tfjs: StepTiming;
  readonly pytorch: TorchTiming | { error: string };
  readonly slowdown: number | null;
  readonly cpuSlowdown: number | null;
  readonly loadAverage: number;
}

const shape = ['--width', args.width, '--size', args.size, '--batch', args.batch, '--steps', args.steps, '--warmup', args.warmup];
const tfjsArgs = [
  join(REPO, 'bin/segstudio.mjs'), 'bench', 'train', '--arch', 'unet', ...shape,
  ...(args.backend ? ['--backend', args.backend] : []), ...(args.threads ? ['--threads', args.threads] : []), '--json',
];

async function timeOnce(): Promise<Run> {
  const tfjs = JSON.parse((await timeProcess(process.execPath, tfjsArgs, REPO)).stdout.trim().split('\n').pop()!) as StepTiming;
  const pytorch = await timeProcess(args.python, [join(REPO, 'bench/reference/torch_train_step.py'), ...shape, '--threads', args['torch-threads']], REPO)
    .then((run) => JSON.parse(run.stdout.trim()) as TorchTiming)
    .catch((error: Error) => ({ error: error.message.split('\n')[0] }));
  // Other work on the machine slows the two sides differently (PyTorch's two threads wait on each other), so each run records it.
  const hasTorch = 'msPerStep' in pytorch;
  return {
    tfjs, pytorch, loadAverage: loadavg()[0],
    slowdown: hasTorch ? tfjs.msPerStep / pytorch.msPerStep : null,
    cpuSlowdown: hasTorch ? tfjs.cpuMsPerStep / pytorch.cpuMsPerStep : null,
  };
}

const runs: Run[] = [];
for (let i = 0; i < Number(args.runs); i++) runs.push(await timeOnce());
const { tfjs, pytorch } = runs[runs.length - 1];
const ratios = runs.flatMap((r) => (r.slowdown === null ? [] : [r.slowdown]));
const cpuRatios = runs.flatMap((r) => (r.cpuSlowdown === null ? [] : [r.cpuSlowdown]));
const torchRuns = runs.flatMap((r) => ('msPerStep' in r.pytorch ? [r.pytorch] : []));
const result = {
  shape: { arch: 'unet', width: Number(args.width), size: args.size, batch: Number(args.batch), steps: Number(args.steps) },
  tfjs: { ...tfjs, msPerStep: median(runs.map((r) => r.tfjs.msPerStep)), cpuMsPerStep: median(runs.map((r) => r.tfjs.cpuMsPerStep)) },
  pytorch: 'msPerStep' in pytorch
    ? { ...pytorch, msPerStep: median(torchRuns.map((t) => t.msPerStep)), cpuMsPerStep: median(torchRuns.map((t) => t.cpuMsPerStep)) }
    : pytorch,
  slowdown: ratios.length > 0 ? median(ratios) : null,
  cpuSlowdown: cpuRatios.length > 0 ? median(cpuRatios) : null,
  runs: runs.map((r) => ({
    tfjsMs: r.tfjs.msPerStep, tfjsCpuMs: r.tfjs.cpuMsPerStep,
    pytorchMs: 'msPerStep' in r.pytorch ? r.pytorch.msPerStep : null, pytorchCpuMs: 'msPerStep' in r.pytorch ? r.pytorch.cpuMsPerStep : null,
    slowdown: r.slowdown, cpuSlowdown: r.cpuSlowdown, loadAverage: r.loadAverage,
  })),
};
const dir = join(REPO, 'bench', 'results');
await mkdir(dir, { recursive: true });
const date = new Date().toISOString();
await writeFile(join(dir, `train-${date.replace(/[:.]/g, '-').slice(0, 19)}.json`), `${JSON.stringify({ ...result, date }, null, 2)}\n`);
if (args.json) console.log(JSON.stringify(result));
else {
  console.log(`unet width ${args.width} ${args.size} batch ${args.batch}, median of ${args.steps} steps${runs.length > 1 ? `, median of ${runs.length} runs` : ''}:`);
  console.log(`  tfjs ${tfjs.engine}, ${tfjs.threads ?? 1} thread(s): ${result.tfjs.msPerStep.toFixed(0)} ms/step, CPU ${result.tfjs.cpuMsPerStep.toFixed(0)} ms/step (${tfjs.trainableParams.toLocaleString('en-US')} trainable params)`);
  if ('msPerStep' in result.pytorch) {
    const torch = result.pytorch;
    console.log(`  ${torch.engine}, ${torch.threads} thread(s): ${torch.msPerStep.toFixed(0)} ms/step, CPU ${torch.cpuMsPerStep.toFixed(0)} ms/step (${torch.trainableParams.toLocaleString('en-US')} trainable params)`);
    console.log(`  tfjs is ${result.slowdown!.toFixed(1)}x slower (CPU time: ${result.cpuSlowdown!.toFixed(1)}x)`);
  } else console.log(`  PyTorch reference unavailable: ${result.pytorch.error}`);
  if (runs.length > 1) {
    for (const r of result.runs) {
      console.log(`  run: tfjs ${r.tfjsMs.toFixed(0)} ms (CPU ${r.tfjsCpuMs.toFixed(0)}), pytorch ${r.pytorchMs?.toFixed(0) ?? '-'} ms (CPU ${r.pytorchCpuMs?.toFixed(0) ?? '-'}), ${r.slowdown?.toFixed(1) ?? '-'}x, load average ${r.loadAverage.toFixed(1)}`);
    }
  }
}
