import type { TrainingCommand, TrainingProcessMessage } from '../services/training/protocol';
import type { TrainingProcess } from '../services/training/training-process';

/**
 * What the adapter uses of Electron's UtilityProcess (`utilityProcess.fork`'s result). Kept to this
 * shape so a test can drive the adapter with an EventEmitter, without the electron binary.
 */
export interface UtilityChild {
  /** Undefined until the process has spawned, and again after it exits. */
  readonly pid: number | undefined;
  postMessage(message: unknown): void;
  /** SIGTERM on POSIX. */
  kill(): boolean;
  on(event: 'spawn', listener: () => void): unknown;
  on(event: 'message', listener: (message: unknown) => void): unknown;
  on(event: 'exit', listener: (code: number) => void): unknown;
  /** A fatal V8 error; 'exit' follows. */
  on(event: 'error', listener: (type: string, location: string, report: string) => void): unknown;
}

type Listeners = {
  spawn: Array<(pid: number) => void>;
  message: Array<(message: TrainingProcessMessage) => void>;
  exit: Array<(code: number | null, reason?: string) => void>;
};

/**
 * A utility process as a TrainingProcess. Commands sent before the process has spawned wait for it,
 * and nothing is posted after it exits (Electron can crash posting to a dead child). Exit codes map as
 * the Node adapter's do: a kill of ours reports null (the run is interrupted, as after SIGKILL in
 * Node, and can resume), and a fatal V8 error reports where it happened.
 */
export function utilityProcessAdapter(child: UtilityChild): TrainingProcess {
  const listeners: Listeners = { spawn: [], message: [], exit: [] };
  const waiting: TrainingCommand[] = [];
  let state: 'starting' | 'running' | 'exited' = 'starting';
  let wasKilled = false;
  let fatalError: string | undefined;

  child.on('spawn', () => {
    if (state !== 'starting') return;
    state = 'running';
    for (const listener of listeners.spawn) listener(child.pid!);
    // A kill asked for while starting ends the process now that it exists, and nothing queued is sent.
    if (wasKilled) child.kill();
    else for (const command of waiting.splice(0)) child.postMessage(command);
  });
  child.on('message', (message) => {
    for (const listener of listeners.message) listener(message as TrainingProcessMessage);
  });
  child.on('error', (type, location) => {
    fatalError = `the training process crashed: ${type} at ${location}`;
  });
  child.on('exit', (code) => {
    if (state === 'exited') return;
    const hadStarted = state === 'running';
    state = 'exited';
    waiting.length = 0;
    const reason = fatalError ?? (hadStarted ? undefined : `the training process could not start (exit code ${code})`);
    for (const listener of listeners.exit) listener(wasKilled && !fatalError ? null : code, reason);
  });

  return {
    get pid() {
      return child.pid;
    },
    send(command) {
      if (state === 'starting') waiting.push(command);
      else if (state === 'running') child.postMessage(command);
    },
    on(event: keyof Listeners, listener: (...values: never[]) => void) {
      (listeners[event] as Array<typeof listener>).push(listener);
    },
    kill() {
      if (state === 'exited') return;
      wasKilled = true;
      if (state === 'running') child.kill();
    },
  };
}
