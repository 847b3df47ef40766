// npm run bench -- train [--width 16] [--size 128x128] [--batch 4] [--steps 10] [--warmup 2] [--json]
// One U-Net training step: `segstudio bench train` (tfjs, in its own process) against PyTorch on the CPU
// (bench/reference/torch_train_step.py, Debian python3-torch), same model, shapes and optimizer.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { timeProcess } from './lib/process-timer';

const REPO = join(import.meta.dirname, '..');
const { values: args } = parseArgs({
  options: {
    width: { type: 'string', default: '16' },
    size: { type: 'string', default: '128x128' },
    batch: { type: 'string', default: '4' },
    steps: { type: 'string', default: '10' },
    warmup: { type: 'string', default: '2' },
    backend: { type: 'string' },
    python: { type: 'string', default: '/usr/bin/python3' },
    json: { type: 'boolean', default: false },
  },
});

interface StepTiming { readonly msPerStep: number; readonly engine: string; readonly trainableParams: number }

const shape = ['--width', args.width, '--size', args.size, '--batch', args.batch, '--steps', args.steps, '--warmup', args.warmup];
const tfjsArgs = [join(REPO, 'bin/segstudio.mjs'), 'bench', 'train', '--arch', 'unet', ...shape, ...(args.backend ? ['--backend', args.backend] : []), '--json'];
const tfjs = JSON.parse((await timeProcess(process.execPath, tfjsArgs, REPO)).stdout.trim().split('\n').pop()!) as StepTiming;
const torch = await timeProcess(args.python, [join(REPO, 'bench/reference/torch_train_step.py'), ...shape], REPO)
  .then((run) => JSON.parse(run.stdout.trim()) as StepTiming & { threads: number })
  .catch((error: Error) => ({ error: error.message.split('\n')[0] }));

const result = {
  shape: { arch: 'unet', width: Number(args.width), size: args.size, batch: Number(args.batch), steps: Number(args.steps) },
  tfjs,
  pytorch: torch,
  slowdown: 'msPerStep' in torch ? tfjs.msPerStep / torch.msPerStep : null,
};
const dir = join(REPO, 'bench', 'results');
await mkdir(dir, { recursive: true });
const date = new Date().toISOString();
await writeFile(join(dir, `train-${date.replace(/[:.]/g, '-').slice(0, 19)}.json`), `${JSON.stringify({ ...result, date }, null, 2)}\n`);
if (args.json) console.log(JSON.stringify(result));
else {
  console.log(`unet width ${args.width} ${args.size} batch ${args.batch}, median of ${args.steps} steps:`);
  console.log(`  tfjs ${tfjs.engine}: ${tfjs.msPerStep.toFixed(0)} ms/step (${tfjs.trainableParams.toLocaleString('en-US')} trainable params)`);
  if ('msPerStep' in torch) {
    console.log(`  ${torch.engine}, ${torch.threads} threads: ${torch.msPerStep.toFixed(0)} ms/step (${torch.trainableParams.toLocaleString('en-US')} trainable params)`);
    console.log(`  tfjs is ${result.slowdown!.toFixed(1)}x slower`);
  } else console.log(`  PyTorch reference unavailable: ${torch.error}`);
}
