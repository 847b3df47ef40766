import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { TrainingCommand, TrainingProcessMessage } from './protocol';

/** A training process, however it was started (Node child process here; Electron's utilityProcess in the app). */
export interface TrainingProcess {
  readonly pid: number | undefined;
  send(command: TrainingCommand): void;
  on(event: 'message', listener: (message: TrainingProcessMessage) => void): void;
  /** The process ended: its exit code, or null when a signal killed it. */
  on(event: 'exit', listener: (code: number | null) => void): void;
  kill(): void;
}

// From source the entry is TypeScript and needs tsx; in the CLI bundle it is train-process.mjs beside the chunk.
const FROM_SOURCE = import.meta.url.endsWith('.ts');
const ENTRY = fileURLToPath(FROM_SOURCE ? new URL('./train-process.ts', import.meta.url) : new URL('./train-process.mjs', import.meta.url));

/** Starts the training process as a Node child process with an IPC channel. */
export function spawnTrainingProcess(options: { env?: NodeJS.ProcessEnv } = {}): TrainingProcess {
  const execArgv = FROM_SOURCE ? ['--import', import.meta.resolve('tsx')] : [];
  const child = fork(ENTRY, [], { execArgv, env: options.env ?? process.env, stdio: ['ignore', 'inherit', 'inherit', 'ipc'], serialization: 'advanced' });
  return childProcessAdapter(child);
}

function childProcessAdapter(child: ChildProcess): TrainingProcess {
  return {
    get pid() {
      return child.pid;
    },
    send(command) {
      if (child.connected) child.send(command);
    },
    on(event: 'message' | 'exit', listener: (value: never) => void) {
      if (event === 'message') child.on('message', listener as (message: TrainingProcessMessage) => void);
      else child.on('exit', (code: number | null) => (listener as (code: number | null) => void)(code));
    },
    kill() {
      child.kill('SIGKILL');
    },
  };
}
