import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
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

  it('holds for every source file in the repo', () => {
    const violations = ['src-shared', 'src-main', 'src-renderer']
      .flatMap((folder) => sourceFiles(join(REPO, folder)))
      .flatMap((file) => layerViolations(relative(REPO, file), readFileSync(file, 'utf8')));
    expect(violations).toEqual([]);
  });
});
