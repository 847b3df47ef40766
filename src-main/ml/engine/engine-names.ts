import { SettingError } from '../../../src-shared/errors';

/**
 * The engines segstudio can train on, fastest first:
 * - `tensorflow-gpu`: @tensorflow/tfjs-node-gpu (libtensorflow with CUDA), optional dependency
 * - `tensorflow`: @tensorflow/tfjs-node (libtensorflow on the CPU), optional dependency
 * - `wasm`: @tensorflow/tfjs-backend-wasm (XNNPACK, SIMD) with our gradient kernels and SIMD module
 * - `cpu`: @tensorflow/tfjs-backend-cpu (plain JavaScript, hundreds of times slower)
 * Kept apart from the engines themselves so that naming one never loads tfjs.
 */
export const engineNames = ['tensorflow-gpu', 'tensorflow', 'wasm', 'cpu'] as const;
export type EngineName = (typeof engineNames)[number];

/** The variable that forces an engine when no flag or setting does. */
export const backendEnvVariable = 'SEGSTUDIO_BACKEND';

/** The packages an engine needs beyond tfjs-core, by engine; `null`: always installed. */
export const ENGINE_PACKAGES: Readonly<Record<EngineName, string | null>> = {
  'tensorflow-gpu': '@tensorflow/tfjs-node-gpu',
  tensorflow: '@tensorflow/tfjs-node',
  wasm: null,
  cpu: null,
};

/** `value` as an engine name; a SettingError naming `field` (a flag, the variable) and the choices otherwise. */
export function parseEngineName(value: string, field = 'backend'): EngineName {
  const name = value.trim();
  if ((engineNames as readonly string[]).includes(name)) return name as EngineName;
  throw new SettingError(field, `${field}="${value}" is not an engine; use one of ${engineNames.join(', ')}`);
}

/** The engine forced by the environment, if any (an empty variable forces none). */
export function forcedEngineFromEnv(env: Readonly<Record<string, string | undefined>> = process.env): EngineName | undefined {
  const value = env[backendEnvVariable];
  return value === undefined || value.trim() === '' ? undefined : parseEngineName(value, backendEnvVariable);
}
