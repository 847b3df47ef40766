import type { EngineName } from '../engine/engine-names';
import type { LossConfig } from '../train/losses';
import type { StepBatch } from '../train/training-step';

/** What a shard worker starts from: the model's topology (weights come with every step) and the engine to run it on. */
export interface ShardWorkerSetup {
  readonly modelTopology: string;
  readonly backend: EngineName;
  /** Shapes of the model's trainable then non-trainable weights, to check the rebuilt model against. */
  readonly weightShapes: readonly number[][];
}

export interface ShardStepRequest {
  readonly stepId: number;
  readonly batch: StepBatch;
  readonly loss: LossConfig;
  /** The model's trainable weights, then its non-trainable ones (BatchNorm moving statistics). */
  readonly trainable: Float32Array[];
  readonly nonTrainable: Float32Array[];
}

export type ShardStepReply =
  | {
    readonly stepId: number;
    readonly loss: number;
    /** One gradient per trainable weight, of this shard's mean loss. */
    readonly gradients: Float32Array[];
    /** The non-trainable weights after the step (moving statistics updated from this shard). */
    readonly nonTrainable: Float32Array[];
  }
  | { readonly stepId: number; readonly error: string };

export type ShardWorkerReady = { readonly ready: true } | { readonly ready: false; readonly error: string };
