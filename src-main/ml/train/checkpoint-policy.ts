import type { CheckpointKind } from '../../../src-shared/api/runs';

/** What the checkpoint written after `epoch` is: always the newest, periodic every N epochs (and at the end), best when val mIoU rose. */
export function checkpointKinds(epoch: number, every: number, lastEpoch: number, isBest: boolean): CheckpointKind[] {
  const isPeriodic = epoch % every === 0 || epoch === lastEpoch;
  return ['last', ...(isPeriodic ? ['periodic' as const] : []), ...(isBest ? ['best' as const] : [])];
}

/** The checkpoints to keep on disk: the newest (where a resume starts), the best, and every periodic one. */
export function keptCheckpointEpochs(newest: number, bestEpoch: number | null, every: number): Set<number> {
  const keep = new Set([newest]);
  if (bestEpoch !== null) keep.add(bestEpoch);
  for (let epoch = every; epoch <= newest; epoch += every) keep.add(epoch);
  return keep;
}
