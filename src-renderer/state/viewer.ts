import { create } from 'zustand';
import type { FrameBundle, QaMark, QaStatus, Region } from '../../src-shared/api';
import { api } from '../api';
import { decodeImagePixels, firstChannel } from '../canvas/decode';
import { pillowGeneration } from '../../src-shared/raster';
import { buildFrameData, type FrameData, type OfficialMask } from '../canvas/frame-data';
import { diffByGeneration, type GenerationDiff } from '../canvas/generation-diffs';
import { useDataset } from './dataset';

interface ViewerState {
  bundle: FrameBundle | null;
  data: FrameData | null;
  /** The official mask against each Pillow generation's fill; computed after the frame is shown. */
  generationDiffs: GenerationDiff[] | null;
  photo: ImageBitmap | null;
  loading: boolean;
  error: string | null;
  showFill: boolean;
  overlayOpacity: number;
  /** Label ids whose polygons are hidden on the photo pane. */
  hiddenLabels: ReadonlySet<number>;
  /** Milliseconds from asking for a frame to the first paint of its panes. */
  lastSwitchMs: number | null;
  switchStartedAt: number | null;
  drawingRegion: boolean;
  pendingRegion: Region | null;
  loadFrame(datasetId: number, frameId: string): Promise<void>;
  /** Called by the viewer once the panes of a newly loaded frame have been painted. */
  framePainted(): void;
  toggleFill(): void;
  setOverlayOpacity(value: number): void;
  toggleLabel(labelId: number): void;
  setDrawingRegion(on: boolean): void;
  setPendingRegion(region: Region | null): void;
  mark(status: QaStatus, note: string): Promise<QaMark | null>;
}

let loadSeq = 0;

/** The mask overlay starts hidden: the photo pane shows the photo and the polygon outlines. */
const INITIAL_OVERLAY_OPACITY = 0;

export const useViewer = create<ViewerState>()((set, get) => ({
  bundle: null,
  data: null,
  generationDiffs: null,
  photo: null,
  loading: false,
  error: null,
  showFill: false,
  overlayOpacity: INITIAL_OVERLAY_OPACITY,
  hiddenLabels: new Set(),
  lastSwitchMs: null,
  switchStartedAt: null,
  drawingRegion: false,
  pendingRegion: null,

  async loadFrame(datasetId, frameId) {
    const seq = ++loadSeq;
    set({ loading: true, error: null, switchStartedAt: performance.now() });
    try {
      // All three requests go out together; the photo and official mask may legitimately be missing.
      const [bundle, photo, official] = await Promise.all([
        api.call('frames.bundle', { datasetId, frameId }),
        api.binary('photo', { datasetId, frameId }).then((p) => createImageBitmap(new Blob([p.bytes], { type: p.mime })), () => null),
        api.binary('official', { datasetId, frameId }).then((p) => decodeImagePixels(p.bytes, p.mime), () => null),
      ]);
      const { labels, dataset } = useDataset.getState();
      const generation = pillowGeneration(dataset?.pillow ?? '9.4');
      const officialMask: OfficialMask | null = official && bundle.official
        ? { kind: bundle.official, width: official.width, height: official.height, pixels: bundle.official === 'color' ? new Uint8Array(official.rgba.buffer) : firstChannel(official.rgba) }
        : null;
      const data = buildFrameData(bundle.annotationText, bundle.annotationFile, labels!, officialMask, generation);
      if (seq !== loadSeq) {
        photo?.close();
        return;
      }
      get().photo?.close();
      set({ bundle, data, photo, loading: false, pendingRegion: bundle.qa?.region ?? null, generationDiffs: null });
    } catch (error) {
      if (seq === loadSeq) set({ loading: false, error: (error as Error).message });
    }
  },

  framePainted() {
    const started = get().switchStartedAt;
    if (started !== null) set({ lastSwitchMs: performance.now() - started, switchStartedAt: null });
    // Four more rasterizations: only once the panes are on screen, so the frame switch never waits for them.
    const { bundle, data } = get();
    const labels = useDataset.getState().labels;
    if (!bundle || !data?.official || !labels || get().generationDiffs !== null) return;
    setTimeout(() => {
      if (get().data === data) set({ generationDiffs: diffByGeneration(bundle.annotationText, bundle.annotationFile, labels, data.official) });
    }, 0);
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
