import { create } from 'zustand';

export const VIEWS = ['qa', 'train', 'runs', 'infer', 'export'] as const;
export type ViewName = (typeof VIEWS)[number];

/** A place in a frame the QA viewer should show, with the polygon that owns the pixel outlined. */
export interface FrameFocus {
  readonly datasetRoot: string;
  readonly frameId: string;
  /** Image pixel coordinates at the frame's own size. */
  readonly x: number;
  readonly y: number;
}

interface NavState {
  view: ViewName;
  /** The run the Train view watches, or whose page the Runs view shows; null for the view's default. */
  run: number | null;
  focus: FrameFocus | null;
  /** The pixel a jump from another view landed on, marked in the QA panes while its frame is shown. */
  marker: FrameFocus | null;
  show(view: ViewName): void;
  showRun(view: 'train' | 'runs', runId: number | null): void;
  /** Switches to the QA viewer at `focus`. */
  showInViewer(focus: FrameFocus): void;
  focusHandled(): void;
  clearMarker(): void;
}

export const useNav = create<NavState>()((set) => ({
  view: 'qa',
  run: null,
  focus: null,
  marker: null,
  show: (view) => set({ view, run: null }),
  showRun: (view, run) => set({ view, run }),
  showInViewer: (focus) => set({ view: 'qa', run: null, focus, marker: focus }),
  focusHandled: () => set({ focus: null }),
  clearMarker: () => set({ marker: null }),
}));
