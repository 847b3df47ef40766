import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { ENGINE_PACKAGES, engineNames, forcedEngineFromEnv, type EngineName } from './engine-names';

const require = createRequire(import.meta.url);

export interface ProbedEngine {
  readonly name: EngineName;
  readonly device: string;
}

const DEVICES: Readonly<Record<EngineName, string>> = {
  'tensorflow-gpu': 'CUDA GPU (falls back to the CPU if no GPU is visible)',
  tensorflow: 'CPU (libtensorflow)',
  wasm: `CPU (wasm SIMD; ${availableParallelism()} cores)`,
  cpu: 'CPU (JS)',
};

/**
 * The engine a training process would pick, told from which optional packages are installed, without
 * loading tfjs into the calling process (the studio's main process never does). A forced engine
 * (argument, then $SEGSTUDIO_BACKEND) is validated, and refused when its package is missing. The run
 * records what the process actually got.
 */
export function probeEngine(forced?: EngineName, env: Readonly<Record<string, string | undefined>> = process.env): ProbedEngine {
  const choice = forced ?? forcedEngineFromEnv(env);
  if (choice !== undefined) {
    if (!isInstalled(choice)) throw new Error(`engine "${choice}" is not available: ${ENGINE_PACKAGES[choice]} is not installed`);
    return { name: choice, device: DEVICES[choice] };
  }
  const name = engineNames.find(isInstalled) ?? 'cpu';
  return { name, device: DEVICES[name] };
}

function isInstalled(engine: EngineName): boolean {
  const packageName = ENGINE_PACKAGES[engine];
  if (packageName === null) return true;
  try {
    require.resolve(packageName);
    return true;
  } catch {
    return false;
  }
}
