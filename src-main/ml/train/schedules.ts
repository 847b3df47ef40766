export const SCHEDULE_NAMES = ['constant', 'poly', 'step', 'cosine'] as const;
export type ScheduleName = (typeof SCHEDULE_NAMES)[number];

export interface ScheduleConfig {
  readonly name: ScheduleName;
  /** Linear ramp from `warmupStartFactor`·lr to lr over these steps, before the schedule proper; default 0. */
  readonly warmupSteps?: number;
  readonly warmupStartFactor?: number;
  /** poly: lr·(1 − t/T)^power; default 0.9. */
  readonly power?: number;
  /** step: lr·gamma^⌊t/stepSize⌋; defaults a third of the steps and 0.1. */
  readonly stepSize?: number;
  readonly gamma?: number;
  /** cosine: the floor the rate decays to; default 0. */
  readonly minLr?: number;
}

/** The learning rate for step `step` (from 0) of `totalSteps`, given the base rate. */
export function learningRateAt(schedule: ScheduleConfig, baseLr: number, step: number, totalSteps: number): number {
  const warmup = Math.min(schedule.warmupSteps ?? 0, totalSteps);
  if (step < warmup) {
    const start = schedule.warmupStartFactor ?? 0.1;
    return baseLr * (start + (1 - start) * (step / warmup));
  }
  const t = step - warmup;
  const span = Math.max(1, totalSteps - warmup);
  const progress = Math.min(1, t / span);
  switch (schedule.name) {
    case 'constant':
      return baseLr;
    case 'poly':
      return baseLr * (1 - progress) ** (schedule.power ?? 0.9);
    case 'step': {
      const stepSize = schedule.stepSize ?? Math.max(1, Math.floor(span / 3));
      return baseLr * (schedule.gamma ?? 0.1) ** Math.floor(t / stepSize);
    }
    case 'cosine': {
      const minLr = schedule.minLr ?? 0;
      return minLr + 0.5 * (baseLr - minLr) * (1 + Math.cos(Math.PI * progress));
    }
  }
}
