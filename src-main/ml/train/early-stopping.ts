import type { EarlyStoppingConfig } from './config';

export interface MonitorState {
  /** Higher is better: val mIoU as is, val loss negated. */
  readonly best: number | null;
  readonly epochsWithoutImprovement: number;
}

/** The monitor after one more validated epoch, and whether training should stop. */
export function updateMonitor(config: EarlyStoppingConfig, state: MonitorState, metrics: { miou: number | null; valLoss: number | null }): MonitorState & { shouldStop: boolean } {
  const raw = config.monitor === 'val-miou' ? metrics.miou : metrics.valLoss;
  if (raw === null) return { ...state, shouldStop: false };
  const value = config.monitor === 'val-miou' ? raw : -raw;
  const improved = state.best === null || value > state.best + (config.minDelta ?? 0);
  const next = improved ? { best: value, epochsWithoutImprovement: 0 } : { best: state.best, epochsWithoutImprovement: state.epochsWithoutImprovement + 1 };
  return { ...next, shouldStop: next.epochsWithoutImprovement >= config.patience };
}
