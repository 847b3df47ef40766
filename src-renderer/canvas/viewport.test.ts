import { describe, expect, it } from 'vitest';
import { SharedViewport } from './viewport';

describe('SharedViewport on a pane resize', () => {
  it('fits a fitted image again', () => {
    const viewport = new SharedViewport();
    viewport.fit(2048, 1024, 400, 200);
    viewport.paneResized(2048, 1024, { width: 400, height: 200 }, { width: 800, height: 600 });
    expect(viewport.scale).toBeCloseTo(800 / 2048);
    expect(viewport.x).toBeCloseTo(0);
    expect(viewport.y).toBeCloseTo((600 - 1024 * (800 / 2048)) / 2);
  });

  it('keeps the zoom and the point at the centre once the user has zoomed or panned', () => {
    const viewport = new SharedViewport();
    viewport.fit(2048, 1024, 400, 200);
    viewport.zoomAt(100, 50, 2);
    viewport.panBy(10, 5);
    expect(viewport.isFitted).toBe(false);
    const scale = viewport.scale;
    const centre = { x: (200 - viewport.x) / scale, y: (100 - viewport.y) / scale };
    viewport.paneResized(2048, 1024, { width: 400, height: 200 }, { width: 600, height: 300 });
    expect(viewport.scale).toBe(scale);
    expect((300 - viewport.x) / scale).toBeCloseTo(centre.x);
    expect((150 - viewport.y) / scale).toBeCloseTo(centre.y);
  });
});
