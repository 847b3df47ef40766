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
  focus: FrameFocus | null;
  show(view: ViewName): void;
  /** Switches to the QA viewer at `focus`. */
  showInViewer(focus: FrameFocus): void;
  focusHandled(): void;
}

export const useNav = create<NavState>()((set) => ({
  view: 'qa',
  focus: null,
  show: (view) => set({ view }),
  showInViewer: (focus) => set({ view: 'qa', focus }),
  focusHandled: () => set({ focus: null }),
}));
