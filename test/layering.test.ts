import { readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO } from './helpers';

// The folder says where code may run (design.md §1): imports only flow toward fewer assumptions.
const NATIVE_OR_NODE_ONLY = /^(node:|electron$|sharp$|better-sqlite3$|@tensorflow\/tfjs-node)/;
const NODE_BUILTINS = new Set(['fs', 'path', 'os', 'child_process', 'worker_threads', 'crypto', 'http', 'https', 'url', 'util', 'stream', 'events', 'zlib', 'net']);
const RULES: Record<string, (specifier: string) => string | null> = {
  'src-shared': (s) => NATIVE_OR_NODE_ONLY.test(s) || NODE_BUILTINS.has(s.split('/')[0]) || /^(react|konva|zustand|@tensorflow\/)/.test(s) || /src-(main|renderer)/.test(s)
    ? 'src-shared is plain TypeScript: no Node, DOM libraries, Electron or tfjs' : null,
  'src-renderer': (s) => NATIVE_OR_NODE_ONLY.test(s) || NODE_BUILTINS.has(s.split('/')[0]) || /src-main/.test(s)
    ? 'src-renderer runs in a browser: no Node, Electron or src-main' : null,
  'src-main': (s) => (/src-renderer/.test(s) ? 'src-main must not import the renderer' : null),
};

/**
 * Inside src-main, each folder (or top-level file) and the folders it may import from, lowest layer first,
 * as VS Code's import rules do: `util` and `app-paths`; `store`; `dataset` (scanning, PNG decoding, label
 * specs); `ml` (engine, models, data, trainer, kernels); `services`; then the entry points. Every source
 * file must fall under one rule, so a new folder cannot slip between layers.
 */
export const MAIN_LAYERS: Readonly<Record<string, readonly string[]>> = {
  util: [],
  'app-paths': ['util'],
  store: ['util', 'app-paths'],
  dataset: ['util', 'app-paths', 'store'],
  ml: ['util', 'app-paths', 'dataset'],
  services: ['util', 'app-paths', 'store', 'dataset', 'ml'],
  worker: ['util', 'app-paths', 'store', 'dataset', 'ml', 'services'],
  host: ['util', 'app-paths', 'store', 'dataset', 'ml', 'services'],
  cli: ['util', 'app-paths', 'store', 'dataset', 'ml', 'services', 'host'],
  electron: ['util', 'app-paths', 'store', 'dataset', 'ml', 'services'],
};

/** Test code (specs and their fixtures) may also reach the repo's test helpers and build scripts. */
const TEST_SUPPORT = ['test', 'scripts'];

function isTestCode(rel: string): boolean {
  return /\.test\.tsx?$/.test(rel) || rel.includes('/__fixtures__/');
}

/** The src-main layer of a repo-relative path (`src-main/ml/x.ts` → `ml`, `src-main/app-paths.ts` → `app-paths`), else its top folder. */
function mainLayerOf(rel: string): string {
  const parts = rel.split('/');
  if (parts[0] !== 'src-main') return parts[0];
  return parts.length === 2 ? parts[1].replace(/\.\w+$/, '') : parts[1];
}

/** Why each relative import of the src-main file at `rel` leaves the folders its layer may use, if one does. */
export function mainLayerViolations(rel: string, source: string): string[] {
  const layer = mainLayerOf(rel);
  const allowed = MAIN_LAYERS[layer];
  if (!allowed) return [`${rel} is in no layer: add its folder to MAIN_LAYERS in test/layering.test.ts`];
  const problems: string[] = [];
  for (const specifier of importsOf(source)) {
    if (!specifier.startsWith('.')) continue;
    const target = relative(REPO, resolve(REPO, dirname(rel), specifier));
    const targetLayer = mainLayerOf(target);
    if (targetLayer === layer || targetLayer === 'src-shared') continue;
    if (allowed.includes(targetLayer) || (isTestCode(rel) && TEST_SUPPORT.includes(targetLayer))) continue;
    problems.push(`${rel} imports ${specifier}: ${layer} may import only from ${[...allowed, 'src-shared'].join(', ')}`);
  }
  return problems;
}

/** The specifiers of every static, side-effect, re-export and dynamic import in `source`. */
export function importsOf(source: string): string[] {
  const pattern = /\b(?:import|export)\s[^'";]*?\bfrom\s*['"]([^'"]+)['"]|\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)|\bimport\s+['"]([^'"]+)['"]/g;
  return [...source.matchAll(pattern)].map((m) => m[1] ?? m[2] ?? m[3]);
}

/** Why each import of the file at `rel` (repo-relative) breaks the layering, if it does. */
export function layerViolations(rel: string, source: string): string[] {
  const layer = rel.split('/')[0];
  const rule = RULES[layer];
  if (!rule) return [];
  const problems: string[] = [];
  for (const specifier of importsOf(source)) {
    const broken = rule(specifier) ?? (specifier === 'electron' && !rel.startsWith('src-main/electron/')
      ? 'only src-main/electron/ may import electron' : null);
    if (broken) problems.push(`${rel} imports ${specifier}: ${broken}`);
  }
  return problems;
}

function allFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? allFiles(path) : /\.(ts|tsx|mts|mjs)$/.test(name) ? [path] : [];
  });
}

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...sourceFiles(path));
    else if (/\.(ts|tsx|mts|mjs)$/.test(name) && !/\.test\.tsx?$/.test(name)) out.push(path);
  }
  return out;
}

describe('layering', () => {
  it('finds static, side-effect, re-export and dynamic imports', () => {
    const source = "import a from 'x';\nimport {\n  b,\n} from \"node:fs\";\nimport 'side';\nexport * from './y';\nconst m = await import('z');";
    expect(importsOf(source).sort()).toEqual(['./y', 'node:fs', 'side', 'x', 'z']);
  });

  it('flags imports that break a layer', () => {
    expect(layerViolations('src-shared/raster/x.ts', "import { readFile } from 'node:fs/promises';")).toHaveLength(1);
    expect(layerViolations('src-shared/raster/x.ts', "import path from 'path';")).toHaveLength(1);
    expect(layerViolations('src-renderer/views/x.ts', "import { x } from '../../src-main/services/png';")).toHaveLength(1);
    expect(layerViolations('src-main/services/x.ts', "import { app } from 'electron';")).toEqual(['src-main/services/x.ts imports electron: only src-main/electron/ may import electron']);
    expect(layerViolations('src-main/electron/main.ts', "import { app } from 'electron';")).toEqual([]);
    expect(layerViolations('src-main/services/x.ts', "import sharp from 'sharp';\nimport { a } from '../../src-shared/raster';")).toEqual([]);
  });

  it('flags a src-main import that reaches a layer above, or past the allow-list', () => {
    expect(mainLayerViolations('src-main/ml/train/x.ts', "import { RunStore } from '../../services/runs/run-store';"))
      .toEqual(["src-main/ml/train/x.ts imports ../../services/runs/run-store: ml may import only from util, app-paths, dataset, src-shared"]);
    expect(mainLayerViolations('src-main/ml/train/x.ts', "import { openDatabase } from '../../store/db';")).toHaveLength(1);
    expect(mainLayerViolations('src-main/services/x.ts', "import { runEval } from '../cli/eval';")).toHaveLength(1);
    expect(mainLayerViolations('src-main/ml/x.ts', "import { scanFrames } from '../dataset/frames';\nimport { CITYSCAPES } from '../../src-shared/labels';")).toEqual([]);
    expect(mainLayerViolations('src-main/cli/x.ts', "import { startHost } from '../host/server';")).toEqual([]);
    expect(mainLayerViolations('src-main/ml/x.test.ts', "import { useTempDir } from '../../test/helpers';")).toEqual([]);
    expect(mainLayerViolations('src-main/ml/x.ts', "import { useTempDir } from '../../test/helpers';")).toHaveLength(1);
    expect(mainLayerViolations('src-main/plugins/x.ts', '')).toEqual(['src-main/plugins/x.ts is in no layer: add its folder to MAIN_LAYERS in test/layering.test.ts']);
  });

  it('holds for every source file in the repo', () => {
    const violations = ['src-shared', 'src-main', 'src-renderer']
      .flatMap((folder) => sourceFiles(join(REPO, folder)))
      .flatMap((file) => layerViolations(relative(REPO, file), readFileSync(file, 'utf8')));
    expect(violations).toEqual([]);
  });

  it('holds inside src-main, test files included, for every file', () => {
    const violations = allFiles(join(REPO, 'src-main'))
      .flatMap((file) => mainLayerViolations(relative(REPO, file), readFileSync(file, 'utf8')));
    expect(violations).toEqual([]);
  });
});
