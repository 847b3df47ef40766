import type Konva from 'konva';
import type { LabelIndex } from '../../src-shared/labels';
import { pixelInfo, type FrameData, type PixelInfo } from './frame-data';

/**
 * Hover state kept outside React: a mouse move reads the label buffers, writes the readout's text and
 * moves one highlight line per pane. Nothing re-renders.
 */
export class HoverController {
  private data: FrameData | null = null;
  private labels: LabelIndex | null = null;
  private readout: HTMLElement | null = null;
  private readonly highlights = new Set<Konva.Line>();
  private highlighted: number | null = null;
  /** A pinned pixel (a jump from another view) stays shown until the pointer moves over a pane. */
  private pinned = false;
  last: PixelInfo | null = null;

  setFrame(data: FrameData | null, labels: LabelIndex | null): void {
    this.data = data;
    this.labels = labels;
    this.highlighted = null;
    this.last = null;
    this.unpin();
    this.applyHighlight(null);
    this.writeReadout(null);
  }

  attachReadout(element: HTMLElement | null): void {
    this.readout = element;
  }

  addHighlight(line: Konva.Line): () => void {
    this.highlights.add(line);
    // A stage made after the highlight was set (a pane shown again) draws it at once.
    this.drawHighlight(line, this.highlightedObject());
    return () => this.highlights.delete(line);
  }

  /** Shows the pixel as a hover would, and keeps it when the pointer leaves a pane. */
  pin(x: number, y: number): void {
    this.hover(x, y);
    this.pinned = true;
    if (this.readout) this.readout.dataset.pinned = 'true';
  }

  /** Called on every pointer move over a pane with the image pixel under the pointer. */
  hover(x: number, y: number): void {
    this.unpin();
    if (!this.data || !this.labels) return;
    const info = pixelInfo(this.data, this.labels, x, y);
    this.last = info;
    this.writeReadout(info);
    const drawn = info?.drawnIndex ?? null;
    if (drawn !== this.highlighted) {
      this.highlighted = drawn;
      this.applyHighlight(drawn);
    }
  }

  leave(): void {
    if (this.pinned) return;
    this.last = null;
    this.writeReadout(null);
    if (this.highlighted !== null) {
      this.highlighted = null;
      this.applyHighlight(null);
    }
  }

  private unpin(): void {
    if (!this.pinned) return;
    this.pinned = false;
    if (this.readout) delete this.readout.dataset.pinned;
  }

  private highlightedObject() {
    return this.highlighted === null || !this.data ? null : this.data.drawn[this.highlighted];
  }

  private applyHighlight(drawnIndex: number | null): void {
    const object = drawnIndex === null || !this.data ? null : this.data.drawn[drawnIndex];
    for (const line of this.highlights) this.drawHighlight(line, object);
  }

  private drawHighlight(line: Konva.Line, object: { readonly polygon: readonly number[] } | null): void {
    line.points(object ? [...object.polygon] : []);
    line.visible(object !== null);
    line.getLayer()?.batchDraw();
  }

  private writeReadout(info: PixelInfo | null): void {
    const el = this.readout;
    if (!el) return;
    if (!info) {
      el.textContent = 'Hover a pane to inspect a pixel';
      for (const key of ['x', 'y', 'labelId', 'trainId', 'instanceId', 'objectIndex']) delete el.dataset[key];
      return;
    }
    const label = info.label ? `${info.label.name} (id ${info.labelId}, trainId ${info.trainId})` : `id ${info.labelId}`;
    const object = info.objectIndex === null ? 'background' : `object #${info.objectIndex}`;
    const official = info.official === null ? '' : ` · official: ${info.official}${info.differs ? ' ≠' : ''}`;
    el.textContent = `x ${info.x}, y ${info.y} · ${label} · instance ${info.instanceId} · ${object}${official}`;
    Object.assign(el.dataset, {
      x: String(info.x), y: String(info.y), labelId: String(info.labelId), trainId: String(info.trainId),
      instanceId: String(info.instanceId), objectIndex: info.objectIndex === null ? '' : String(info.objectIndex),
    });
  }
}
