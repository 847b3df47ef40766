import { fork, type ChildProcess } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { fileURLToPath } from 'node:url';
import type { TrainingCommand, TrainingProcessMessage } from './protocol';

/** A training process, however it was started (Node child process here; Electron's utilityProcess in the app). */
export interface TrainingProcess {
  /** Undefined until the process has spawned (Electron's utility process learns it asynchronously). */
  readonly pid: number | undefined;
  send(command: TrainingCommand): void;
  /** The process exists, with this pid; comes before any message. */
  on(event: 'spawn', listener: (pid: number) => void): void;
  on(event: 'message', listener: (message: TrainingProcessMessage) => void): void;
  /**
   * The process ended, or never started: its exit code, or null when a signal (or our kill) ended it,
   * and why, when the adapter knows more than the code. Comes once.
   */
  on(event: 'exit', listener: (code: number | null, reason?: string) => void): void;
  /** Ends the process at once. */
  kill(): void;
}

// The entry point lives in worker/ with the other process entries (named by path, not imported: that layer sits above
// this one). From source it is TypeScript and needs tsx; in the CLI bundle it is train-process.mjs beside the chunk.
const FROM_SOURCE = import.meta.url.endsWith('.ts');
const ENTRY = fileURLToPath(FROM_SOURCE ? new URL('../../worker/train-process.ts', import.meta.url) : new URL('./train-process.mjs', import.meta.url));

/** Starts the training process as a Node child process with an IPC channel. */
export function spawnTrainingProcess(options: { env?: NodeJS.ProcessEnv } = {}): TrainingProcess {
  const execArgv = FROM_SOURCE ? ['--import', import.meta.resolve('tsx')] : [];
  const child = fork(ENTRY, [], { execArgv, env: options.env ?? process.env, stdio: ['ignore', 'inherit', 'inherit', 'ipc'], serialization: 'advanced' });
  return childProcessAdapter(child);
}

/** A Node child process as a TrainingProcess; exported for tests, which drive it with a scripted child. */
export function childProcessAdapter(child: ChildProcess): TrainingProcess {
  const ended = new EventEmitter();
  let hasSpawned = false;
  let hasEnded = false;
  const end = (code: number | null, reason?: string) => {
    if (hasEnded) return;
    hasEnded = true;
    ended.emit('exit', code, reason);
  };
  child.on('spawn', () => {
    hasSpawned = true;
  });
  child.on('exit', (code) => end(code));
  // Without a listener an 'error' would crash this process; after the spawn, 'exit' tells how the process ended.
  child.on('error', (error) => {
    if (!hasSpawned) end(1, `the training process could not start: ${error.message}`);
  });
  return {
    get pid() {
      return child.pid;
    },
    send(command) {
      if (child.connected) child.send(command);
    },
    on(event: 'spawn' | 'message' | 'exit', listener: (...values: never[]) => void) {
      if (event === 'spawn') child.on('spawn', () => (listener as (pid: number) => void)(child.pid!));
      else if (event === 'message') child.on('message', listener as (message: TrainingProcessMessage) => void);
      else ended.on('exit', listener as (code: number | null, reason?: string) => void);
    },
    kill() {
      child.kill('SIGKILL');
    },
  };
}
