import { useState, type ReactNode } from 'react';
import type { CheckpointChoice, ExportRequest, Run } from '../../../src-shared/api';
import { api } from '../../api';
import { useJobs } from '../../state/jobs';
import { useRuns } from '../../state/runs';
import { FolderField } from '../FolderField';
import { JobProgress } from '../jobs/JobProgress';

/** Colour masks from annotations or a run's predictions, a run's report, and its model. */
export function ExportView() {
  const allRuns = useRuns((s) => s.runs);
  const runs = allRuns.filter((r) => r.epochsDone > 0);
  const options = useRuns((s) => s.options);
  const error = useJobs((s) => s.error);
  return (
    <main className="view-page export-view">
      <h2>Export</h2>
      {error && <p className="error" data-testid="export-error" role="alert">{error}</p>}
      <div className="export-grid">
        <ExportCard title="Colour masks from annotations" kind="masks" describe="The official palette, drawn from the polygons, mirroring the gtFine tree.">
          {(submit) => <MasksForm defaultDataset={options?.sampleDataset ?? ''} submit={submit} />}
        </ExportCard>
        <ExportCard title="Colour masks of a run's predictions" kind="predictions" describe="The run's model over its dataset's split, in the official palette.">
          {(submit) => <RunForm runs={runs} withSplit withCheckpoint submit={(run, outputDir, extra) => submit({ kind: 'predictions', runId: run, outputDir, ...extra })} />}
        </ExportCard>
        <ExportCard title="Run report" kind="report" describe="Metrics per epoch (CSV, JSON), the per-class table and the config.">
          {(submit) => <RunForm runs={runs} submit={(run, outputDir) => submit({ kind: 'report', runId: run, outputDir })} />}
        </ExportCard>
        <ExportCard title="Model (TensorFlow.js)" kind="model" describe="model.json + weights, loadable again by Infer as an exported model folder.">
          {(submit) => <RunForm runs={runs} withCheckpoint submit={(run, outputDir, extra) => submit({ kind: 'model', runId: run, outputDir, checkpoint: extra.checkpoint })} />}
        </ExportCard>
      </div>
    </main>
  );
}

function ExportCard({ title, kind, describe, children }: { title: string; kind: ExportRequest['kind']; describe: string; children: (submit: (request: ExportRequest) => void) => ReactNode }) {
  const status = useJobs((s) => s.exportCards[kind]);
  const job = useJobs((s) => s.jobs.find((j) => j.id === status?.jobId) ?? null);
  const submit = (request: ExportRequest) => void useJobs.getState().startExport(request);
  return (
    <section className="export-card" data-testid={`export-${kind}`}>
      <h3>{title}</h3>
      <p className="muted">{describe}</p>
      {children(submit)}
      {status?.error && <p className="error" data-testid="export-card-error" role="alert">{status.error}</p>}
      {job && <JobProgress job={job} />}
      {job?.kind === 'export' && api.transport === 'web' && job.status !== 'running' && job.summary && job.summary.files.length > 0 && (
        <a className="button" data-testid="export-download" href={zipUrl(job.id)} download={`segstudio-${kind}-job-${job.id}.zip`}>Download (zip)</a>
      )}
    </section>
  );
}

/** The job's output folder as a zip, served by the studio host; the page's token cookie authorises the download. */
export function zipUrl(jobId: number): string {
  return `/api/binary/jobZip?jobId=${jobId}`;
}

function MasksForm({ defaultDataset, submit }: { defaultDataset: string; submit: (request: ExportRequest) => void }) {
  const [datasetRoot, setDatasetRoot] = useState(defaultDataset);
  const [split, setSplit] = useState('');
  const [outputDir, setOutputDir] = useState('');
  return (
    <form className="job-form" onSubmit={(e) => { e.preventDefault(); submit({ kind: 'masks', datasetRoot: datasetRoot.trim(), outputDir: outputDir.trim(), ...(split ? { split } : {}) }); }}>
      <FolderField label="Dataset folder" value={datasetRoot} onChange={setDatasetRoot} />
      <label className="field">Split (empty: all)<input value={split} onChange={(e) => setSplit(e.target.value.trim())} aria-label="Split" /></label>
      <FolderField label="Output folder" value={outputDir} onChange={setOutputDir} />
      <button type="submit" className="primary" disabled={!datasetRoot.trim() || !outputDir.trim()}>Export masks</button>
    </form>
  );
}

interface RunFormProps {
  readonly runs: readonly Run[];
  readonly withSplit?: boolean;
  readonly withCheckpoint?: boolean;
  submit(runId: number, outputDir: string, extra: { split?: string; checkpoint?: CheckpointChoice }): void;
}

function RunForm({ runs, withSplit = false, withCheckpoint = false, submit }: RunFormProps) {
  const [runId, setRunId] = useState<number | null>(null);
  const [split, setSplit] = useState('val');
  const [checkpoint, setCheckpoint] = useState<CheckpointChoice>('best');
  const [outputDir, setOutputDir] = useState('');
  const chosen = runId ?? runs[0]?.id ?? null;
  return (
    <form className="job-form" onSubmit={(e) => {
      e.preventDefault();
      submit(chosen!, outputDir.trim(), { ...(withSplit ? { split } : {}), ...(withCheckpoint ? { checkpoint } : {}) });
    }}>
      <label className="field">Run
        <select value={chosen ?? ''} onChange={(e) => setRunId(Number(e.target.value))} aria-label="Run">
          {runs.length === 0 && <option value="">no trained runs yet</option>}
          {runs.map((r) => <option key={r.id} value={r.id}>#{r.id} {r.name}</option>)}
        </select>
      </label>
      {withSplit && <label className="field">Split<input value={split} onChange={(e) => setSplit(e.target.value.trim())} aria-label="Split" /></label>}
      {withCheckpoint && (
        <label className="field">Checkpoint
          <select value={checkpoint} onChange={(e) => setCheckpoint(e.target.value as CheckpointChoice)} aria-label="Checkpoint">
            <option value="best">best</option><option value="last">last</option>
          </select>
        </label>
      )}
      <FolderField label="Output folder" value={outputDir} onChange={setOutputDir} />
      <button type="submit" className="primary" disabled={chosen === null || !outputDir.trim()}>Export</button>
    </form>
  );
}
