import type { RunStatus } from './types';

/**
 * Where each status may go. `done`, `failed` and `cancelled` are final; `interrupted` (the process
 * died) may resume, directly or through the queue.
 */
export const ALLOWED_TRANSITIONS: Readonly<Record<RunStatus, readonly RunStatus[]>> = {
  queued: ['running', 'cancelled', 'failed'],
  running: ['paused', 'done', 'failed', 'cancelled', 'interrupted'],
  paused: ['running', 'cancelled', 'failed', 'interrupted'],
  interrupted: ['queued', 'running', 'cancelled'],
  done: [],
  failed: [],
  cancelled: [],
};

export { ACTIVE_STATUSES, FINAL_STATUSES, LIVE_STATUSES } from '../../../src-shared/api/runs';

export function canTransition(from: RunStatus, to: RunStatus): boolean {
  return ALLOWED_TRANSITIONS[from].includes(to);
}

export function transitionError(runId: number, from: RunStatus, to: RunStatus): Error {
  const allowed = ALLOWED_TRANSITIONS[from];
  const options = allowed.length === 0 ? `${from} is final` : `from ${from} a run may go to ${allowed.join(', ')}`;
  return new Error(`run ${runId}: cannot go from ${from} to ${to} (${options})`);
}
