import type Konva from 'konva';
import type { Region } from '../../src-shared/api';

export interface ImagePoint {
  readonly x: number;
  readonly y: number;
}

/** What RegionController sets on each pane's outline: a Konva.Rect, or a stand-in in tests. */
export type RegionOutline = Pick<Konva.Rect, 'setAttrs' | 'getLayer'>;

/** The pixels from `a` to `b` inclusive, whichever way the drag went. */
export function regionBetween(a: ImagePoint, b: ImagePoint): Region {
  return { x: Math.min(a.x, b.x), y: Math.min(a.y, b.y), width: Math.abs(b.x - a.x) + 1, height: Math.abs(b.y - a.y) + 1 };
}

/**
 * The QA region, kept outside React as HoverController keeps the hover: a drag moves one outline per
 * pane directly, and only its end reaches the store (through `onEnd`), so drawing re-renders nothing.
 * Panes show the region being dragged, else the committed one (the store's, given through `show`).
 */
export class RegionController {
  private committed: Region | null = null;
  private anchor: ImagePoint | null = null;
  private dragged: Region | null = null;
  private size: { width: number; height: number } | null = null;
  private readonly outlines = new Set<RegionOutline>();

  /** `onEnd` gets the region a drag drew, or null when the press was released without a drag. */
  constructor(private readonly onEnd: (region: Region | null) => void) {}

  get isDragging(): boolean {
    return this.anchor !== null;
  }

  /** The region the panes show now. */
  get shown(): Region | null {
    return this.dragged ?? this.committed;
  }

  addOutline(outline: RegionOutline): () => void {
    this.outlines.add(outline);
    this.drawOutline(outline);
    return () => this.outlines.delete(outline);
  }

  /** The frame's size: a drag is kept inside the image. Null (no frame) stops a drag in progress. */
  setImageSize(size: { width: number; height: number } | null): void {
    this.size = size;
    this.cancel();
  }

  /** Shows the committed region (the store's) whenever no drag is in progress. */
  show(region: Region | null): void {
    this.committed = region;
    if (!this.isDragging) this.draw();
  }

  /** A press at an image pixel starts a region there. */
  begin(point: ImagePoint): void {
    this.anchor = this.clamp(point);
    this.dragged = null;
  }

  /** The pointer moved to an image pixel while pressed. */
  drag(point: ImagePoint): void {
    if (!this.anchor) return;
    this.dragged = regionBetween(this.anchor, this.clamp(point));
    this.draw();
  }

  /** The press was released: the dragged region becomes the committed one and is handed to `onEnd`. */
  end(): void {
    if (!this.anchor) return;
    const region = this.dragged;
    this.anchor = null;
    this.dragged = null;
    if (region) this.committed = region;
    this.draw();
    this.onEnd(region);
  }

  /** Drops a drag in progress without committing it. */
  cancel(): void {
    if (!this.anchor) return;
    this.anchor = null;
    this.dragged = null;
    this.draw();
  }

  private clamp({ x, y }: ImagePoint): ImagePoint {
    if (!this.size || this.size.width === 0 || this.size.height === 0) return { x, y };
    return { x: Math.min(Math.max(x, 0), this.size.width - 1), y: Math.min(Math.max(y, 0), this.size.height - 1) };
  }

  private draw(): void {
    for (const outline of this.outlines) this.drawOutline(outline);
  }

  private drawOutline(outline: RegionOutline): void {
    const region = this.shown;
    outline.setAttrs(region ? { ...region, visible: true } : { visible: false });
    outline.getLayer()?.batchDraw();
  }
}
