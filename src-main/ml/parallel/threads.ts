import { availableParallelism } from 'node:os';
import type { EngineName } from '../engine/engine-names';

/**
 * Training threads when none are asked for: one per core on wasm and cpu, where a tfjs engine
 * computes on one core; one on the TensorFlow engines, which use every core themselves.
 */
export function defaultTrainingThreads(engine: EngineName): number {
  return engine === 'wasm' || engine === 'cpu' ? availableParallelism() : 1;
}
