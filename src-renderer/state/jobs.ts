import { create } from 'zustand';
import type { ExportRequest, InferRequest, JobState, StudioEvent } from '../../src-shared/api';
import { api } from '../api';

interface JobsState {
  /** This session's jobs, newest first, as the main process last reported them. */
  jobs: JobState[];
  error: string | null;
  refresh(): Promise<void>;
  startInference(request: InferRequest): Promise<JobState | null>;
  startExport(request: ExportRequest): Promise<JobState | null>;
  cancel(jobId: number): Promise<void>;
}

export const useJobs = create<JobsState>()((set, get) => ({
  jobs: [],
  error: null,

  async refresh() {
    set({ jobs: await api.call('jobs.list', {}) });
  },

  startInference: (request) => start(() => api.call('infer.start', { request })),
  startExport: (request) => start(() => api.call('export.start', { request })),

  async cancel(jobId) {
    try {
      upsert(await api.call('jobs.cancel', { jobId }));
    } catch (error) {
      set({ error: (error as Error).message });
    }
    void get().refresh();
  },
}));

async function start(call: () => Promise<JobState>): Promise<JobState | null> {
  try {
    const job = await call();
    useJobs.setState({ error: null });
    upsert(job);
    return job;
  } catch (error) {
    useJobs.setState({ error: (error as Error).message });
    return null;
  }
}

function upsert(job: JobState): void {
  const known = useJobs.getState().jobs.find((j) => j.id === job.id);
  // A quick job's final event can arrive before the reply that started it: a running state never replaces a final one.
  if (known && known.status !== 'running' && job.status === 'running') return;
  const jobs = useJobs.getState().jobs.filter((j) => j.id !== job.id);
  useJobs.setState({ jobs: [job, ...jobs].sort((a, b) => b.id - a.id) });
}

/** Keeps the job list current from the main process's events. */
export function followJobEvents(): () => void {
  void useJobs.getState().refresh();
  return api.subscribe((event: StudioEvent) => {
    if (event.channel === 'job') upsert(event.job);
  });
}
