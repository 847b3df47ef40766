import { utilityProcess } from 'electron';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { TrainingProcess } from '../services/training/training-process';
import { utilityProcessAdapter } from './utility-process-adapter';

// The app's build writes the training entry beside the main chunk (electron.vite.config.ts), as the CLI bundle does.
const TRAIN_PROCESS_ENTRY = fileURLToPath(new URL('./train-process.mjs', import.meta.url));

/**
 * Starts a training process as an Electron utility process (the app's way: it lives and dies with
 * the app, and the main process never blocks on tfjs). Pass it as the TrainingService's `spawn`.
 * Call only after the app is ready.
 */
export function spawnUtilityTrainingProcess(): TrainingProcess {
  if (!existsSync(TRAIN_PROCESS_ENTRY)) throw new Error(`${TRAIN_PROCESS_ENTRY} is missing: run npm run build`);
  const child = utilityProcess.fork(TRAIN_PROCESS_ENTRY, [], { serviceName: 'segstudio training', stdio: 'inherit' });
  return utilityProcessAdapter(child);
}
