import { useEffect, useRef, useState } from 'react';
import { QA_STATUSES, type FrameSummary, type QaStatus } from '../../src-shared/api/types';
import { useDataset } from '../state/dataset';
import { describeLabelSource } from './label-source';
import { statusBadge } from './qa-text';

const ROW_HEIGHT = 30;
/** Rows rendered beyond each edge of the visible list, so a scroll shows rows already there. */
const OVERSCAN_ROWS = 5;
/** The list's height until its first measurement. */
const INITIAL_LIST_HEIGHT = 600;

/** Open a folder, filter by split, city, text and QA status, and pick a frame from a virtualized list. */
export function DatasetPanel() {
  const dataset = useDataset((s) => s.dataset);
  const recent = useDataset((s) => s.recent);
  const error = useDataset((s) => s.error);
  const filters = useDataset((s) => s.filters);
  const openDataset = useDataset((s) => s.openDataset);
  const setFilters = useDataset((s) => s.setFilters);
  const [path, setPath] = useState('');

  useEffect(() => {
    if (dataset) setPath(dataset.root);
  }, [dataset]);

  const cities = dataset?.splits.find((s) => s.name === filters.split)?.cities ?? dataset?.splits.flatMap((s) => s.cities) ?? [];
  return (
    <aside className="dataset-panel">
      <form className="open-form" onSubmit={(e) => { e.preventDefault(); void openDataset(path); }}>
        <input aria-label="Dataset folder" placeholder="/path/to/dataset" value={path} onChange={(e) => setPath(e.target.value)} list="recent-datasets" />
        <button type="submit" aria-label="Open dataset">Open</button>
        <datalist id="recent-datasets">{recent.map((r) => <option key={r.root} value={r.root}>{r.name}</option>)}</datalist>
      </form>
      {error && <div className="error" role="alert">{error}</div>}
      {dataset && (
        <>
          <div className="dataset-name" title={dataset.root}>{dataset.name} · {dataset.frameCount} frames</div>
          <div className="dataset-labels muted" data-testid="dataset-labels" title={dataset.labelSource.path ?? undefined}>
            Labels: {describeLabelSource(dataset.labels, dataset.labelSource)}
          </div>
          {dataset.warnings.length > 0 && (
            <ul className="dataset-warnings warning" data-testid="dataset-warnings">
              {dataset.warnings.map((warning) => <li key={warning}>{warning}</li>)}
            </ul>
          )}
          <div className="filters">
            <select aria-label="Split" value={filters.split ?? ''} onChange={(e) => void setFilters({ split: e.target.value || undefined, city: undefined })}>
              <option value="">all splits</option>
              {dataset.splits.map((s) => <option key={s.name} value={s.name}>{s.name}</option>)}
            </select>
            <select aria-label="City" value={filters.city ?? ''} onChange={(e) => void setFilters({ city: e.target.value || undefined })}>
              <option value="">all cities</option>
              {[...new Set(cities.map((c) => c.name))].map((c) => <option key={c} value={c}>{c}</option>)}
            </select>
            <select aria-label="QA status filter" value={filters.status ?? ''} onChange={(e) => void setFilters({ status: (e.target.value || undefined) as QaStatus | 'unmarked' | undefined })}>
              <option value="">any status</option>
              {QA_STATUSES.map((s) => <option key={s} value={s}>{s}</option>)}
              <option value="unmarked">unmarked</option>
            </select>
            <input aria-label="Search frames" type="search" placeholder="search" value={filters.search} onChange={(e) => void setFilters({ search: e.target.value })} />
          </div>
          <FrameList />
        </>
      )}
    </aside>
  );
}

function FrameList() {
  const total = useDataset((s) => s.total);
  const frames = useDataset((s) => s.frames);
  const selectedId = useDataset((s) => s.selectedId);
  const select = useDataset((s) => s.select);
  const ensureLoaded = useDataset((s) => s.ensureLoaded);
  const scroller = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [height, setHeight] = useState(INITIAL_LIST_HEIGHT);

  useEffect(() => {
    const element = scroller.current;
    if (!element) return;
    const observer = new ResizeObserver(([entry]) => setHeight(entry.contentRect.height));
    observer.observe(element);
    return () => observer.disconnect();
  }, []);

  const first = Math.max(0, Math.floor(scrollTop / ROW_HEIGHT) - OVERSCAN_ROWS);
  const last = Math.min(total, Math.ceil((scrollTop + height) / ROW_HEIGHT) + OVERSCAN_ROWS);
  useEffect(() => {
    void ensureLoaded(first, last);
  }, [first, last, total, ensureLoaded]);

  useEffect(() => {
    const index = frames.findIndex((f) => f?.id === selectedId);
    const element = scroller.current;
    if (index < 0 || !element) return;
    const top = index * ROW_HEIGHT;
    if (top < element.scrollTop || top + ROW_HEIGHT > element.scrollTop + element.clientHeight) element.scrollTop = top - element.clientHeight / 2;
  }, [selectedId, frames]);

  const selectedIndex = frames.findIndex((f) => f?.id === selectedId);
  const rows: Array<{ index: number; frame: FrameSummary | undefined }> = [];
  for (let i = first; i < last; i++) rows.push({ index: i, frame: frames[i] });
  return (
    <div className="frame-list" ref={scroller} onScroll={(e) => setScrollTop(e.currentTarget.scrollTop)} role="listbox" aria-label="Frames"
      tabIndex={0} aria-activedescendant={selectedIndex >= 0 ? `frame-row-${selectedIndex}` : undefined}>
      <div style={{ height: total * ROW_HEIGHT, position: 'relative' }}>
        {rows.map(({ index, frame }) => (
          <div key={index} id={`frame-row-${index}`} role="option" aria-selected={frame?.id === selectedId} className={`frame-row${frame?.id === selectedId ? ' selected' : ''}`}
            style={{ top: index * ROW_HEIGHT, height: ROW_HEIGHT }} onClick={() => frame && select(frame.id)} data-frame-id={frame?.id}>
            {frame ? (
              <>
                <span className="frame-stem" title={frame.id}>{frame.stem}</span>
                <span className="frame-meta">
                  <span title="objects">{frame.objectCount ?? '…'}</span>
                  {frame.problemCount ? <span className="problems" title="annotation problems">⚠ {frame.problemCount}</span> : null}
                  {frame.qaStatus && <span className={`status status-${frame.qaStatus}`} title={frame.qaStatus} data-status={frame.qaStatus}>{statusBadge(frame.qaStatus)}</span>}
                </span>
              </>
            ) : '…'}
          </div>
        ))}
      </div>
      {total === 0 && <div className="empty">no frames match</div>}
    </div>
  );
}
