// npm run bench -- masks [--frames N] [--runs R] [--jobs N] [--phases] [--json]
// The whole `segstudio masks` process on full-size frames against a Pillow reference writing the same PNGs.
import { spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { cliEntry, type CliEntry } from './lib/cli-entry';
import { compareOutputs, MASK_SUFFIXES, measureOutputs, type Comparison, type OutputSizes } from './lib/mask-outputs';
import { timeMaskPhases, type PhaseTimes } from './lib/mask-phases';
import { median, pillowVersion, timeProcess, type TimedRun } from './lib/process-timer';
import { FRAME_HEIGHT, FRAME_WIDTH, writeSyntheticDataset, type DatasetStats } from './lib/synthetic-cityscapes';

const USAGE = `npm run bench -- masks [--frames N] [--runs R] [--jobs N] [--seed S] [--phases] [--keep] [--json]

Generates N (24) synthetic ${FRAME_WIDTH}x${FRAME_HEIGHT} Cityscapes annotations, then times R (3) alternating runs
of the whole \`segstudio masks\` process (--jobs N is passed on) and of a Pillow reference writing the same
four PNGs per frame (when /usr/bin/python3 has Pillow). Reports median wall time, frames/s, CPU time,
PNG bytes and the ratios, checks that every PNG decodes to the same pixels, and saves the result to
bench/results/. --phases adds an in-process split of one worker's time per frame; --keep keeps the
temp folder; --json prints one JSON line instead of the table.`;

const REPO = fileURLToPath(new URL('..', import.meta.url));
const PYTHON = '/usr/bin/python3';
const PILLOW_SCRIPT = join(REPO, 'bench', 'reference', 'pillow_masks.py');
const TARGET_SPEEDUP = 3;
const TARGET_SIZE_RATIO = 1.1;

interface Options {
  readonly frames: number;
  readonly runs: number;
  readonly jobs?: number;
  readonly seed: number;
  readonly phases: boolean;
  readonly keep: boolean;
  readonly json: boolean;
}

interface SideResult {
  readonly medianSeconds: number;
  readonly framesPerSecond: number;
  readonly bytes: number;
}

/** The one-line JSON summary (--json) and the core of the saved result. */
interface BenchResult {
  readonly frames: number;
  readonly segstudio: SideResult;
  readonly pillow: SideResult | null;
  readonly speedup: number | null;
  readonly sizeRatio: number | null;
  readonly identical: boolean | null;
}

interface Measured {
  readonly runs: TimedRun[];
  readonly sizes: OutputSizes;
}

interface Measurements {
  readonly segstudio: Measured;
  readonly pillow: Measured | null;
}

function parseOptions(argv: string[]): Options | null {
  const { values } = parseArgs({
    args: argv,
    options: {
      frames: { type: 'string', default: '24' },
      runs: { type: 'string', default: '3' },
      jobs: { type: 'string' },
      seed: { type: 'string', default: '20240611' },
      phases: { type: 'boolean', default: false },
      keep: { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) return null;
  return {
    frames: positiveInteger('--frames', values.frames),
    runs: positiveInteger('--runs', values.runs),
    jobs: values.jobs === undefined ? undefined : positiveInteger('--jobs', values.jobs),
    seed: positiveInteger('--seed', values.seed),
    phases: values.phases,
    keep: values.keep,
    json: values.json,
  };
}

function positiveInteger(flag: string, value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${flag} must be a positive integer, got ${JSON.stringify(value)}`);
  return n;
}

async function runSegstudio(dataRoot: string, outDir: string, options: Options): Promise<TimedRun> {
  const jobs = options.jobs === undefined ? [] : ['--jobs', String(options.jobs)];
  const args = [join(REPO, 'bin', 'segstudio.mjs'), 'masks', dataRoot, '--out', outDir, '--json', ...jobs];
  const run = await timeProcess(process.execPath, args, REPO);
  const summary = JSON.parse(run.stdout) as { converted: number; failed: unknown[] };
  if (summary.converted !== options.frames || summary.failed.length > 0) {
    throw new Error(`segstudio converted ${summary.converted} of ${options.frames} frames: ${JSON.stringify(summary.failed)}`);
  }
  return run;
}

function runPillow(dataRoot: string, outDir: string): Promise<TimedRun> {
  return timeProcess(PYTHON, [PILLOW_SCRIPT, dataRoot, outDir], REPO);
}

/** Alternates the two contenders round by round, so that drift in machine load hits both alike. */
async function measure(dataRoot: string, work: string, options: Options, hasPillow: boolean): Promise<Measurements> {
  const outSegstudio = join(work, 'out-segstudio');
  const outPillow = join(work, 'out-pillow');
  const segstudio: TimedRun[] = [];
  const pillow: TimedRun[] = [];
  for (let round = 1; round <= options.runs; round++) {
    // Each run writes into an empty folder, as a first conversion of a dataset does.
    await rm(outSegstudio, { recursive: true, force: true });
    segstudio.push(await runSegstudio(dataRoot, outSegstudio, options));
    if (hasPillow) {
      await rm(outPillow, { recursive: true, force: true });
      pillow.push(await runPillow(dataRoot, outPillow));
    }
    if (!options.json) {
      const last = (runs: TimedRun[]) => `${seconds(runs.at(-1)!.seconds)} (CPU ${cpu(runs.at(-1)!.cpuSeconds)})`;
      console.error(`round ${round}/${options.runs}: segstudio ${last(segstudio)}${hasPillow ? `, pillow ${last(pillow)}` : ''}`);
    }
  }
  return {
    segstudio: { runs: segstudio, sizes: await measureOutputs(outSegstudio) },
    pillow: hasPillow ? { runs: pillow, sizes: await measureOutputs(outPillow) } : null,
  };
}

function summarize(frames: number, measured: Measured): SideResult {
  const medianSeconds = median(measured.runs.map((r) => r.seconds));
  return { medianSeconds, framesPerSecond: frames / medianSeconds, bytes: measured.sizes.bytes };
}

function medianCpuSeconds(measured: Measured): number | null {
  const cpuSeconds = measured.runs.map((r) => r.cpuSeconds);
  return cpuSeconds.every((c): c is number => c !== null) ? median(cpuSeconds) : null;
}

function buildResult(frames: number, measured: Measurements, comparison: Comparison | null): BenchResult {
  const segstudio = summarize(frames, measured.segstudio);
  const pillow = measured.pillow ? summarize(frames, measured.pillow) : null;
  return {
    frames,
    segstudio,
    pillow,
    speedup: pillow ? pillow.medianSeconds / segstudio.medianSeconds : null,
    sizeRatio: pillow ? segstudio.bytes / pillow.bytes : null,
    identical: comparison ? comparison.mismatches.length === 0 : null,
  };
}

function printReport(result: BenchResult, dataset: DatasetStats, measured: Measurements, pillowLabel: string, entry: CliEntry, options: Options): void {
  const { frames } = result;
  const perFrame = (n: number) => Math.round(n / frames).toLocaleString('en-US');
  console.log(`\nmasks: ${frames} frames of ${FRAME_WIDTH}x${FRAME_HEIGHT}, per frame ${perFrame(dataset.objects)} objects, ` +
    `${perFrame(dataset.vertices)} vertices, ${perFrame(dataset.jsonBytes / 1024)} KiB of JSON; ${options.runs} runs, ` +
    `${availableParallelism()} cores; segstudio --jobs ${options.jobs ?? 'default'}, run from its ${entry}\n`);
  const { segstudio, pillow } = measured;
  const pillowCell = (cell: (m: Measured) => string) => (pillow ? cell(pillow) : '-');
  printTable([
    ['', 'segstudio', pillowLabel],
    ['median wall time', seconds(result.segstudio.medianSeconds), pillowCell(() => seconds(result.pillow!.medianSeconds))],
    ['frames/s', result.segstudio.framesPerSecond.toFixed(2), pillowCell(() => result.pillow!.framesPerSecond.toFixed(2))],
    ['wall time per run', runList(segstudio), pillowCell(runList)],
    ['median CPU time', cpu(medianCpuSeconds(segstudio)), pillowCell((m) => cpu(medianCpuSeconds(m)))],
    ['PNG bytes', bytes(segstudio.sizes.bytes), pillowCell((m) => bytes(m.sizes.bytes))],
    ...MASK_SUFFIXES.map((type) => [`  ${type}`, bytes(segstudio.sizes.bytesByType[type]), pillowCell((m) => bytes(m.sizes.bytesByType[type]))]),
  ]);
  if (result.speedup === null || result.sizeRatio === null) {
    console.log(`\nno ${PYTHON} with Pillow: nothing to compare against`);
    return;
  }
  console.log(`\nspeedup (pillow / segstudio wall time): ${result.speedup.toFixed(2)}x  (target >= ${TARGET_SPEEDUP}x: ${verdict(result.speedup >= TARGET_SPEEDUP)})`);
  console.log(`size ratio (segstudio / pillow bytes): ${result.sizeRatio.toFixed(3)}  (target <= ${TARGET_SIZE_RATIO}: ${verdict(result.sizeRatio <= TARGET_SIZE_RATIO)})`);
  console.log(result.identical ? `pixels: identical in all ${segstudio.sizes.files} files` : 'pixels: DIFFER (see below)');
}

function printPhases(phases: PhaseTimes): void {
  const total = Object.values(phases).reduce((sum, ms) => sum + ms, 0);
  console.log('\nin-process, one thread, ms per frame (what one mask worker spends, file writes excluded):');
  const rows: Array<[string, number]> = [...Object.entries(phases), ['total', total]];
  printTable(rows.map(([phase, ms]) => [phase, ms.toFixed(1), `${((100 * ms) / total).toFixed(0)}%`]));
}

/** Left-aligned first column, the others right-aligned, each as wide as its widest cell. */
function printTable(rows: string[][]): void {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((row) => row[c].length)));
  for (const row of rows) console.log(row.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c] + 3))).join(''));
}

const seconds = (s: number) => `${s.toFixed(2)}s`;
const cpu = (s: number | null) => (s === null ? 'n/a' : seconds(s));
const runList = (measured: Measured) => measured.runs.map((r) => r.seconds.toFixed(2)).join(' ');
const bytes = (n: number) => n.toLocaleString('en-US');
const verdict = (met: boolean) => (met ? 'met' : 'NOT met');

function runDetails(measured: Measured) {
  return {
    wallSeconds: measured.runs.map((r) => r.seconds),
    cpuSeconds: measured.runs.map((r) => r.cpuSeconds),
    medianCpuSeconds: medianCpuSeconds(measured),
    bytesByType: measured.sizes.bytesByType,
  };
}

async function saveResult(result: BenchResult, details: Record<string, unknown>): Promise<string> {
  const dir = join(REPO, 'bench', 'results');
  await mkdir(dir, { recursive: true });
  const date = new Date().toISOString();
  const path = join(dir, `masks-${date.slice(0, 19).replaceAll(':', '-')}.json`);
  await writeFile(path, `${JSON.stringify({ ...result, date, ...details }, null, 2)}\n`);
  return path;
}

async function main(): Promise<number> {
  const options = parseOptions(process.argv.slice(2));
  if (!options) {
    console.log(USAGE);
    return 0;
  }
  const pillow = pillowVersion(PYTHON);
  // Time what users run: the CLI bundle, rebuilt from the current sources.
  const build = spawnSync(process.execPath, [join(REPO, 'scripts', 'build-cli.mjs')], { stdio: 'inherit' });
  if (build.status !== 0) throw new Error('building the CLI bundle failed');
  const entry = cliEntry(REPO);
  if (entry !== 'bundle (out/cli)') console.error(`warning: segstudio will run from its ${entry}; run \`npm run build:cli\` to time the bundle`);
  const work = await mkdtemp(join(tmpdir(), 'segstudio-bench-masks-'));
  try {
    const dataRoot = join(work, 'data');
    const dataset = await writeSyntheticDataset(dataRoot, options.frames, options.seed);
    const measured = await measure(dataRoot, work, options, pillow !== null);
    const comparison = measured.pillow ? await compareOutputs(join(work, 'out-segstudio'), join(work, 'out-pillow')) : null;
    const result = buildResult(options.frames, measured, comparison);
    const phases = options.phases ? await timeMaskPhases(dataset.jsonPaths) : null;
    const saved = await saveResult(result, {
      segstudioRuns: runDetails(measured.segstudio),
      pillowRuns: measured.pillow ? runDetails(measured.pillow) : null,
      phasesMsPerFrame: phases,
      segstudioEntry: entry, options, pillowVersion: pillow, node: process.version, cores: availableParallelism(),
      dataset: { objects: dataset.objects, vertices: dataset.vertices, jsonBytes: dataset.jsonBytes },
    });

    if (options.json) {
      console.log(JSON.stringify(result));
    } else {
      printReport(result, dataset, measured, pillow ? `pillow ${pillow}` : 'pillow (not found)', entry, options);
      if (phases) printPhases(phases);
      console.log(`\nsaved ${saved}${options.keep ? `; frames and outputs kept in ${work}` : ''}`);
    }
    const mismatches = comparison?.mismatches ?? [];
    for (const line of mismatches.slice(0, 20)) console.error(`MISMATCH ${line}`);
    if (mismatches.length > 0) console.error(`error: ${mismatches.length} of ${comparison!.compared} PNGs differ between segstudio and Pillow`);
    return mismatches.length > 0 ? 1 : 0;
  } finally {
    if (!options.keep) await rm(work, { recursive: true, force: true });
  }
}

process.exitCode = await main();
