import type { EngineName } from '../../ml/engine/engine-names';
import type { InferImageJob } from './discover';
import type { ResolvedModel } from './model-source';

export interface InferWorkerData {
  readonly model: ResolvedModel;
  readonly backend?: EngineName;
}

export interface InferWorkerRequest {
  readonly seq: number;
  readonly job: InferImageJob;
}

export type InferWorkerReply =
  | { readonly type: 'ready'; readonly engine: string }
  | { readonly type: 'init-failed'; readonly error: string }
  | { readonly type: 'done'; readonly seq: number; readonly files: number }
  | { readonly type: 'failed'; readonly seq: number; readonly error: string };
