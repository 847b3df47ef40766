import * as tf from '@tensorflow/tfjs-core';
import { registerGradients } from '../gradients/register-gradients';
import { engineCandidates, type EngineDescription } from './engine-candidates';
import { engineNames, forcedEngineFromEnv, type EngineName } from './engine-names';

export { backendEnvVariable, engineNames, type EngineName } from './engine-names';

export interface InitEngineOptions {
  /** Forces one engine instead of the first available one. */
  backend?: EngineName;
  /** Where SEGSTUDIO_BACKEND is read from; `process.env` unless given. */
  env?: Record<string, string | undefined>;
}

export interface EngineInfo extends EngineDescription {
  backend: EngineName;
}

/**
 * Selects and initializes the tfjs backend: the forced one (option, then the
 * SEGSTUDIO_BACKEND variable) or the first that loads in the order of
 * `engineNames`. Returns what a run records about its engine.
 */
export async function initEngine(options: InitEngineOptions = {}): Promise<EngineInfo> {
  registerGradients();
  const forced = options.backend ?? forcedEngineFromEnv(options.env ?? process.env);
  if (forced !== undefined) {
    const failure = await tryEngine(forced);
    if (failure !== undefined) {
      const available = await availableEngines(forced);
      throw new Error(
        `engine "${forced}" is not available (${failure}); available here: ${available.join(', ') || 'none'}`,
      );
    }
    return describeEngine(forced);
  }
  const failures: string[] = [];
  for (const name of engineNames) {
    const failure = await tryEngine(name);
    if (failure === undefined) return describeEngine(name);
    failures.push(`${name}: ${failure}`);
  }
  throw new Error(`no tfjs engine could start (${failures.join('; ')})`);
}

/** Loads and activates an engine; returns why not, or undefined on success. */
async function tryEngine(name: EngineName): Promise<string | undefined> {
  const candidate = engineCandidates[name];
  try {
    await candidate.load();
    if (!(await tf.setBackend(candidate.tfjsBackend))) return `the ${candidate.tfjsBackend} backend did not initialize`;
    await tf.ready();
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message.split('\n')[0] : String(error);
  }
}

async function availableEngines(except: EngineName): Promise<EngineName[]> {
  const available: EngineName[] = [];
  for (const name of engineNames) {
    if (name === except) continue;
    try {
      await engineCandidates[name].load();
      available.push(name);
    } catch {
      // Not installed or not loadable: simply not listed.
    }
  }
  return available;
}

async function describeEngine(name: EngineName): Promise<EngineInfo> {
  return { backend: name, ...(await engineCandidates[name].describe()) };
}
