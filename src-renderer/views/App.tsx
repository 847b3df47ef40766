import { useEffect } from 'react';
import { api } from '../api';
import { useDataset } from '../state/dataset';
import { followJobEvents } from '../state/jobs';
import { useNav, VIEWS, type ViewName } from '../state/nav';
import { followRunEvents, useRuns } from '../state/runs';
import type { UrlPlace } from '../state/url-state';
import { useViewer } from '../state/viewer';
import { DatasetPanel } from './DatasetPanel';
import { ExportView } from './export/ExportView';
import { InferView } from './infer/InferView';
import { QaViewer } from './QaViewer';
import { RunPage } from './runs/RunPage';
import { RunsView } from './runs/RunsView';
import { TrainView } from './train/TrainView';

const VIEW_TITLES: Record<ViewName, string> = { qa: 'Dataset QA', train: 'Train', runs: 'Runs', infer: 'Infer', export: 'Export' };

/** `openedAt`: the place the page's URL named, already applied to the stores. */
export function App({ openedAt }: { openedAt: UrlPlace }) {
  const selectedId = useDataset((s) => s.selectedId);
  const dataset = useDataset((s) => s.dataset);
  const loadFrame = useViewer((s) => s.loadFrame);
  const view = useNav((s) => s.view);
  const runId = useNav((s) => s.run);

  useEffect(() => {
    // The runs list loads as the event stream opens (followRunEvents), so no change slips between the two.
    void useRuns.getState().loadOptions();
    const off = [followRunEvents(), followJobEvents()];
    return () => off.forEach((unsubscribe) => unsubscribe());
  }, []);

  useEffect(() => {
    void api.call('app.info', {}).then((info) => {
      if (openedAt.dataset) void useDataset.getState().loadRecent();
      else if (info.defaultDataset) void useDataset.getState().openDataset(info.defaultDataset, { filters: openedAt.filters, frameId: openedAt.frame });
      else void useDataset.getState().loadRecent();
    }).catch((error: Error) => useDataset.setState({ error: error.message }));
  }, [openedAt]);

  useEffect(() => {
    if (dataset && selectedId) void loadFrame(dataset.id, selectedId);
  }, [dataset, selectedId, loadFrame]);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const target = event.target as HTMLElement;
      if (target.closest('input, textarea, select') || useNav.getState().view !== 'qa') return;
      if (event.key === 'ArrowRight' || event.key === 'ArrowDown') useDataset.getState().step(1);
      else if (event.key === 'ArrowLeft' || event.key === 'ArrowUp') useDataset.getState().step(-1);
      else return;
      event.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  return (
    <div className="shell">
      <nav className="tabs" aria-label="Views">
        <span className="brand">segstudio</span>
        {VIEWS.map((name) => (
          <button key={name} role="tab" aria-selected={view === name} className={view === name ? 'tab active' : 'tab'} onClick={() => useNav.getState().show(name)}>
            {VIEW_TITLES[name]}
          </button>
        ))}
      </nav>
      {/* The QA view stays mounted: its Konva stages and loaded frame survive a visit to another view. */}
      <div className="app" hidden={view !== 'qa'}>
        <DatasetPanel />
        <QaViewer />
      </div>
      {view === 'train' && <TrainView />}
      {view === 'runs' && (runId === null ? <RunsView /> : <RunPage runId={runId} />)}
      {view === 'infer' && <InferView />}
      {view === 'export' && <ExportView />}
    </div>
  );
}
