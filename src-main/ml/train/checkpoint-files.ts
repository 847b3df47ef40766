import { readdir } from 'node:fs/promises';
import { join } from 'node:path';

const CHECKPOINT_DIR = /^epoch-(\d{4,})$/;

export function checkpointsDir(runDir: string): string {
  return join(runDir, 'checkpoints');
}

/** One folder per checkpointed epoch: model.json, weights.bin, optimizer.bin, state.json. */
export function checkpointPath(runDir: string, epoch: number): string {
  return join(checkpointsDir(runDir), `epoch-${String(epoch).padStart(4, '0')}`);
}

export function checkpointEpochOf(name: string): number | null {
  const match = CHECKPOINT_DIR.exec(name);
  return match ? Number(match[1]) : null;
}

/** Epochs that have a complete checkpoint (a half-written one is still under its temp name), ascending. */
export async function checkpointEpochs(runDir: string): Promise<number[]> {
  const names = await readdir(checkpointsDir(runDir)).catch(() => [] as string[]);
  return names.map(checkpointEpochOf).filter((epoch) => epoch !== null).sort((a, b) => a - b);
}
