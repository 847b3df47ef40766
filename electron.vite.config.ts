import react from '@vitejs/plugin-react';
import { defineConfig, externalizeDepsPlugin } from 'electron-vite';
import { resolve } from 'node:path';

// One build for both transports: out/renderer is loaded by the Electron window and served by `segstudio serve`.
export default defineConfig({
  main: {
    plugins: [externalizeDepsPlugin()],
    build: {
      outDir: 'out/main',
      rollupOptions: {
        // The services find their worker entries beside their own chunk (`./infer-worker.mjs`…), as in the CLI bundle.
        input: {
          index: resolve('src-main/electron/main.ts'),
          'masks-worker': resolve('src-main/services/masks/worker.ts'),
          'data-loader-worker': resolve('src-main/ml/data/loader-worker.ts'),
          'train-process': resolve('src-main/worker/train-process.ts'),
          'train-shard-worker': resolve('src-main/ml/parallel/shard-worker.ts'),
          'infer-worker': resolve('src-main/worker/infer-worker.ts'),
          'annotation-worker': resolve('src-main/services/annotation-analysis/analysis-worker.ts'),
        },
        output: { format: 'es', entryFileNames: (chunk) => (chunk.name === 'index' ? 'index.js' : '[name].mjs'), chunkFileNames: '[name]-[hash].mjs' },
      },
    },
  },
  preload: {
    plugins: [externalizeDepsPlugin()],
    build: { outDir: 'out/preload', rollupOptions: { input: { index: resolve('src-main/electron/preload.ts') }, output: { format: 'cjs', entryFileNames: '[name].cjs' } } },
  },
  renderer: {
    root: 'src-renderer',
    base: './',
    plugins: [react()],
    build: { outDir: resolve('out/renderer'), emptyOutDir: true, minify: true, chunkSizeWarningLimit: 1024, rollupOptions: { input: resolve('src-renderer/index.html') } },
  },
});
