import { useEffect } from 'react';
import { LIVE_STATUSES } from '../../../src-shared/api';
import { useNav } from '../../state/nav';
import { useRuns } from '../../state/runs';
import { RunMonitor } from './RunMonitor';
import { plainMessage, queueOrder } from './train-form';
import { TrainForm } from './TrainForm';


/** Start runs on the left; watch one on the right (the one just started, else the newest). */
export function TrainView() {
  const options = useRuns((s) => s.options);
  const runs = useRuns((s) => s.runs);
  const error = useRuns((s) => s.error);
  const watched = useNav((s) => s.run);
  const setWatched = (runId: number) => useNav.getState().showRun('train', runId);

  useEffect(() => {
    void useRuns.getState().loadOptions();
  }, []);

  const queue = queueOrder(runs);
  const shown = watched ?? queue[0]?.id ?? runs[0]?.id ?? null;
  return (
    <main className="train-view">
      <aside className="train-side">
        <h2>New run</h2>
        {options ? <TrainForm options={options} onStarted={setWatched} /> : <p className="empty">Loading…</p>}
        {error && <p className="error" data-testid="train-error">{plainMessage(error)}</p>}
        <h3>Queue</h3>
        {queue.length === 0 && <p className="muted">Nothing training.</p>}
        <ul className="queue-list">
          {queue.map((r) => (
            <li key={r.id}><button className={r.id === shown ? 'link active' : 'link'} onClick={() => setWatched(r.id)}>#{r.id} {r.name} · {r.status}</button></li>
          ))}
        </ul>
        <h3>Recent</h3>
        <ul className="queue-list">
          {runs.filter((r) => !LIVE_STATUSES.includes(r.status)).slice(0, 8).map((r) => (
            <li key={r.id}><button className={r.id === shown ? 'link active' : 'link'} onClick={() => setWatched(r.id)}>#{r.id} {r.name} · {r.status}</button></li>
          ))}
        </ul>
      </aside>
      <div className="train-main">{shown === null ? <p className="empty">Start a run to watch it learn.</p> : <RunMonitor runId={shown} />}</div>
    </main>
  );
}
