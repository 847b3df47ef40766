import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { formatProblem } from '../../src-shared/annotation';
import type { QaStatus } from '../../src-shared/api';
import { GENERATION_RELEASES, PILLOW_RELEASES, pillowGeneration } from '../../src-shared/raster';
import { api } from '../api';
import { objectPixel, type FrameData } from '../canvas/frame-data';
import { describeGenerationDiffs } from '../canvas/generation-diffs';
import { HoverController } from '../canvas/hover';
import { QaPanes } from '../canvas/QaPanes';
import { RegionController } from '../canvas/region';
import { SharedViewport } from '../canvas/viewport';
import { useDataset } from '../state/dataset';
import { useNav } from '../state/nav';
import { useViewer } from '../state/viewer';
import { isTypingTarget, QA_KEYS, qaKeyAction } from './qa-keys';
import { switchTimeText } from './qa-text';

const STATUS_BUTTONS: Array<{ status: QaStatus; label: string }> = [
  { status: 'ok', label: 'OK' },
  { status: 'needs-fix', label: 'Needs fix' },
  { status: 'question', label: 'Question' },
];

/** A jump from another view zooms in at most this many times the fitted scale. */
const FOCUS_ZOOM = 4;
/** A jump shows the whole polygon it lands on: its outline may reach this share of the pane from the centre, leaving a margin. */
const FOCUS_POLYGON_REACH = 0.45;
/** "Next diff" zooms until the region spans a third of the pane, but no closer than this scale. */
const DIFF_REGION_PANE_SHARE = 1 / 3;
const DIFF_REGION_MAX_SCALE = 16;
/** The mask overlay slider's step. */
const OVERLAY_OPACITY_STEP = 0.05;

export function QaViewer() {
  const bundle = useViewer((s) => s.bundle);
  const data = useViewer((s) => s.data);
  const photo = useViewer((s) => s.photo);
  const loading = useViewer((s) => s.loading);
  const error = useViewer((s) => s.error);
  const lastSwitchMs = useViewer((s) => s.lastSwitchMs);
  const sidebarHidden = useViewer((s) => s.sidebarHidden);
  const legendHidden = useViewer((s) => s.legendHidden);
  const toggleSidebar = useViewer((s) => s.toggleSidebar);
  const toggleLegend = useViewer((s) => s.toggleLegend);
  const labels = useDataset((s) => s.labels);
  const step = useDataset((s) => s.step);
  const viewport = useMemo(() => new SharedViewport(), []);
  const hover = useMemo(() => new HoverController(), []);
  const region = useRegionController();
  const paneSize = useRef({ width: 0, height: 0 });
  const fitted = useRef<string | null>(null);
  const [regionIndex, setRegionIndex] = useState(-1);
  const [showKeys, setShowKeys] = useState(false);

  const fit = useCallback(() => {
    const d = useViewer.getState().data;
    const { width, height } = paneSize.current;
    if (d && d.width > 0 && width > 0) viewport.fit(d.width, d.height, width, height);
  }, [viewport]);

  useEffect(() => {
    // The panes draw on the next animation frame; the one after it has them on screen.
    if (data) requestAnimationFrame(() => requestAnimationFrame(() => useViewer.getState().framePainted()));
  }, [data]);

  useEffect(() => {
    hover.setFrame(data, labels);
    region.setImageSize(data);
    setRegionIndex(-1);
    const size = data ? `${data.width}x${data.height}` : null;
    // Keep the zoom while paging through frames of one size; fit when the size changes.
    if (size !== fitted.current) {
      fitted.current = size;
      fit();
    }
  }, [data, labels, hover, region, fit]);

  const pendingCentre = useRef<{ x: number; y: number } | null>(null);
  const centreOn = useCallback((x: number, y: number) => {
    const d = useViewer.getState().data;
    const { width, height } = paneSize.current;
    if (!d || width === 0) {
      pendingCentre.current = { x, y };
      return;
    }
    viewport.scale = focusScale(d, x, y, width, height);
    viewport.centreOn(x + 0.5, y + 0.5, width, height);
  }, [viewport]);

  useFrameFocus(centreOn, hover);

  const onPaneSize = useCallback((width: number, height: number) => {
    const previous = paneSize.current;
    const first = previous.width === 0;
    paneSize.current = { width, height };
    if (!first) {
      // The window or the layout changed: re-fit a fitted frame, or keep what is at the centre.
      const d = useViewer.getState().data;
      if (d && d.width > 0 && (previous.width !== width || previous.height !== height)) viewport.paneResized(d.width, d.height, previous, { width, height });
      return;
    }
    fit();
    const pending = pendingCentre.current;
    pendingCentre.current = null;
    if (pending) centreOn(pending.x, pending.y);
  }, [fit, centreOn, viewport]);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') setShowKeys(false);
      const action = qaKeyAction({ key: event.key, ctrlKey: event.ctrlKey, altKey: event.altKey, metaKey: event.metaKey, isTyping: isTypingTarget(event.target) });
      if (!action || action.kind === 'mark' || useNav.getState().view !== 'qa') return;
      event.preventDefault();
      if (action.kind === 'help') setShowKeys((shown) => !shown);
      else if (action.kind === 'fit') fit();
      else viewport.zoomAt(paneSize.current.width / 2, paneSize.current.height / 2, action.factor);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [fit, viewport]);

  const nextRegion = () => {
    const regions = data?.diff?.regions ?? [];
    if (regions.length === 0) return;
    const index = (regionIndex + 1) % regions.length;
    setRegionIndex(index);
    const r = regions[index];
    const { width, height } = paneSize.current;
    const spansShare = Math.min((width * DIFF_REGION_PANE_SHARE) / r.width, (height * DIFF_REGION_PANE_SHARE) / r.height);
    viewport.scale = Math.min(DIFF_REGION_MAX_SCALE, Math.max(viewport.scale, spansShare));
    viewport.centreOn(r.x + r.width / 2, r.y + r.height / 2, width, height);
  };

  if (!bundle || !data || !labels) {
    return <main className="viewer empty">{error ? <div className="error" role="alert">{error}</div> : loading ? 'Loading…' : 'Open a dataset and pick a frame'}</main>;
  }
  return (
    <main className="viewer" data-sidebar={sidebarHidden ? 'hidden' : 'shown'}>
      <div className="toolbar">
        <button aria-label={sidebarHidden ? 'Show the frame list' : 'Hide the frame list'} aria-pressed={!sidebarHidden} title="Frame list" onClick={toggleSidebar}>☰</button>
        <button aria-label="Previous frame" onClick={() => step(-1)} disabled={!bundle.neighbours.previous}>◀</button>
        <h1 data-testid="frame-title" title={bundle.annotationFile}>{bundle.title}</h1>
        <button aria-label="Next frame" onClick={() => step(1)}>▶</button>
        <ViewToggles />
        <button onClick={fit} aria-label="Fit to pane">Fit</button>
        <button onClick={nextRegion} disabled={!data.diff?.regions.length} aria-label="Next differing region">
          Next diff {data.diff?.regions.length ? `(${regionIndex + 1}/${data.diff.regions.length})` : ''}
        </button>
        <PillowPicker />
        <span className="switch-time" data-testid="frame-switch-ms" data-ms={lastSwitchMs ?? ''} title="From asking for this frame to its panes on screen">{switchTimeText(lastSwitchMs)}</span>
        {loading && <span className="loading">loading…</span>}
        <button aria-label={legendHidden ? 'Show the legend' : 'Hide the legend'} aria-pressed={!legendHidden} onClick={toggleLegend}>Legend</button>
        <button aria-label="Keyboard shortcuts" title="Keyboard shortcuts (?)" onClick={() => setShowKeys(!showKeys)}>?</button>
      </div>
      {showKeys && <KeyList onClose={() => setShowKeys(false)} />}
      {error && <div className="error" role="alert">{error}</div>}
      <QaPanes data={data} photo={photo} viewport={viewport} hover={hover} region={region} official={bundle.official} onPaneSize={onPaneSize} />
      <div className="readout" data-testid="pixel-readout" ref={(el) => hover.attachReadout(el)}>Hover a pane to inspect a pixel</div>
      <div className={`bottom${legendHidden ? ' legend-hidden' : ''}`}>
        <QaBar />
        {!legendHidden && <Legend />}
        <div className="frame-notes">
          <GenerationDiffs />
          <Problems onSelectObject={(x, y) => {
            centreOn(x, y);
            hover.pin(x, y);
          }} />
        </div>
      </div>
    </main>
  );
}

/**
 * The QA region outside React: a drag draws it on the panes directly, its end commits it to the store
 * (a press released without a drag just leaves drawing mode), and the store's region is shown otherwise.
 */
function useRegionController(): RegionController {
  const region = useMemo(() => new RegionController((drawn) => {
    const viewer = useViewer.getState();
    if (drawn) viewer.setPendingRegion(drawn);
    else viewer.setDrawingRegion(false);
  }), []);
  useEffect(() => {
    region.show(useViewer.getState().pendingRegion);
    return useViewer.subscribe((state, previous) => {
      if (state.pendingRegion !== previous.pendingRegion) region.show(state.pendingRegion);
    });
  }, [region]);
  return region;
}

/**
 * Serves a jump from another view (`useNav().focus`): opens the dataset if another is open, selects the
 * frame, and once it is loaded centres on the pixel and pins it as a hover, outlining its polygon.
 */
function useFrameFocus(centreOn: (x: number, y: number) => void, hover: HoverController): void {
  const focus = useNav((s) => s.focus);
  const dataset = useDataset((s) => s.dataset);
  const bundle = useViewer((s) => s.bundle);
  const data = useViewer((s) => s.data);

  useEffect(() => {
    if (!focus) return;
    const state = useDataset.getState();
    if (state.dataset && isSameFolder(state.dataset.root, focus.datasetRoot)) {
      if (state.selectedId !== focus.frameId) state.select(focus.frameId);
      return;
    }
    void state.openDataset(focus.datasetRoot).then(() => {
      const opened = useDataset.getState();
      if (opened.dataset && isSameFolder(opened.dataset.root, focus.datasetRoot)) opened.select(focus.frameId);
      else useNav.getState().focusHandled();
    });
  }, [focus]);

  useEffect(() => {
    if (!focus || !dataset || !bundle || !data || !isSameFolder(dataset.root, focus.datasetRoot)) return;
    if (bundle.datasetId !== dataset.id || bundle.frameId !== focus.frameId) return;
    centreOn(focus.x, focus.y);
    hover.pin(focus.x, focus.y);
    useNav.getState().focusHandled();
  }, [focus, dataset, bundle, data, centreOn, hover]);
}

/** The zoom that shows the whole polygon owning (x, y) with that pixel centred, between fitting the frame and FOCUS_ZOOM times that. */
function focusScale(data: FrameData, x: number, y: number, paneWidth: number, paneHeight: number): number {
  const fitted = Math.min(paneWidth / data.width, paneHeight / data.height);
  const inside = x >= 0 && y >= 0 && x < data.width && y < data.height;
  const owner = inside ? data.owner[y * data.width + x] : 0;
  if (owner === 0) return fitted * FOCUS_ZOOM;
  const polygon = data.drawn[owner - 1].polygon;
  let reachX = 1;
  let reachY = 1;
  for (let i = 0; i < polygon.length; i += 2) {
    reachX = Math.max(reachX, Math.abs(polygon[i] - x));
    reachY = Math.max(reachY, Math.abs(polygon[i + 1] - y));
  }
  const showsPolygon = Math.min((FOCUS_POLYGON_REACH * paneWidth) / reachX, (FOCUS_POLYGON_REACH * paneHeight) / reachY);
  return Math.min(fitted * FOCUS_ZOOM, Math.max(fitted, showsPolygon));
}

function isSameFolder(a: string, b: string): boolean {
  return a.replace(/[\\/]+$/, '') === b.replace(/[\\/]+$/, '');
}

function ViewToggles() {
  const showFill = useViewer((s) => s.showFill);
  const overlayOpacity = useViewer((s) => s.overlayOpacity);
  const toggleFill = useViewer((s) => s.toggleFill);
  const setOverlayOpacity = useViewer((s) => s.setOverlayOpacity);
  return (
    <>
      <label className="toggle" title="Fill the polygons on the photo"><input type="checkbox" aria-label="Fill polygons" checked={showFill} onChange={toggleFill} /> Fill</label>
      <label className="toggle" title="The generated mask over the photo">Overlay
        <input aria-label="Mask overlay opacity" type="range" min={0} max={1} step={OVERLAY_OPACITY_STEP} value={overlayOpacity} onChange={(e) => setOverlayOpacity(Number(e.target.value))} />
      </label>
    </>
  );
}

/** The dataset's Pillow release: the masks, training and export follow its polygon fill. */
function PillowPicker() {
  const pillow = useDataset((s) => s.dataset?.pillow ?? null);
  const setPillow = useDataset((s) => s.setPillow);
  if (pillow === null) return null;
  const listed = (PILLOW_RELEASES as readonly string[]).includes(pillow) ? PILLOW_RELEASES : [pillow, ...PILLOW_RELEASES];
  return (
    <label className="toggle" title={`Draws like Pillow ${GENERATION_RELEASES[pillowGeneration(pillow)]}`}>Pillow
      <select aria-label="Pillow release" value={pillow} onChange={(e) => void setPillow(e.target.value)}>
        {listed.map((release) => <option key={release} value={release}>{release}</option>)}
      </select>
    </label>
  );
}

/** Which Pillow generation reproduces the dataset's official mask: "0 px differ under Pillow 9.2–9.4, 13 px under 11.2–12.3". */
function GenerationDiffs() {
  const diffs = useViewer((s) => s.generationDiffs);
  if (!diffs) return null;
  const matching = diffs.filter((d) => d.count === 0).map((d) => d.releases);
  return (
    <div className="generation-diffs" data-testid="generation-diffs">
      Official mask: {describeGenerationDiffs(diffs)}
      {matching.length > 0 ? ` — made with Pillow ${matching.join(' or ')}` : ' — no Pillow generation reproduces it'}
    </div>
  );
}

function KeyList({ onClose }: { onClose: () => void }) {
  return (
    <div className="key-list" role="dialog" aria-label="Keyboard shortcuts">
      <table>
        <tbody>{QA_KEYS.map(({ keys, does }) => <tr key={keys}><th scope="row"><kbd>{keys}</kbd></th><td>{does}</td></tr>)}</tbody>
      </table>
      <button onClick={onClose}>Close</button>
    </div>
  );
}

function QaBar() {
  const bundle = useViewer((s) => s.bundle)!;
  const mark = useViewer((s) => s.mark);
  const drawingRegion = useViewer((s) => s.drawingRegion);
  const region = useViewer((s) => s.pendingRegion);
  const setDrawingRegion = useViewer((s) => s.setDrawingRegion);
  const setPendingRegion = useViewer((s) => s.setPendingRegion);
  const dataset = useDataset((s) => s.dataset);
  const markAndAdvance = useViewer((s) => s.markAndAdvance);
  const advanceAfterMark = useViewer((s) => s.advanceAfterMark);
  const setAdvanceAfterMark = useViewer((s) => s.setAdvanceAfterMark);
  const [note, setNote] = useState(bundle.qa?.note ?? '');
  useEffect(() => setNote(bundle.qa?.note ?? ''), [bundle.frameId, bundle.qa?.note]);
  const noteNow = useRef(note);
  noteNow.current = note;

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const action = qaKeyAction({ key: event.key, ctrlKey: event.ctrlKey, altKey: event.altKey, metaKey: event.metaKey, isTyping: isTypingTarget(event.target) });
      if (action?.kind !== 'mark' || useNav.getState().view !== 'qa' || event.repeat) return;
      event.preventDefault();
      void markAndAdvance(action.status, noteNow.current);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [markAndAdvance]);

  const download = async (format: 'csv' | 'json') => {
    if (!dataset) return;
    const report = await api.call('qa.report', { datasetId: dataset.id, format });
    const link = document.createElement('a');
    link.href = URL.createObjectURL(new Blob([report.content], { type: format === 'csv' ? 'text/csv' : 'application/json' }));
    link.download = report.fileName;
    link.click();
    URL.revokeObjectURL(link.href);
  };

  return (
    <section className="qa-bar" aria-label="QA">
      <div className="qa-status" data-testid="qa-status" data-status={bundle.qa?.status ?? ''}>
        {bundle.qa ? `Marked ${bundle.qa.status}${bundle.qa.region ? ' (region)' : ''}` : 'Not marked'}
      </div>
      <textarea aria-label="QA note" placeholder="Note" value={note} onChange={(e) => setNote(e.target.value)} rows={2} />
      <div className="qa-buttons">
        {STATUS_BUTTONS.map(({ status, label }, i) => (
          <button key={status} data-testid={`qa-${status}`} className={`status-${status}${bundle.qa?.status === status ? ' active' : ''}`}
            title={`Key ${i + 1}`} onClick={() => void mark(status, note)}>{label}</button>
        ))}
      </div>
      <div className="qa-buttons">
        {/* Both always present and the first of fixed width, so drawing a region never reflows the layout. */}
        <button className="draw-region" aria-pressed={drawingRegion} onClick={() => setDrawingRegion(!drawingRegion)}>{drawingRegion ? 'Drag on a pane…' : 'Draw region'}</button>
        <button onClick={() => setPendingRegion(null)} disabled={!region}>Clear region</button>
      </div>
      <div className="qa-buttons">
        <button aria-label="Export QA report CSV" onClick={() => void download('csv')}>Report CSV</button>
        <button aria-label="Export QA report JSON" onClick={() => void download('json')}>Report JSON</button>
        <label className="toggle" title="After marking with 1, 2 or 3, go to the next frame">
          <input type="checkbox" checked={advanceAfterMark} onChange={(e) => setAdvanceAfterMark(e.target.checked)} /> Next after key
        </label>
      </div>
    </section>
  );
}

function Legend() {
  const data = useViewer((s) => s.data)!;
  const hiddenLabels = useViewer((s) => s.hiddenLabels);
  const toggleLabel = useViewer((s) => s.toggleLabel);
  const soloLabel = useViewer((s) => s.soloLabel);
  const invertLabels = useViewer((s) => s.invertLabels);
  const labels = useDataset((s) => s.labels)!;
  const total = data.width * data.height;
  const present = labels.spec.labels.filter((l) => l.id >= 0 && data.pixelsPerLabel[l.id] > 0);
  const presentIds = present.map((l) => l.id);
  return (
    <section className="legend" aria-label="Legend">
      <button className="legend-invert" onClick={() => invertLabels(presentIds)} title="Hide the shown classes and show the hidden ones">Invert</button>
      {present.map((label) => (
        <div key={label.id} className="legend-item" data-label={label.name}>
          <label>
            <input type="checkbox" aria-label={`Show ${label.name}`} checked={!hiddenLabels.has(label.id)} onChange={() => toggleLabel(label.id)} />
            <span className="swatch" style={{ background: `rgb(${label.color.join(',')})` }} />
            {label.name}
            <span className="share">{((100 * data.pixelsPerLabel[label.id]) / total).toFixed(1)}%</span>
          </label>
          <button className="legend-solo" aria-label={`Solo ${label.name}`} title={`Show only ${label.name} (again: show all)`} onClick={() => soloLabel(label.id, presentIds)}>solo</button>
        </div>
      ))}
    </section>
  );
}

/** The frame's annotation problems, one per line; a problem about an object selects it and centres the panes on it. */
function Problems({ onSelectObject }: { onSelectObject: (x: number, y: number) => void }) {
  const bundle = useViewer((s) => s.bundle)!;
  const data = useViewer((s) => s.data)!;
  const problems = [
    ...bundle.problems.map((problem) => ({ text: formatProblem(problem).replace(`${bundle.annotationFile}: `, ''), at: problem.objectIndex === undefined ? null : objectPixel(data, problem.objectIndex) })),
    ...(data.officialSizeMismatch ? [{ text: data.officialSizeMismatch, at: null }] : []),
  ];
  if (problems.length === 0) return null;
  return (
    <section className="problems-list" aria-label="Annotation problems">
      <ul>
        {problems.map(({ text, at }, i) => (
          <li key={i}>{at ? <button className="problem-link" onClick={() => onSelectObject(at.x, at.y)} title="Select this object and centre on it">{text}</button> : text}</li>
        ))}
      </ul>
    </section>
  );
}
