/** The link from a training process to whoever started it: Node's IPC channel, or Electron's parentPort in a utilityProcess. */
export interface ParentChannel {
  /** Resolves once the message has been handed to the channel. */
  send(message: unknown): Promise<void>;
  onMessage(listener: (message: unknown) => void): void;
  /** The parent is gone (Node IPC only: Electron ends its utility processes with the app). */
  onDisconnect(listener: () => void): void;
}

interface ElectronParentPort {
  postMessage(message: unknown): void;
  on(event: 'message', listener: (event: { data: unknown }) => void): void;
}

export function connectToParent(): ParentChannel {
  const parentPort = (process as { parentPort?: ElectronParentPort }).parentPort;
  if (parentPort) {
    return {
      send: async (message) => parentPort.postMessage(message),
      onMessage: (listener) => parentPort.on('message', (event) => listener(event.data)),
      onDisconnect: () => undefined,
    };
  }
  if (!process.send) throw new Error('the training process must be started with an IPC channel (spawnTrainingProcess)');
  return {
    send: (message) => new Promise<void>((resolve) => {
      if (!process.connected) return resolve();
      process.send!(message, undefined, {}, () => resolve());
    }),
    onMessage: (listener) => process.on('message', listener),
    onDisconnect: (listener) => process.on('disconnect', listener),
  };
}
