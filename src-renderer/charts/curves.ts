/** One training step's loss, as the run's `step` events report it. */
export interface StepLoss {
  readonly globalStep: number;
  readonly loss: number;
}

/**
 * Exponential moving average with TensorBoard's debiasing: `smoothing` 0 returns the values, 0.99 is
 * very smooth; the first points are not dragged towards zero. Non-finite values pass through unsmoothed.
 */
export function smoothed(values: readonly number[], smoothing: number): number[] {
  let average = 0;
  let weight = 0;
  return values.map((value) => {
    if (!Number.isFinite(value)) return value;
    average = average * smoothing + (1 - smoothing) * value;
    weight = weight * smoothing + (1 - smoothing);
    return weight === 0 ? value : average / weight;
  });
}

/** uPlot data for the per-step loss chart: global steps, the raw loss and the smoothed loss. */
export function stepLossData(steps: readonly StepLoss[], smoothing: number): [number[], number[], number[]] {
  const losses = steps.map((s) => s.loss);
  return [steps.map((s) => s.globalStep), losses, smoothed(losses, smoothing)];
}

/** Adds one step's loss: in step order, a step seen again (a run continued from a checkpoint) replacing what follows it. */
export function withStepLoss(steps: readonly StepLoss[], step: StepLoss, limit = 50_000): readonly StepLoss[] {
  const last = steps.at(-1);
  const kept = last && last.globalStep >= step.globalStep ? steps.filter((s) => s.globalStep < step.globalStep) : steps;
  const next = [...kept, step];
  return next.length > limit ? next.slice(next.length - limit) : next;
}

/** The last index at which any series has a value: what a legend shows while the cursor is off the chart. */
export function latestIndex(data: ReadonlyArray<ReadonlyArray<number | null>>): number | null {
  const series = data.slice(1);
  for (let i = (data[0]?.length ?? 0) - 1; i >= 0; i--) {
    if (series.some((values) => values[i] !== null && values[i] !== undefined)) return i;
  }
  return null;
}

/** Values a log scale can draw: zero and negatives become gaps. */
export function forLogScale(data: ReadonlyArray<ReadonlyArray<number | null>>): Array<Array<number | null>> {
  return data.map((values, i) => (i === 0 ? [...values] : values.map((v) => (v !== null && v > 0 ? v : null))));
}
