import { create } from 'zustand';
import type { FrameBundle, QaMark, QaStatus, Region } from '../../src-shared/api';
import { api } from '../api';
import { buildFrameData, type FrameData, type OfficialMask } from '../canvas/frame-data';
import { useDataset } from './dataset';

interface ViewerState {
  bundle: FrameBundle | null;
  data: FrameData | null;
  photo: ImageBitmap | null;
  loading: boolean;
  error: string | null;
  showFill: boolean;
  overlayOpacity: number;
  /** Label ids whose polygons are hidden on the photo pane. */
  hiddenLabels: ReadonlySet<number>;
  /** Milliseconds from asking for a frame to having its panes' data ready. */
  lastSwitchMs: number | null;
  drawingRegion: boolean;
  pendingRegion: Region | null;
  loadFrame(datasetId: number, frameId: string): Promise<void>;
  toggleFill(): void;
  setOverlayOpacity(value: number): void;
  toggleLabel(labelId: number): void;
  setDrawingRegion(on: boolean): void;
  setPendingRegion(region: Region | null): void;
  mark(status: QaStatus, note: string): Promise<QaMark | null>;
}

let loadSeq = 0;

export const useViewer = create<ViewerState>()((set, get) => ({
  bundle: null,
  data: null,
  photo: null,
  loading: false,
  error: null,
  showFill: false,
  overlayOpacity: 0,
  hiddenLabels: new Set(),
  lastSwitchMs: null,
  drawingRegion: false,
  pendingRegion: null,

  async loadFrame(datasetId, frameId) {
    const seq = ++loadSeq;
    const started = performance.now();
    set({ loading: true, error: null });
    try {
      const bundle = await api.call('frames.bundle', { datasetId, frameId });
      const [photo, official] = await Promise.all([
        bundle.hasPhoto ? api.binary('photo', { datasetId, frameId }).then((p) => createImageBitmap(new Blob([p.bytes], { type: p.mime }))) : null,
        bundle.official ? api.binary('official', { datasetId, frameId }) : null,
      ]);
      const labels = useDataset.getState().labels!;
      const officialMask: OfficialMask | null = official && bundle.official
        ? { kind: bundle.official, width: official.width!, height: official.height!, pixels: new Uint8Array(official.bytes) }
        : null;
      const data = buildFrameData(bundle.annotationText, bundle.annotationFile, labels, officialMask);
      if (seq !== loadSeq) return;
      get().photo?.close();
      set({ bundle, data, photo, loading: false, pendingRegion: bundle.qa?.region ?? null, lastSwitchMs: performance.now() - started });
    } catch (error) {
      if (seq === loadSeq) set({ loading: false, error: (error as Error).message });
    }
  },

  toggleFill: () => set({ showFill: !get().showFill }),
  setOverlayOpacity: (value) => set({ overlayOpacity: value }),
  toggleLabel(labelId) {
    const hidden = new Set(get().hiddenLabels);
    if (hidden.has(labelId)) hidden.delete(labelId);
    else hidden.add(labelId);
    set({ hiddenLabels: hidden });
  },
  setDrawingRegion: (on) => set({ drawingRegion: on }),
  setPendingRegion: (region) => set({ pendingRegion: region, drawingRegion: false }),

  async mark(status, note) {
    const { bundle, pendingRegion } = get();
    if (!bundle) return null;
    try {
      const qa = await api.call('qa.mark', { datasetId: bundle.datasetId, frameId: bundle.frameId, status, note, region: pendingRegion });
      set({ bundle: { ...bundle, qa }, error: null });
      useDataset.getState().setStatus(bundle.frameId, status);
      return qa;
    } catch (error) {
      set({ error: (error as Error).message });
      return null;
    }
  },
}));
