import { create } from 'zustand';
import type { ExportKind, ExportRequest, InferRequest, JobState, StudioEvent } from '../../src-shared/api';
import { api } from '../api';

/** What one export card last started: its job, or why it could not start. */
export interface ExportCardStatus {
  readonly jobId: number | null;
  readonly error: string | null;
}

interface JobsState {
  /** This session's jobs, newest first, as the main process last reported them. */
  jobs: JobState[];
  error: string | null;
  refresh(): Promise<void>;
  startInference(request: InferRequest): Promise<JobState | null>;
  /** Each export card's own status, by kind: a failure on one card leaves the others' as they were. */
  exportCards: Partial<Record<ExportKind, ExportCardStatus>>;
  startExport(request: ExportRequest): Promise<JobState | null>;
  cancel(jobId: number): Promise<void>;
}

export const useJobs = create<JobsState>()((set, get) => ({
  jobs: [],
  error: null,
  exportCards: {},

  async refresh() {
    set({ jobs: await api.call('jobs.list', {}) });
  },

  startInference: (request) => start(() => api.call('infer.start', { request })),
  async startExport(request) {
    const card = (status: ExportCardStatus) => set({ exportCards: { ...get().exportCards, [request.kind]: status } });
    try {
      const job = await api.call('export.start', { request });
      upsert(job);
      card({ jobId: job.id, error: null });
      return job;
    } catch (error) {
      card({ jobId: null, error: (error as Error).message });
      return null;
    }
  },

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
