import type { StudioEvent } from './events';
import type { BinaryName, BinaryParams, BinaryPayload, MethodName, MethodParams, MethodResult } from './methods';

/** What the renderer talks to; it never knows whether IPC or HTTP carries the calls. */
export interface ApiClient {
  readonly transport: 'electron' | 'web';
  call<M extends MethodName>(method: M, params: MethodParams<M>): Promise<MethodResult<M>>;
  binary<B extends BinaryName>(name: B, params: BinaryParams<B>): Promise<BinaryPayload>;
  /** Listens to what the main process pushes (run progress and changes); returns the unsubscribe. */
  subscribe(listener: (event: StudioEvent) => void): () => void;
}

/** What the Electron preload exposes on `window.segstudio`: each call answers `{ result }` or `{ error }`. */
export interface PreloadBridge {
  call(method: string, params: unknown): Promise<{ result?: unknown; error?: string }>;
  binary(name: string, params: unknown): Promise<{ payload?: BinaryPayload; error?: string }>;
  onEvent(listener: (event: StudioEvent) => void): () => void;
}
