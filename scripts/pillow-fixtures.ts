/**
 * `npm run fixtures`: redraws the rasterizer's Pillow 9.4 fixtures with Debian's python3-pil.
 * `npm run fixtures -- --pillow DIR [--seed N] [--count N]`: draws fresh seeded random cases with the
 * Pillow importable from DIR (a build's `src` folder, or a site-packages) and checks that segstudio
 * draws every one identically under that release's generation; exits 1 on any difference.
 * `npm run fixtures -- --pillow DIR --add`: adds that Pillow's masks to the committed generations.json.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { inflateSync } from 'node:zlib';
import { parseArgs } from 'node:util';
import { drawGenerationCase, pixelsDiffering, type GenerationCase } from '../src-shared/raster/__fixtures__/generation-cases';
import { GENERATION_RELEASES, pillowGeneration } from '../src-shared/raster/pillow-generations';

const FIXTURES = join(import.meta.dirname, '..', 'src-shared', 'raster', '__fixtures__');
const PYTHON = '/usr/bin/python3';

function python(script: string, args: string[], pythonPath?: string): string {
  const result = spawnSync(PYTHON, ['-W', 'ignore', join(FIXTURES, script), ...args], {
    env: pythonPath ? { ...process.env, PYTHONPATH: pythonPath } : process.env,
    encoding: 'utf8',
    maxBuffer: 1 << 30,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  if (result.status !== 0) throw new Error(`${script} failed (exit ${result.status ?? result.signal})`);
  return result.stdout;
}

function checkFresh(pythonPath: string, seed: number, count: number): boolean {
  const drawn = JSON.parse(python('pillow_generations.py', ['fresh', String(seed), String(count)], pythonPath)) as {
    pillow: string; cases: GenerationCase[]; masks: string[];
  };
  const generation = pillowGeneration(drawn.pillow);
  let differingCases = 0;
  let differingPixels = 0;
  drawn.cases.forEach((c, i) => {
    const differing = pixelsDiffering(drawGenerationCase(c, generation), inflateMask(drawn.masks[i]));
    if (differing > 0) {
      differingCases++;
      differingPixels += differing;
      console.error(`${c.name}: ${differing} px differ (${JSON.stringify(c)})`);
    }
  });
  console.log(`Pillow ${drawn.pillow} (generation ${GENERATION_RELEASES[generation]}): ${drawn.cases.length} fresh cases from seed ${seed}, ` +
    `${differingCases} differ (${differingPixels} px)`);
  return differingCases === 0;
}

const { values } = parseArgs({
  options: { pillow: { type: 'string' }, seed: { type: 'string' }, count: { type: 'string' }, add: { type: 'boolean', default: false } },
});
if (values.pillow === undefined) {
  process.stdout.write(python('make_fixtures.py', []));
} else if (values.add) {
  process.stdout.write(python('pillow_generations.py', ['add'], values.pillow));
} else {
  const seed = Number(values.seed ?? Date.now() % 1_000_000);
  const count = Number(values.count ?? 300);
  process.exitCode = checkFresh(values.pillow, seed, count) ? 0 : 1;
}

/** A mask as pillow_generations.py stores it: zlib, then base64. */
function inflateMask(encoded: string): Uint8Array {
  return new Uint8Array(inflateSync(Buffer.from(encoded, 'base64')));
}
