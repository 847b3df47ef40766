import type { ApiClient, BinaryName, BinaryParams, MethodName, MethodParams, MethodResult, PreloadBridge, StudioEvent } from '../../src-shared/api';

declare global {
  interface Window { segstudio?: PreloadBridge }
}

/** The shared client, plus what only the renderer needs to know about its event stream. */
export interface RendererClient extends ApiClient {
  /**
   * Calls `listener` each time the event stream opens: at once if it is open, and again after every
   * reconnect. Events sent while it was closed are lost, so state built from them should be reloaded.
   */
  onEventsOpen(listener: () => void): () => void;
}

/** The one place that picks a transport: IPC inside Electron, HTTP against `segstudio serve` elsewhere. */
export function createClient(): RendererClient {
  return window.segstudio ? electronClient(window.segstudio) : webClient(readToken());
}

function electronClient(bridge: PreloadBridge): RendererClient {
  return {
    transport: 'electron',
    async call<M extends MethodName>(method: M, params: MethodParams<M>) {
      const reply = await bridge.call(method, params);
      if (reply.error !== undefined) throw new Error(reply.error);
      return reply.result as MethodResult<M>;
    },
    async binary<B extends BinaryName>(name: B, params: BinaryParams<B>) {
      const reply = await bridge.binary(name, params);
      if (reply.error !== undefined) throw new Error(reply.error);
      return reply.payload!;
    },
    subscribe: (listener) => bridge.onEvent(listener),
    // IPC events flow from the moment the window exists and never drop.
    onEventsOpen(listener) {
      let isSubscribed = true;
      queueMicrotask(() => { if (isSubscribed) listener(); });
      return () => { isSubscribed = false; };
    },
  };
}

/** How long the web client waits before reopening a dropped event socket. */
const RECONNECT_DELAY_MS = 1000;

// The page URL carries the token once; keep it for this tab so reloads without it keep working.
function readToken(): string | null {
  const fromUrl = new URLSearchParams(window.location.search).get('token');
  if (fromUrl) sessionStorage.setItem('segstudio-token', fromUrl);
  return fromUrl ?? sessionStorage.getItem('segstudio-token');
}

function webClient(token: string | null): RendererClient {
  const events = eventSocket(token);
  const headers: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
  return {
    transport: 'web',
    async call<M extends MethodName>(method: M, params: MethodParams<M>) {
      const response = await fetch(`/api/rpc/${encodeURIComponent(method)}`, {
        method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify(params),
      });
      const body = (await response.json()) as { result?: unknown; error?: string };
      if (!response.ok) throw new Error(body.error ?? `${method}: HTTP ${response.status}`);
      return body.result as MethodResult<M>;
    },
    async binary<B extends BinaryName>(name: B, params: BinaryParams<B>) {
      const query = new URLSearchParams(Object.entries(params).map(([k, v]) => [k, String(v)]));
      const response = await fetch(`/api/binary/${name}?${query}`, { headers });
      if (!response.ok) {
        const body = (await response.json().catch(() => ({}))) as { error?: string };
        throw new Error(body.error ?? `${name}: HTTP ${response.status}`);
      }
      return { mime: response.headers.get('content-type') ?? 'application/octet-stream', bytes: await response.arrayBuffer() };
    },
    subscribe: events.subscribe,
    onEventsOpen: events.onOpen,
  };
}

/** One WebSocket for every listener, opened on the first and reopened a second after it drops. */
function eventSocket(token: string | null): { subscribe: ApiClient['subscribe']; onOpen: RendererClient['onEventsOpen'] } {
  const listeners = new Set<(event: StudioEvent) => void>();
  const openListeners = new Set<() => void>();
  let socket: WebSocket | null = null;
  const connect = () => {
    const scheme = window.location.protocol === 'https:' ? 'wss' : 'ws';
    socket = new WebSocket(`${scheme}://${window.location.host}/api/events${token ? `?token=${encodeURIComponent(token)}` : ''}`);
    socket.onopen = () => {
      for (const listener of openListeners) listener();
    };
    socket.onmessage = (message) => {
      const event = JSON.parse(String(message.data)) as StudioEvent;
      for (const listener of listeners) listener(event);
    };
    socket.onclose = () => {
      socket = null;
      if (listeners.size > 0) setTimeout(() => { if (!socket && listeners.size > 0) connect(); }, RECONNECT_DELAY_MS);
    };
  };
  return {
    subscribe(listener) {
      listeners.add(listener);
      if (!socket) connect();
      return () => listeners.delete(listener);
    },
    onOpen(listener) {
      openListeners.add(listener);
      if (socket?.readyState === WebSocket.OPEN) queueMicrotask(() => { if (openListeners.has(listener)) listener(); });
      return () => openListeners.delete(listener);
    },
  };
}
