import type { JobEvent, JobState } from './jobs';
import type { TrainingEvent } from './runs';

/** What the main process pushes to every window: over IPC in Electron, over the WebSocket for the web host. */
export type StudioEvent =
  | { readonly channel: 'run'; readonly runId: number; readonly event: TrainingEvent }
  /** A run was created, changed status outside its own events, was edited or deleted. */
  | { readonly channel: 'runs-changed' }
  /** Progress of a folder inference or an export, with the job's state after it. */
  | ({ readonly channel: 'job'; readonly job: JobState } & JobEvent);
