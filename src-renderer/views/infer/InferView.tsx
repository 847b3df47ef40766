import { useEffect, useState } from 'react';
import { INFER_OUTPUT_TYPES, type CheckpointChoice, type InferOutputType, type InferRequest } from '../../../src-shared/api';
import { useJobs } from '../../state/jobs';
import { useRuns } from '../../state/runs';
import { FolderField } from '../FolderField';
import { JobProgress } from '../jobs/JobProgress';
import { shownJob } from '../jobs/job-progress';
import { InferResults } from './InferResults';

const TYPE_LABELS: Record<InferOutputType, string> = { color: 'Colour masks', labelIds: 'labelIds', trainIds: 'trainIds', overlay: 'Overlay (JPEG)' };

/** Run a trained model (or an exported one) over a folder of images, watch it, and browse what it wrote. */
export function InferView() {
  const runs = useRuns((s) => s.runs);
  const jobs = useJobs((s) => s.jobs);
  const error = useJobs((s) => s.error);
  const usable = runs.filter((r) => r.epochsDone > 0);
  const [source, setSource] = useState<'run' | 'model'>('run');
  const [runId, setRunId] = useState<number | null>(null);
  const [checkpoint, setCheckpoint] = useState<CheckpointChoice>('best');
  const [modelDir, setModelDir] = useState('');
  const [inputDir, setInputDir] = useState('');
  const [outputDir, setOutputDir] = useState('');
  const [types, setTypes] = useState<ReadonlySet<InferOutputType>>(new Set(INFER_OUTPUT_TYPES));
  const [overwrite, setOverwrite] = useState(false);
  const [pickedJob, setPickedJob] = useState<number | null>(null);
  const [didStartFail, setDidStartFail] = useState(false);

  useEffect(() => {
    if (runId === null && usable.length > 0) setRunId(usable[0].id);
  }, [runId, usable]);

  const inferJobs = jobs.filter((j) => j.kind === 'infer');
  const job = shownJob(inferJobs, pickedJob, didStartFail);
  const hiddenJob = didStartFail ? shownJob(inferJobs, pickedJob, false) : null;
  const canStart = inputDir.trim() !== '' && outputDir.trim() !== '' && types.size > 0 && (source === 'run' ? runId !== null : modelDir.trim() !== '');

  const start = async () => {
    const common = { inputDir: inputDir.trim(), outputDir: outputDir.trim(), types: INFER_OUTPUT_TYPES.filter((t) => types.has(t)), overwrite };
    const request: InferRequest = source === 'run' ? { ...common, runId: runId!, checkpoint } : { ...common, modelDir: modelDir.trim() };
    const started = await useJobs.getState().startInference(request);
    setDidStartFail(started === null);
    if (started) setPickedJob(started.id);
  };

  return (
    <main className="view-page infer-view">
      <form className="job-form" onSubmit={(e) => { e.preventDefault(); void start(); }}>
        <h2>Inference on a folder</h2>
        <div className="radio-row">
          <label><input type="radio" checked={source === 'run'} onChange={() => setSource('run')} /> A run's checkpoint</label>
          <label><input type="radio" checked={source === 'model'} onChange={() => setSource('model')} /> An exported model folder</label>
        </div>
        {source === 'run' ? (
          <div className="form-row">
            <label className="field">Run
              <select value={runId ?? ''} onChange={(e) => setRunId(Number(e.target.value))} aria-label="Run">
                {usable.length === 0 && <option value="">no trained runs yet</option>}
                {usable.map((r) => <option key={r.id} value={r.id}>#{r.id} {r.name} ({r.arch}, mIoU {r.bestMiou?.toFixed(3) ?? 'n/a'})</option>)}
              </select>
            </label>
            <label className="field">Checkpoint
              <select value={checkpoint} onChange={(e) => setCheckpoint(e.target.value as CheckpointChoice)} aria-label="Checkpoint">
                <option value="best">best (val mIoU)</option>
                <option value="last">last</option>
              </select>
            </label>
          </div>
        ) : (
          <FolderField label="Model folder (from Export → Model)" value={modelDir} onChange={setModelDir} />
        )}
        <FolderField label="Input folder (PNG and JPEG, searched recursively)" value={inputDir} onChange={setInputDir} />
        <FolderField label="Output folder (mirrors the input tree)" value={outputDir} onChange={setOutputDir} />
        <fieldset className="type-row">
          <legend>Outputs</legend>
          {INFER_OUTPUT_TYPES.map((t) => (
            <label key={t}>
              <input type="checkbox" checked={types.has(t)} onChange={() => setTypes((old) => toggled(old, t))} /> {TYPE_LABELS[t]}
            </label>
          ))}
          <label><input type="checkbox" checked={overwrite} onChange={(e) => setOverwrite(e.target.checked)} /> Overwrite existing outputs</label>
        </fieldset>
        <button type="submit" className="primary" disabled={!canStart}>Run inference</button>
        {error && (
          <p className="error" data-testid="infer-error" role="alert">
            {error}
            {hiddenJob && <> <button type="button" className="link" onClick={() => setDidStartFail(false)}>Show job {hiddenJob.id}</button></>}
          </p>
        )}
      </form>
      {job && (
        <section className="job-panel">
          <h3>Job {job.id}{inferJobs.length > 1 && (
            <select value={job.id} onChange={(e) => setPickedJob(Number(e.target.value))} aria-label="Job">
              {inferJobs.map((j) => <option key={j.id} value={j.id}>job {j.id} · {j.status}</option>)}
            </select>
          )}</h3>
          <JobProgress job={job} />
          {job.status !== 'running' && <InferResults jobId={job.id} />}
        </section>
      )}
    </main>
  );
}

function toggled<T>(set: ReadonlySet<T>, value: T): Set<T> {
  const next = new Set(set);
  if (next.has(value)) next.delete(value);
  else next.add(value);
  return next;
}
