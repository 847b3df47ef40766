import react from '@vitejs/plugin-react';
import { defineConfig, externalizeDepsPlugin } from 'electron-vite';
import { resolve } from 'node:path';

// One build for both transports: out/renderer is loaded by the Electron window and served by `segstudio serve`.
export default defineConfig({
  main: {
    plugins: [externalizeDepsPlugin()],
    build: { outDir: 'out/main', rollupOptions: { input: { index: resolve('src-main/electron/main.ts') } } },
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
