import { useEffect } from 'react';
import { api } from '../api';
import { useDataset } from '../state/dataset';
import { useViewer } from '../state/viewer';
import { DatasetPanel } from './DatasetPanel';
import { QaViewer } from './QaViewer';

export function App() {
  const selectedId = useDataset((s) => s.selectedId);
  const dataset = useDataset((s) => s.dataset);
  const loadFrame = useViewer((s) => s.loadFrame);

  useEffect(() => {
    void api.call('app.info', {}).then((info) => {
      if (info.defaultDataset) void useDataset.getState().openDataset(info.defaultDataset);
      else void useDataset.getState().loadRecent();
    }).catch((error: Error) => useDataset.setState({ error: error.message }));
  }, []);

  useEffect(() => {
    if (dataset && selectedId) void loadFrame(dataset.id, selectedId);
  }, [dataset, selectedId, loadFrame]);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const target = event.target as HTMLElement;
      if (target.closest('input, textarea, select')) return;
      if (event.key === 'ArrowRight' || event.key === 'ArrowDown') useDataset.getState().step(1);
      else if (event.key === 'ArrowLeft' || event.key === 'ArrowUp') useDataset.getState().step(-1);
      else return;
      event.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  return (
    <div className="app">
      <DatasetPanel />
      <QaViewer />
    </div>
  );
}
