export { RunStore, isProcessAlive, type RunStoreOptions, type InterruptOptions } from './run-store';
export { ALLOWED_TRANSITIONS, ACTIVE_STATUSES, FINAL_STATUSES, canTransition } from './status';
export * from './types';
