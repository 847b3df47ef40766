import type { JobState } from '../../../src-shared/api';
import { useJobs } from '../../state/jobs';
import { formatDuration } from '../format';
import { progressLine } from './job-progress';

/** A job's progress bar with count, rate and ETA, its cancel button, the files that failed and the outcome. */
export function JobProgress({ job }: { job: JobState }) {
  const progress = job.progress;
  const { share, count } = progressLine(job);
  return (
    <div className="job-progress" data-testid="job-progress" data-status={job.status}>
      <div className="progress-line">
        {share !== null && <progress max={1} value={share} />}
        {count !== null && <span data-testid="job-count">{count}</span>}
        {progress?.imagesPerSecond !== undefined && <span>{progress.imagesPerSecond.toFixed(1)} images/s</span>}
        {job.status === 'running' && progress?.etaSeconds !== undefined && <span>ETA {formatDuration(progress.etaSeconds)}</span>}
        <span className={`run-status run-status-${job.status === 'cancelled' ? 'cancelled' : job.status}`} data-testid="job-status">{job.status}</span>
        {job.status === 'running' && <button onClick={() => void useJobs.getState().cancel(job.id)}>Cancel</button>}
      </div>
      {job.error && <p className="error">{job.error}</p>}
      <JobOutcome job={job} />
      {job.failures.length > 0 && (
        <div className="failures" data-testid="job-failures">
          <b>{job.failures.length} file{job.failures.length === 1 ? '' : 's'} could not be processed:</b>
          <ul>{job.failures.map((f) => <li key={f.path}><code>{f.path}</code>: {f.error}</li>)}</ul>
        </div>
      )}
    </div>
  );
}

function JobOutcome({ job }: { job: JobState }) {
  if (!job.summary) return null;
  if (job.kind === 'infer') {
    const s = job.summary;
    return (
      <p className="job-summary" data-testid="job-summary">
        {s.written} predicted, {s.skipped} skipped (outputs existed), {s.failed} failed; {s.files} files in <code>{s.outputDir}</code> in {formatDuration(s.seconds)}
      </p>
    );
  }
  const s = job.summary;
  return (
    <div className="job-summary" data-testid="job-summary">
      <p>{s.files.length} file{s.files.length === 1 ? '' : 's'} written to <code>{s.outputDir}</code> in {formatDuration(s.seconds)}</p>
      <ul className="file-list">{s.files.slice(0, 12).map((f) => <li key={f}><code>{f}</code></li>)}{s.files.length > 12 && <li className="muted">… and {s.files.length - 12} more</li>}</ul>
    </div>
  );
}
