import { parseArgs } from 'node:util';
import { formatProblem } from '../../src-shared/annotation';
import { DEFAULT_PILLOW_VERSION, MASK_TYPES, SUPPORTED_PILLOW_RANGE, type MaskType } from '../../src-shared/raster';
import { discoverMaskJobs } from '../services/masks/discover';
import { generateMasks } from '../services/masks/generate';
import { parsePositiveInteger } from './flags';
import { labelSpecForInputs } from './label-spec';
import { pillowFromFlag } from './pillow-flag';
import { ProgressBar } from './progress';
import { UsageError } from './usage-error';
import { printable } from '../../src-shared/errors';

export const MASKS_USAGE = `segstudio masks <inputs...> [--out DIR] [--types ${MASK_TYPES.join(',')}] [--labels SPEC.json] [--pillow VERSION] [--jobs N] [--json]

Turns Cityscapes-style *_polygons.json annotations into label images, identical to the official
json2labelImg / json2instanceImg / createTrainIdLabelImgs output. Inputs: a dataset root, a gtFine
folder, or JSON files. Writes <rel>/<stem>_<type>.png under --out (default: beside each JSON).
Draws with --labels SPEC.json, else the segstudio.labels.json in the inputs' folder or above it
(their dataset's own label spec), else Cityscapes' table. --pillow: draw as that Pillow release does
(${SUPPORTED_PILLOW_RANGE}; default ${DEFAULT_PILLOW_VERSION}).`;

export async function runMasks(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      out: { type: 'string' },
      types: { type: 'string' },
      labels: { type: 'string' },
      jobs: { type: 'string' },
      pillow: { type: 'string' },
      json: { type: 'boolean', default: false },
    },
  });
  if (positionals.length === 0) throw new UsageError('give at least one dataset folder or *_polygons.json file');
  const types = parseTypes(values.types);
  const jobs = values.jobs === undefined ? undefined : parsePositiveInteger('--jobs', values.jobs);
  const spec = await labelSpecForInputs(values.labels, positionals);
  const pillow = pillowFromFlag(values.pillow);

  const started = Date.now();
  const { jobs: frames, inputErrors } = await discoverMaskJobs(positionals, types, values.out);
  for (const line of inputErrors) console.error(printable(`error: ${line}`));

  const bar = new ProgressBar('masks', frames.length, 'frames');
  const results = await generateMasks(frames, spec, {
    jobs,
    generation: pillow.generation,
    onResult: ({ done, result }) => {
      if (result.problems.length > 0) {
        bar.clear();
        for (const problem of result.problems) console.error(printable(formatProblem(problem)));
      }
      bar.update(done);
    },
  });
  bar.clear();

  const failed = results.filter((r) => !r.ok);
  const written = results.reduce((sum, r) => sum + r.written.length, 0);
  const seconds = (Date.now() - started) / 1000;
  if (values.json) {
    console.log(JSON.stringify({
      frames: results.length,
      converted: results.length - failed.length,
      failed: failed.map((r) => ({ file: r.jsonPath, errors: r.problems.filter((p) => p.severity === 'error').map(formatProblem) })),
      inputErrors,
      written,
      types,
      labels: spec.name,
      pillow: pillow.version,
      seconds,
    }));
  } else {
    const rate = results.length / Math.max(seconds, 1e-3);
    console.log(`masks: ${results.length - failed.length} of ${results.length} frames converted, ${failed.length} failed, ` +
      `${written} PNGs written in ${seconds.toFixed(1)}s (${rate.toFixed(1)} frames/s, labels: ${spec.name})`);
  }
  return failed.length > 0 || inputErrors.length > 0 ? 1 : 0;
}

function parseTypes(value: string | undefined): MaskType[] {
  if (value === undefined) return [...MASK_TYPES];
  const types = value.split(',').map((t) => t.trim()).filter(Boolean);
  const unknown = types.filter((t) => !(MASK_TYPES as readonly string[]).includes(t));
  if (unknown.length > 0 || types.length === 0) {
    throw new UsageError(`--types: unknown type ${JSON.stringify(unknown[0] ?? value)} (choose from ${MASK_TYPES.join(', ')})`);
  }
  return [...new Set(types)] as MaskType[];
}

