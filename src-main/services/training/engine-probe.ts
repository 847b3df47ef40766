import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';

const require = createRequire(import.meta.url);

/**
 * The engine a training process would pick, told from which optional packages are installed, without
 * loading tfjs into the main process. The run records what the process actually got.
 */
export function probeEngine(forced?: string): { name: string; device: string } {
  const isInstalled = (name: string) => {
    try {
      require.resolve(name);
      return true;
    } catch {
      return false;
    }
  };
  const choice = forced ?? (isInstalled('@tensorflow/tfjs-node-gpu') ? 'tensorflow-gpu' : isInstalled('@tensorflow/tfjs-node') ? 'tensorflow' : 'wasm');
  const devices: Record<string, string> = {
    'tensorflow-gpu': 'CUDA GPU (falls back to the CPU if no GPU is visible)',
    tensorflow: 'CPU (libtensorflow)',
    wasm: `CPU (wasm SIMD; ${availableParallelism()} cores)`,
    cpu: 'CPU (JS)',
  };
  return { name: choice, device: devices[choice] ?? 'unknown' };
}
