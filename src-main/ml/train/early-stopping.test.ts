import { describe, expect, it } from 'vitest';
import { updateMonitor, type MonitorState } from './early-stopping';

describe('early stopping', () => {
  it('stops after `patience` epochs without a lower val loss', () => {
    const config = { monitor: 'val-loss', patience: 2 } as const;
    let state: MonitorState = { best: null, epochsWithoutImprovement: 0 };
    const stops = [1.0, 0.8, 0.85, 0.9].map((valLoss) => {
      const next = updateMonitor(config, state, { miou: null, valLoss });
      state = next;
      return next.shouldStop;
    });
    expect(stops).toEqual([false, false, false, true]);
  });

  it('counts only improvements larger than minDelta in val mIoU', () => {
    const config = { monitor: 'val-miou', patience: 1, minDelta: 0.01 } as const;
    const first = updateMonitor(config, { best: null, epochsWithoutImprovement: 0 }, { miou: 0.5, valLoss: 1 });
    expect(updateMonitor(config, first, { miou: 0.505, valLoss: 1 }).shouldStop).toBe(true);
    expect(updateMonitor(config, first, { miou: 0.52, valLoss: 1 })).toEqual({ best: 0.52, epochsWithoutImprovement: 0, shouldStop: false });
  });
});
