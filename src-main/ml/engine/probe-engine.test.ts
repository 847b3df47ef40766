import { describe, expect, it } from 'vitest';
import { SettingError } from '../../../src-shared/errors';
import { forcedEngineFromEnv, parseEngineName } from './engine-names';
import { probeEngine } from './probe-engine';

// Here neither @tensorflow/tfjs-node nor -gpu installs (libtensorflow cannot be downloaded), as on CI.
describe('probeEngine', () => {
  it('picks the fastest engine whose packages are installed, without loading tfjs', () => {
    expect(probeEngine(undefined, {})).toMatchObject({ name: 'wasm', device: expect.stringMatching(/^CPU \(wasm SIMD; \d+ cores\)$/) });
  });

  it('takes a forced engine from the argument, then SEGSTUDIO_BACKEND', () => {
    expect(probeEngine('cpu', { SEGSTUDIO_BACKEND: 'wasm' }).name).toBe('cpu');
    expect(probeEngine(undefined, { SEGSTUDIO_BACKEND: ' cpu ' }).name).toBe('cpu');
    expect(probeEngine(undefined, { SEGSTUDIO_BACKEND: '' }).name).toBe('wasm');
  });

  it('refuses a forced engine whose package is missing, naming the package', () => {
    expect(() => probeEngine('tensorflow-gpu', {})).toThrow('engine "tensorflow-gpu" is not available: @tensorflow/tfjs-node-gpu is not installed');
  });

  it('refuses an unknown engine name with the choices, naming where it came from', () => {
    expect(() => probeEngine(undefined, { SEGSTUDIO_BACKEND: 'cuda' })).toThrow(new SettingError('SEGSTUDIO_BACKEND', 'SEGSTUDIO_BACKEND="cuda" is not an engine; use one of tensorflow-gpu, tensorflow, wasm, cpu'));
    expect(() => parseEngineName('webgpu', '--backend')).toThrow('--backend="webgpu" is not an engine');
    expect(forcedEngineFromEnv({})).toBeUndefined();
  });
});
