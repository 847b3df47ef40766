import { create } from 'zustand';
import type { FrameBundle, QaMark, QaStatus, Region } from '../../src-shared/api';
import { api } from '../api';
import { decodeImagePixels, firstChannel } from '../canvas/decode';
import type { LabelIndex } from '../../src-shared/labels';
import { pillowGeneration, type PillowGeneration } from '../../src-shared/raster';
import { FrameCache } from '../canvas/frame-cache';
import { invertLabels, soloLabel } from '../canvas/label-visibility';
import { frameImages } from '../canvas/rgba-canvas';
import { compareWithOfficial, rasterizeFrame, type FrameData, type OfficialMask } from '../canvas/frame-data';
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
  /** Label ids hidden everywhere: outlines and fill, the mask overlay, the generated and official panes. */
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
  /** Shows only `labelId` of the labels `present` in the frame (again: shows them all). */
  soloLabel(labelId: number, present: readonly number[]): void;
  invertLabels(present: readonly number[]): void;
  setDrawingRegion(on: boolean): void;
  setPendingRegion(region: Region | null): void;
  mark(status: QaStatus, note: string): Promise<QaMark | null>;
  /** Layout: the frame list and the legend can be folded away to give the panes room. */
  sidebarHidden: boolean;
  legendHidden: boolean;
  toggleSidebar(): void;
  toggleLegend(): void;
  /** Whether marking a frame with a key (1, 2, 3) moves on to the next frame; kept in this browser. */
  advanceAfterMark: boolean;
  setAdvanceAfterMark(on: boolean): void;
  /** Marks the frame, then steps to the next one if `advanceAfterMark` is on and the mark was saved. */
  markAndAdvance(status: QaStatus, note: string): Promise<QaMark | null>;
}

const ADVANCE_AFTER_MARK_KEY = 'segstudio.qa.advanceAfterMark';

function storedAdvanceAfterMark(): boolean {
  return typeof localStorage === 'undefined' || localStorage.getItem(ADVANCE_AFTER_MARK_KEY) !== 'false';
}

let loadSeq = 0;

/** A frame ready to show: its bundle, photo, rasterized and compared masks, and the panes' canvases. */
interface PreparedFrame {
  readonly bundle: FrameBundle;
  readonly data: FrameData;
  readonly photo: ImageBitmap | null;
  /** Images that could not be decoded, each naming its file. */
  readonly problems: readonly string[];
}

/** The open frame, the next and the previous, plus one being left behind. */
const PREPARED_FRAMES = 4;
const preparedFrames = new FrameCache<PreparedFrame>(PREPARED_FRAMES, (frame) => frame.photo?.close());
/** What the prepared frames were drawn with: another label spec or Pillow fill makes them stale. */
let preparedWith: { labels: LabelIndex | null; generation: PillowGeneration } | null = null;

function preparedKey(datasetId: number, frameId: string): string {
  return `${datasetId}\n${frameId}`;
}

/** Fetches, decodes and rasterizes a frame once, whether it is asked for to be shown or prefetched. */
function prepareFrame(datasetId: number, frameId: string): Promise<PreparedFrame> {
  const { labels, dataset } = useDataset.getState();
  const generation = pillowGeneration(dataset?.pillow ?? '9.4');
  if (!preparedWith || preparedWith.labels !== labels || preparedWith.generation !== generation) {
    preparedFrames.clear();
    preparedWith = { labels, generation };
  }
  return preparedFrames.get(preparedKey(datasetId, frameId), async () => {
    // All three requests go out together; the photo and official mask may legitimately be missing.
    const photoRequest = api.binary('photo', { datasetId, frameId }).then((p) => decoded(createImageBitmap(new Blob([p.bytes], { type: p.mime })), p.mime), () => NOT_FOUND);
    const officialRequest = api.binary('official', { datasetId, frameId }).then((p) => decoded(decodeImagePixels(p.bytes, p.mime), p.mime), () => NOT_FOUND);
    const bundle = await api.call('frames.bundle', { datasetId, frameId }).catch(async (error: unknown) => {
      void photoRequest.then(({ value }) => value?.close());
      throw error;
    });
    // Rasterized while the images are still arriving and decoding (off this thread).
    const rasterized = rasterizeFrame(bundle.annotationText, bundle.annotationFile, labels!, generation);
    const [{ value: photo, failure: photoFailure }, { value: official, failure: officialFailure }] = await Promise.all([photoRequest, officialRequest]);
    if (!rasterized) {
      photo?.close();
      throw new Error(`${bundle.annotationFile}: the annotation cannot be read (${bundle.problems[0]?.message ?? 'unknown problem'})`);
    }
    // An image that cannot be decoded leaves its pane empty; the frame is still shown, with the file named.
    const problems = [
      ...(photoFailure ? [`${bundle.title}_leftImg8bit${photoFailure.extension}: the photo cannot be decoded (${photoFailure.message})`] : []),
      ...(officialFailure && bundle.official ? [`${officialMaskFile(bundle.annotationFile, bundle.official)}: the official mask cannot be decoded (${officialFailure.message})`] : []),
    ];
    const officialMask: OfficialMask | null = official && bundle.official
      ? { kind: bundle.official, width: official.width, height: official.height, pixels: bundle.official === 'color' ? new Uint8Array(official.rgba.buffer) : firstChannel(official.rgba) }
      : null;
    const data = compareWithOfficial(rasterized, labels!, officialMask);
    frameImages(data);
    return { bundle, data, photo, problems };
  });
}

interface Decoded<T> {
  readonly value: T | null;
  readonly failure: { readonly message: string; readonly extension: string } | null;
}

const NOT_FOUND: Decoded<never> = { value: null, failure: null };

function decoded<T>(decoding: Promise<T>, mime: string): Promise<Decoded<T>> {
  return decoding.then((value) => ({ value, failure: null }), (error: Error) => ({ value: null, failure: { message: error.message, extension: mime === 'image/jpeg' ? '.jpg' : '.png' } }));
}

/** The stored mask beside the polygons file: `…_gtFine_polygons.json` → `…_gtFine_color.png`. */
export function officialMaskFile(annotationFile: string, kind: 'color' | 'labelIds'): string {
  return annotationFile.replace(/_polygons\.json$/, `_${kind}.png`);
}

/** Once a frame is on screen, prepares the next and the previous in the list, one after the other. */
function prefetchNeighbours(): void {
  const { dataset, frames, selectedId } = useDataset.getState();
  const index = frames.findIndex((f) => f?.id === selectedId);
  if (!dataset || index < 0) return;
  const neighbours = [frames[index + 1]?.id, frames[index - 1]?.id].filter((id): id is string => id !== undefined);
  setTimeout(() => {
    void neighbours.reduce<Promise<unknown>>((previous, id) => previous.then(() => prepareFrame(dataset.id, id)).catch(() => undefined), Promise.resolve());
  }, 0);
}

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
      const key = preparedKey(datasetId, frameId);
      let prepared = prepareFrame(datasetId, frameId);
      let frame = await prepared;
      // Prefetches may have pushed it out (and closed its photo) while it loaded: prepare it again.
      while (seq === loadSeq && preparedFrames.peek(key) !== prepared) frame = await (prepared = prepareFrame(datasetId, frameId));
      if (seq !== loadSeq) return;
      const { bundle, data, photo, problems } = frame;
      preparedFrames.show(key);
      set({ bundle, data, photo, loading: false, error: problems.length ? problems.join('\n') : null, pendingRegion: bundle.qa?.region ?? null, generationDiffs: null });
    } catch (error) {
      if (seq === loadSeq) set({ loading: false, error: (error as Error).message });
    }
  },

  framePainted() {
    const started = get().switchStartedAt;
    if (started !== null) set({ lastSwitchMs: performance.now() - started, switchStartedAt: null });
    prefetchNeighbours();
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
  soloLabel: (labelId, present) => set({ hiddenLabels: soloLabel(present, get().hiddenLabels, labelId) }),
  invertLabels: (present) => set({ hiddenLabels: invertLabels(present, get().hiddenLabels) }),
  setDrawingRegion: (on) => set({ drawingRegion: on }),
  setPendingRegion: (region) => set({ pendingRegion: region, drawingRegion: false }),

  sidebarHidden: false,
  legendHidden: false,
  toggleSidebar: () => set({ sidebarHidden: !get().sidebarHidden }),
  toggleLegend: () => set({ legendHidden: !get().legendHidden }),
  advanceAfterMark: storedAdvanceAfterMark(),
  setAdvanceAfterMark(on) {
    if (typeof localStorage !== 'undefined') localStorage.setItem(ADVANCE_AFTER_MARK_KEY, String(on));
    set({ advanceAfterMark: on });
  },

  async markAndAdvance(status, note) {
    const marked = await get().mark(status, note);
    if (marked && get().advanceAfterMark) useDataset.getState().step(1);
    return marked;
  },

  async mark(status, note) {
    const { bundle, pendingRegion } = get();
    if (!bundle) return null;
    try {
      const qa = await api.call('qa.mark', { datasetId: bundle.datasetId, frameId: bundle.frameId, status, note, region: pendingRegion });
      set({ bundle: { ...bundle, qa }, error: null });
      preparedFrames.update(preparedKey(bundle.datasetId, bundle.frameId), (frame) => ({ ...frame, bundle: { ...frame.bundle, qa } }));
      useDataset.getState().setStatus(bundle.frameId, status);
      return qa;
    } catch (error) {
      set({ error: (error as Error).message });
      return null;
    }
  },
}));

// Another dataset: nothing of the old one's frame stays in the panes while the new one's first frame loads.
useDataset.subscribe((state, previous) => {
  const datasetId = state.dataset?.id;
  if (datasetId === previous.dataset?.id) return;
  const { bundle } = useViewer.getState();
  if (!bundle || bundle.datasetId === datasetId) return;
  loadSeq++;
  useViewer.setState({ bundle: null, data: null, photo: null, generationDiffs: null, loading: false, error: null, pendingRegion: null, drawingRegion: false, switchStartedAt: null });
});
