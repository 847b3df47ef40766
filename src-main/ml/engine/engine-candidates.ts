import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { getThreadsCount, setWasmPaths, version_wasm } from '@tensorflow/tfjs-backend-wasm';
import { createRequire } from 'node:module';
import path from 'node:path';
import { registerTrainingKernels } from '../kernels/register-training-kernels';
import { ENGINE_PACKAGES, engineNames, type EngineName } from './engine-names';

export { engineNames, type EngineName } from './engine-names';

export interface EngineDescription {
  /** Where the math runs, e.g. "CUDA GPU", "CPU (wasm SIMD, 1 thread)". */
  device: string;
  /** The packages and versions behind the engine, for run records. */
  description: string;
}

export interface EngineCandidate {
  name: EngineName;
  /** The tfjs backend name the engine registers. */
  tfjsBackend: string;
  /** Makes the backend available to tfjs; rejects with a one-line reason when it cannot. */
  load(): Promise<void>;
  describe(): Promise<EngineDescription>;
}

const require = createRequire(import.meta.url);

export const engineCandidates: Record<EngineName, EngineCandidate> = {
  'tensorflow-gpu': tensorflowCandidate('tensorflow-gpu', ENGINE_PACKAGES['tensorflow-gpu']!),
  tensorflow: tensorflowCandidate('tensorflow', ENGINE_PACKAGES.tensorflow!),
  wasm: {
    name: 'wasm',
    tfjsBackend: 'wasm',
    async load() {
      const simdBinary = require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm');
      setWasmPaths(path.dirname(simdBinary) + path.sep);
      registerTrainingKernels('wasm');
    },
    async describe() {
      const simd = (await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT')) === true;
      const threads = getThreadsCount();
      return {
        device: `CPU (wasm${simd ? ' SIMD' : ''}, ${threads} thread${threads === 1 ? '' : 's'})`,
        description: `@tensorflow/tfjs-backend-wasm ${version_wasm} (XNNPACK) with segstudio convolution gradient kernels`,
      };
    },
  },
  cpu: {
    name: 'cpu',
    tfjsBackend: 'cpu',
    async load() {},
    async describe() {
      return { device: 'CPU (JS)', description: `@tensorflow/tfjs-backend-cpu ${tf.version_core}` };
    },
  },
};

function tensorflowCandidate(name: EngineName, packageName: string): EngineCandidate {
  let version = 'unknown version';
  return {
    name,
    tfjsBackend: 'tensorflow',
    async load() {
      const loaded = await importOptional(packageName);
      version = readVersion(loaded, packageName) ?? version;
    },
    async describe() {
      const usesGpu = (tf.backend() as { isUsingGpuDevice?: boolean }).isUsingGpuDevice === true;
      return { device: usesGpu ? 'CUDA GPU' : 'CPU (libtensorflow)', description: `${packageName} ${version}` };
    },
  };
}

async function importOptional(packageName: string): Promise<unknown> {
  try {
    return await import(/* @vite-ignore */ packageName);
  } catch (error) {
    if (isModuleNotFound(error, packageName)) throw new Error(`${packageName} is not installed`);
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new Error(`${packageName} failed to load: ${reason}`);
  }
}

function isModuleNotFound(error: unknown, packageName: string): boolean {
  const { code, message } = (error ?? {}) as { code?: string; message?: string };
  return (
    code === 'ERR_MODULE_NOT_FOUND' ||
    code === 'MODULE_NOT_FOUND' ||
    (typeof message === 'string' && message.includes(packageName) && /cannot find|failed to (resolve|load url)/i.test(message))
  );
}

function readVersion(loaded: unknown, packageName: string): string | undefined {
  const versions = (loaded as { version?: Record<string, string> } | undefined)?.version;
  return versions?.[packageName.replace('@tensorflow/', '')];
}
