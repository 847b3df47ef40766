import { describe, expect, it } from 'vitest';
import type { Region } from '../../src-shared/api';
import { RegionController, regionBetween, type RegionOutline } from './region';

/** Just what RegionController touches of a Konva.Rect, and how often its layer was asked to redraw. */
function fakeOutline() {
  const outline = {
    attrs: {} as Record<string, unknown>,
    draws: 0,
    setAttrs(attrs: Record<string, unknown>) { Object.assign(outline.attrs, attrs); },
    getLayer: () => ({ batchDraw: () => { outline.draws++; } }),
  };
  return outline;
}

function controller() {
  const ended: Array<Region | null> = [];
  const region = new RegionController((r) => ended.push(r));
  region.setImageSize({ width: 100, height: 50 });
  const panes = [fakeOutline(), fakeOutline()];
  for (const pane of panes) region.addOutline(pane as unknown as RegionOutline);
  return { region, panes, ended };
}

describe('regionBetween', () => {
  it('spans both corner pixels whichever way the drag went', () => {
    expect(regionBetween({ x: 10, y: 5 }, { x: 4, y: 8 })).toEqual({ x: 4, y: 5, width: 7, height: 4 });
    expect(regionBetween({ x: 3, y: 3 }, { x: 3, y: 3 })).toEqual({ x: 3, y: 3, width: 1, height: 1 });
  });
});

describe('RegionController', () => {
  it('outlines the dragged region on every pane as the pointer moves, committing nothing until the release', () => {
    const { region, panes, ended } = controller();
    region.begin({ x: 10, y: 10 });
    region.drag({ x: 20, y: 15 });
    region.drag({ x: 30, y: 25 });
    for (const pane of panes) expect(pane.attrs).toEqual({ x: 10, y: 10, width: 21, height: 16, visible: true });
    expect(ended).toEqual([]);
    region.end();
    expect(ended).toEqual([{ x: 10, y: 10, width: 21, height: 16 }]);
    expect(region.isDragging).toBe(false);
    expect(panes[0].attrs).toMatchObject({ visible: true, width: 21 });
  });

  it('keeps a drag inside the image', () => {
    const { region, ended } = controller();
    region.begin({ x: -5, y: 40 });
    region.drag({ x: 120, y: 70 });
    region.end();
    expect(ended).toEqual([{ x: 0, y: 40, width: 100, height: 10 }]);
  });

  it('reports a press released without a drag as no region, leaving the committed one shown', () => {
    const { region, panes, ended } = controller();
    region.show({ x: 1, y: 2, width: 3, height: 4 });
    region.begin({ x: 50, y: 20 });
    region.end();
    expect(ended).toEqual([null]);
    expect(panes[1].attrs).toEqual({ x: 1, y: 2, width: 3, height: 4, visible: true });
  });

  it('shows the store region, hides the outline when it is cleared, and lets a drag in progress win', () => {
    const { region, panes } = controller();
    region.show({ x: 1, y: 2, width: 3, height: 4 });
    expect(panes[0].attrs.visible).toBe(true);
    region.begin({ x: 10, y: 10 });
    region.drag({ x: 11, y: 11 });
    region.show(null);
    expect(panes[0].attrs).toMatchObject({ x: 10, width: 2, visible: true });
    region.cancel();
    expect(panes[0].attrs.visible).toBe(false);
  });

  it('draws the current region on a pane that registers mid-drag', () => {
    const { region } = controller();
    region.begin({ x: 5, y: 5 });
    region.drag({ x: 6, y: 7 });
    const late = fakeOutline();
    region.addOutline(late as unknown as RegionOutline);
    expect(late.attrs).toEqual({ x: 5, y: 5, width: 2, height: 3, visible: true });
  });

  it('drops a drag in progress when the frame changes', () => {
    const { region, ended, panes } = controller();
    region.begin({ x: 5, y: 5 });
    region.drag({ x: 9, y: 9 });
    region.setImageSize({ width: 10, height: 10 });
    region.end();
    expect(ended).toEqual([]);
    expect(panes[0].attrs.visible).toBe(false);
  });

  it('redraws only the outline layers, one draw per pane per move', () => {
    const { region, panes } = controller();
    const before = panes.map((p) => p.draws);
    region.begin({ x: 0, y: 0 });
    region.drag({ x: 1, y: 1 });
    region.drag({ x: 2, y: 2 });
    expect(panes.map((p, i) => p.draws - before[i])).toEqual([2, 2]);
  });
});
