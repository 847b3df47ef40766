/** The link from a training process to whoever started it: Node's IPC channel, or Electron's parentPort in a utilityProcess. */
export interface ParentChannel {
  /** Resolves once the message has been handed to the channel. */
  send(message: unknown): Promise<void>;
  onMessage(listener: (message: unknown) => void): void;
  /** The parent is gone (Node IPC only: Electron ends its utility processes with the app). */
  onDisconnect(listener: () => void): void;
  /** Resolves when what was sent may be trusted to arrive even if this process exits right after. */
  flushed(): Promise<void>;
}

interface ElectronParentPort {
  postMessage(message: unknown): void;
  on(event: 'message', listener: (event: { data: unknown }) => void): void;
}

// parentPort.postMessage has no completion callback; this gives the last messages time to leave before process.exit.
const PARENT_PORT_FLUSH_MS = 250;

/** The channel this process was started with: a utility process's parentPort, else the Node IPC channel. */
export function connectToParent(): ParentChannel {
  const parentPort = (process as { parentPort?: ElectronParentPort }).parentPort;
  if (parentPort) return parentPortChannel(parentPort);
  if (!process.send) throw new Error('the training process must be started with an IPC channel (spawnTrainingProcess) or as an Electron utility process');
  return {
    send: (message) => new Promise<void>((resolve) => {
      if (!process.connected) return resolve();
      process.send!(message, undefined, {}, () => resolve());
    }),
    onMessage: (listener) => process.on('message', listener),
    onDisconnect: (listener) => process.on('disconnect', listener),
    flushed: async () => undefined,
  };
}

/** Electron's parentPort as a ParentChannel; exported for tests, which pass a port-shaped fake. */
export function parentPortChannel(parentPort: ElectronParentPort): ParentChannel {
  return {
    send: async (message) => parentPort.postMessage(message),
    onMessage: (listener) => parentPort.on('message', (event) => listener(event.data)),
    onDisconnect: () => undefined,
    flushed: () => new Promise((resolve) => setTimeout(resolve, PARENT_PORT_FLUSH_MS)),
  };
}
