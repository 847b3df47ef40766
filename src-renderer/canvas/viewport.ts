import type Konva from 'konva';

/** The zoom range, in screen pixels per image pixel: from a 20th (a whole huge frame) to 64 (single pixels as blocks). */
const MIN_SCALE = 0.05;
const MAX_SCALE = 64;
/** Zoom per wheel pixel: exp(-deltaY · rate), so a 100-pixel notch zooms by about 1.16×. */
const WHEEL_ZOOM_RATE = 0.0015;

/**
 * The one pan/zoom state all QA panes share. Panes subscribe and apply it to their Konva stage
 * directly, so a wheel tick or a drag redraws the stages without any React render.
 */
export class SharedViewport {
  scale = 1;
  x = 0;
  y = 0;
  /** True while the view is as `fit` left it; a pan, zoom or centring clears it. */
  isFitted = false;
  private readonly listeners = new Set<() => void>();

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Fits an image of `width` x `height` into a pane of `paneWidth` x `paneHeight`, centred. */
  fit(width: number, height: number, paneWidth: number, paneHeight: number): void {
    this.scale = Math.min(paneWidth / width, paneHeight / height);
    this.x = (paneWidth - width * this.scale) / 2;
    this.y = (paneHeight - height * this.scale) / 2;
    this.isFitted = true;
    this.emit();
  }

  /**
   * Follows a pane resize: a fitted image is fitted again; otherwise the image point at the pane's
   * centre stays there, at the same zoom.
   */
  paneResized(width: number, height: number, from: { width: number; height: number }, to: { width: number; height: number }): void {
    if (this.isFitted) {
      this.fit(width, height, to.width, to.height);
      return;
    }
    this.x += (to.width - from.width) / 2;
    this.y += (to.height - from.height) / 2;
    this.emit();
  }

  /** Zooms by `factor` keeping the image point under (px, py) in place. */
  zoomAt(px: number, py: number, factor: number): void {
    const scale = Math.min(MAX_SCALE, Math.max(MIN_SCALE, this.scale * factor));
    const ix = (px - this.x) / this.scale;
    const iy = (py - this.y) / this.scale;
    this.scale = scale;
    this.x = px - ix * scale;
    this.y = py - iy * scale;
    this.isFitted = false;
    this.emit();
  }

  panBy(dx: number, dy: number): void {
    this.x += dx;
    this.y += dy;
    this.isFitted = false;
    this.emit();
  }

  /** Centres image point (ix, iy) in a pane of the given size at the current zoom. */
  centreOn(ix: number, iy: number, paneWidth: number, paneHeight: number, minScale = 0): void {
    this.scale = Math.max(this.scale, minScale);
    this.x = paneWidth / 2 - ix * this.scale;
    this.y = paneHeight / 2 - iy * this.scale;
    this.isFitted = false;
    this.emit();
  }

  /** The image pixel under pane point (px, py). */
  toImage(px: number, py: number): { x: number; y: number } {
    return { x: Math.floor((px - this.x) / this.scale), y: Math.floor((py - this.y) / this.scale) };
  }

  private emit(): void {
    for (const listener of this.listeners) listener();
  }
}

/** Keeps a Konva stage on the viewport's scale and position: now, and on every change. Returns the unsubscribe. */
export function followViewport(viewport: SharedViewport, stage: () => Konva.Stage | null): () => void {
  const apply = () => {
    const s = stage();
    if (!s) return;
    s.scale({ x: viewport.scale, y: viewport.scale });
    s.position({ x: viewport.x, y: viewport.y });
    s.batchDraw();
  };
  apply();
  return viewport.subscribe(apply);
}

/** The pointer's position in the element's own pixels. */
export function pointerIn(element: HTMLElement, event: MouseEvent): { x: number; y: number } {
  const rect = element.getBoundingClientRect();
  return { x: event.clientX - rect.left, y: event.clientY - rect.top };
}

/** A wheel listener that zooms the viewport about the pointer (add it with `passive: false`). */
export function zoomOnWheel(element: HTMLElement, viewport: SharedViewport): (event: WheelEvent) => void {
  return (event) => {
    event.preventDefault();
    const p = pointerIn(element, event);
    viewport.zoomAt(p.x, p.y, Math.exp(-event.deltaY * WHEEL_ZOOM_RATE));
  };
}
