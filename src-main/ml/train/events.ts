import type { CheckpointKind, ClassMetricsRecord, EpochMetrics } from '../../services/runs/types';

/** What a training run reports, in order: started, then steps, epochs, samples and checkpoints, then one finish. */
export type TrainingEvent =
  | {
    readonly type: 'started';
    readonly engine: string;
    readonly device: string;
    readonly engineDescription: string;
    readonly trainSamples: number;
    readonly valSamples: number;
    readonly stepsPerEpoch: number;
    /** Epochs already done when this process took over (a resume), 0 for a fresh run. */
    readonly fromEpoch: number;
  }
  | { readonly type: 'warning'; readonly message: string }
  | {
    readonly type: 'step';
    readonly epoch: number;
    /** Steps done in this epoch, from 1. */
    readonly step: number;
    readonly stepsPerEpoch: number;
    readonly globalStep: number;
    readonly totalSteps: number;
    readonly loss: number;
    readonly lr: number;
    readonly imagesPerSecond: number;
    readonly etaSeconds: number;
  }
  | { readonly type: 'epoch'; readonly epoch: number; readonly metrics: EpochMetrics; readonly classes: readonly ClassMetricsRecord[] }
  | { readonly type: 'sample'; readonly epoch: number; readonly frameId: string; readonly path: string }
  | { readonly type: 'checkpoint'; readonly epoch: number; readonly kinds: readonly CheckpointKind[]; readonly path: string }
  | { readonly type: 'paused' }
  | { readonly type: 'resumed' }
  | {
    readonly type: 'finished';
    readonly status: 'done' | 'cancelled';
    /** Why training ended before its last epoch, if it did. */
    readonly reason: 'early-stopping' | 'cancelled' | null;
    readonly epochsDone: number;
    readonly bestMiou: number | null;
    readonly bestEpoch: number | null;
  }
  | { readonly type: 'failed'; readonly error: string };

export type TrainingEventSink = (event: TrainingEvent) => void;

/** How the outside steers a running trainer; checked between steps. */
export interface TrainingControl {
  readonly isCancelled: () => boolean;
  /** Resolves at once unless paused, else when resumed or cancelled. */
  readonly whilePaused: () => Promise<void>;
}

/** A control driven by pause(), resume() and cancel() calls, e.g. from process messages. */
export class TrainingSwitch implements TrainingControl {
  private cancelled = false;
  private paused: { promise: Promise<void>; release: () => void } | null = null;

  constructor(private readonly onChange: (event: 'paused' | 'resumed') => void = () => undefined) {}

  readonly isCancelled = (): boolean => this.cancelled;

  readonly whilePaused = (): Promise<void> => this.paused?.promise ?? Promise.resolve();

  pause(): void {
    if (this.paused || this.cancelled) return;
    let release = () => undefined as void;
    const promise = new Promise<void>((resolve) => { release = resolve; });
    this.paused = { promise, release };
    this.onChange('paused');
  }

  resume(): void {
    if (!this.paused) return;
    this.paused.release();
    this.paused = null;
    this.onChange('resumed');
  }

  cancel(): void {
    this.cancelled = true;
    this.paused?.release();
    this.paused = null;
  }
}
