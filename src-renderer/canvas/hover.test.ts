import type Konva from 'konva';
import { describe, expect, it } from 'vitest';
import { CITYSCAPES, buildLabelIndex } from '../../src-shared/labels';
import { buildFrameData } from './frame-data';
import { HoverController } from './hover';

const labels = buildLabelIndex(CITYSCAPES);
const data = buildFrameData(JSON.stringify({
  imgWidth: 8, imgHeight: 4,
  objects: [
    { label: 'road', polygon: [[0, 0], [7, 0], [7, 3], [0, 3]] },
    { label: 'car', polygon: [[1, 1], [3, 1], [3, 2], [1, 2]] },
  ],
}), 'x.json', labels, null)!;

/** Just what HoverController touches of a Konva line. */
function fakeLine() {
  const line = { drawn: [] as number[], shown: false, points(p: number[]) { line.drawn = p; }, visible(v: boolean) { line.shown = v; }, getLayer: () => null };
  return line;
}

function controller() {
  const hover = new HoverController();
  const readout = { textContent: '', dataset: {} as Record<string, string> };
  hover.attachReadout(readout as unknown as HTMLElement);
  hover.setFrame(data, labels);
  return { hover, readout };
}

describe('HoverController.pin', () => {
  it('keeps the pixel and its outline when the pointer leaves, until it hovers again', () => {
    const { hover, readout } = controller();
    const line = fakeLine();
    hover.addHighlight(line as unknown as Konva.Line);
    hover.pin(2, 1);
    expect(readout.dataset.pinned).toBe('true');
    expect(readout.textContent).toContain('car');
    expect(line.shown).toBe(true);
    hover.leave();
    expect(readout.textContent).toContain('car');
    expect(line.shown).toBe(true);
    hover.hover(6, 2);
    expect(readout.dataset.pinned).toBeUndefined();
    expect(readout.textContent).toContain('road');
    hover.leave();
    expect(line.shown).toBe(false);
  });

  it('outlines the pinned polygon on a pane that registers afterwards', () => {
    const { hover } = controller();
    hover.pin(2, 1);
    const line = fakeLine();
    hover.addHighlight(line as unknown as Konva.Line);
    expect(line.shown).toBe(true);
    expect(line.drawn).toEqual([1, 1, 3, 1, 3, 2, 1, 2]);
  });
});
