import type { TrainingEvent } from '../../../src-shared/api/runs';

export type { TrainingEvent } from '../../../src-shared/api/runs';

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
