import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { initEngine } from './init-engine';

describe('initEngine', () => {
  it('runs on the cpu backend when forced', async () => {
    const engine = await initEngine({ backend: 'cpu', env: {} });
    expect(engine).toMatchObject({ backend: 'cpu', device: 'CPU (JS)' });
    expect(tf.getBackend()).toBe('cpu');
  });

  it('runs on the wasm backend with SIMD when forced, with the training kernels installed', async () => {
    const engine = await initEngine({ backend: 'wasm', env: {} });
    expect(engine.backend).toBe('wasm');
    expect(engine.device).toBe('CPU (wasm SIMD, 1 thread)');
    expect(engine.description).toMatch(/tfjs-backend-wasm 4\.\d+\.\d+/);
    expect(tf.getBackend()).toBe('wasm');
    expect(tf.getKernel('Conv2DBackpropFilter', 'wasm')).toBeDefined();
  });

  it('fails with one clear line when a forced engine is not installed', async () => {
    const attempt = initEngine({ backend: 'tensorflow', env: {} });
    await expect(attempt).rejects.toThrow(
      'engine "tensorflow" is not available (@tensorflow/tfjs-node is not installed); available here: wasm, cpu',
    );
  });

  it('reads the engine from SEGSTUDIO_BACKEND', async () => {
    const engine = await initEngine({ env: { SEGSTUDIO_BACKEND: 'cpu' } });
    expect(engine.backend).toBe('cpu');
  });

  it('prefers the option over SEGSTUDIO_BACKEND', async () => {
    const engine = await initEngine({ backend: 'wasm', env: { SEGSTUDIO_BACKEND: 'cpu' } });
    expect(engine.backend).toBe('wasm');
  });

  it('rejects an unknown SEGSTUDIO_BACKEND naming the valid engines', async () => {
    await expect(initEngine({ env: { SEGSTUDIO_BACKEND: 'cuda' } })).rejects.toThrow(
      'SEGSTUDIO_BACKEND="cuda" is not an engine; use one of tensorflow-gpu, tensorflow, wasm, cpu',
    );
  });

  it('picks wasm when neither tfjs-node package is installed', async () => {
    const engine = await initEngine({ env: {} });
    expect(engine.backend).toBe('wasm');
  });
});
