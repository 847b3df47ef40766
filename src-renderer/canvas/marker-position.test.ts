import { describe, expect, it } from 'vitest';
import { markerPosition } from './marker-position';

const marker = { datasetRoot: '/d', frameId: 'f1', x: 10, y: 20 };

describe('markerPosition', () => {
  it('centres the ring on the marked pixel at the viewport\'s zoom and offset', () => {
    expect(markerPosition(marker, 'f1', { scale: 4, x: -5, y: 3 })).toEqual({ left: -5 + 10.5 * 4, top: 3 + 20.5 * 4, size: 18 });
    expect(markerPosition(marker, 'f1', { scale: 40, x: 0, y: 0 })?.size).toBe(48);
  });

  it('marks nothing on another frame', () => {
    expect(markerPosition(marker, 'f2', { scale: 1, x: 0, y: 0 })).toBeNull();
    expect(markerPosition(null, 'f1', { scale: 1, x: 0, y: 0 })).toBeNull();
  });
});
