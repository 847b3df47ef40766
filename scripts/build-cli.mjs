#!/usr/bin/env node
// Bundles the CLI and its worker entries to out/cli, so `segstudio` starts without compiling TypeScript.
import { build } from 'esbuild';
import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
// Chunk names carry content hashes: start empty so old chunks do not pile up.
rmSync(`${root}/out/cli`, { recursive: true, force: true });
await build({
  absWorkingDir: root,
  entryPoints: {
    main: 'src-main/cli/main.ts',
    'masks-worker': 'src-main/services/masks/worker.ts',
    'data-loader-worker': 'src-main/ml/data/loader-worker.ts',
    'train-process': 'src-main/worker/train-process.ts',
    'train-shard-worker': 'src-main/ml/parallel/shard-worker.ts',
    'infer-worker': 'src-main/worker/infer-worker.ts',
    'annotation-worker': 'src-main/services/annotation-analysis/analysis-worker.ts',
  },
  outdir: 'out/cli',
  outExtension: { '.js': '.mjs' },
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  packages: 'external',
  sourcemap: 'linked',
  logLevel: 'warning',
});
