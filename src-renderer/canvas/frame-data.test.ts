import { describe, expect, it } from 'vitest';
import { CITYSCAPES, buildLabelIndex } from '../../src-shared/labels';
import { buildFrameData, diffRegions, objectPixel, pixelInfo, type OfficialMask } from './frame-data';
import { SharedViewport } from './viewport';

const labels = buildLabelIndex(CITYSCAPES);
const ANNOTATION = JSON.stringify({
  imgWidth: 8, imgHeight: 4,
  objects: [
    { label: 'road', polygon: [[0, 0], [7, 0], [7, 3], [0, 3]] },
    { label: 'car', polygon: [[1, 1], [3, 1], [3, 2], [1, 2]] },
    { label: 'car', polygon: [[5, 1], [6, 1], [6, 2], [5, 2]] },
  ],
});

function officialLabelIds(mutate?: (ids: Uint8Array) => void): OfficialMask {
  const data = buildFrameData(ANNOTATION, 'x.json', labels, null)!;
  const pixels = Uint8Array.from(data.labelIds);
  mutate?.(pixels);
  return { kind: 'labelIds', width: 8, height: 4, pixels };
}

describe('buildFrameData', () => {
  it('rasterizes the annotation and counts pixels per label', () => {
    const data = buildFrameData(ANNOTATION, 'x.json', labels, null)!;
    expect(data.pixelsPerLabel[26]).toBe(6 + 4);
    expect(data.pixelsPerLabel[7]).toBe(32 - 10);
    expect(data.diff).toBeNull();
  });

  it('finds no difference against an identical official labelIds mask, and the changed pixels otherwise', () => {
    expect(buildFrameData(ANNOTATION, 'x.json', labels, officialLabelIds())!.diff!.count).toBe(0);
    const changed = buildFrameData(ANNOTATION, 'x.json', labels, officialLabelIds((ids) => { ids[1 * 8 + 1] = 21; ids[3 * 8 + 7] = 0; }))!;
    expect(changed.diff!.count).toBe(2);
    expect(changed.officialRgba!.subarray((1 * 8 + 1) * 4, (1 * 8 + 1) * 4 + 4)).toEqual(Uint8ClampedArray.from([107, 142, 35, 255]));
  });

  it('compares colour masks by colour and reports a size mismatch instead of diffing', () => {
    const data = buildFrameData(ANNOTATION, 'x.json', labels, null)!;
    const rgba = Uint8Array.from(data.generatedRgba);
    rgba[0] = 1;
    expect(buildFrameData(ANNOTATION, 'x.json', labels, { kind: 'color', width: 8, height: 4, pixels: rgba })!.diff!.count).toBe(1);
    const wrongSize = buildFrameData(ANNOTATION, 'x.json', labels, { kind: 'color', width: 4, height: 4, pixels: new Uint8Array(64) })!;
    expect(wrongSize.diff).toBeNull();
    expect(wrongSize.officialSizeMismatch).toBe('official mask is 4x4, the annotation says 8x4');
  });
});

describe('pixelInfo', () => {
  it('reads label, train id, instance id, owning object and the official value at a pixel', () => {
    const data = buildFrameData(ANNOTATION, 'x.json', labels, officialLabelIds((ids) => { ids[1 * 8 + 5] = 21; }))!;
    expect(pixelInfo(data, labels, 5, 1)).toMatchObject({
      label: { name: 'car' }, labelId: 26, trainId: 13, instanceId: 26001, objectIndex: 2, official: 'vegetation (id 21)', differs: true,
    });
    expect(pixelInfo(data, labels, 0, 0)).toMatchObject({ label: { name: 'road' }, instanceId: 7, objectIndex: 0, differs: false });
    expect(pixelInfo(data, labels, 8, 0)).toBeNull();
  });

  it('names every label drawn in the official colour at a pixel', () => {
    const data = buildFrameData(ANNOTATION, 'x.json', labels, null)!;
    const rgba = Uint8Array.from(data.generatedRgba);
    rgba.set([0, 0, 0], 0);
    rgba.set([1, 2, 3], 4);
    const colored = buildFrameData(ANNOTATION, 'x.json', labels, { kind: 'color', width: 8, height: 4, pixels: rgba })!;
    expect(pixelInfo(colored, labels, 0, 0)!.official).toBe('unlabeled / ego vehicle / rectification border / out of roi / static (rgb 0,0,0)');
    expect(pixelInfo(colored, labels, 1, 0)!.official).toBe('no label has this color (rgb 1,2,3)');
  });
});

describe('diffRegions', () => {
  it('groups touching differences and keeps distant ones apart, top to bottom', () => {
    const width = 64, height = 48;
    const mask = new Uint8Array(width * height);
    for (const [x, y] of [[2, 2], [3, 3], [40, 40], [41, 41], [60, 1]]) mask[y * width + x] = 1;
    expect(diffRegions(mask, width, height)).toEqual([
      { x: 60, y: 1, width: 1, height: 1 },
      { x: 2, y: 2, width: 2, height: 2 },
      { x: 40, y: 40, width: 2, height: 2 },
    ]);
  });
});

describe('SharedViewport', () => {
  it('fits, zooms about the pointer and maps pane points back to image pixels', () => {
    const viewport = new SharedViewport();
    let changes = 0;
    viewport.subscribe(() => changes++);
    viewport.fit(2048, 1024, 1024, 1024);
    expect([viewport.scale, viewport.x, viewport.y]).toEqual([0.5, 0, 256]);
    const before = viewport.toImage(300, 400);
    viewport.zoomAt(300, 400, 2);
    expect(viewport.toImage(300, 400)).toEqual(before);
    viewport.panBy(10, -5);
    expect(changes).toBe(3);
  });
});

describe('objectPixel', () => {
  it('points at a pixel the object owns, near its centre, for the object index in the file', () => {
    const data = buildFrameData(ANNOTATION, 'x.json', labels, null)!;
    const car = objectPixel(data, 1)!;
    expect(data.owner[car.y * data.width + car.x]).toBe(2);
    expect(pixelInfo(data, labels, car.x, car.y)!.objectIndex).toBe(1);
    const road = objectPixel(data, 0)!;
    expect(pixelInfo(data, labels, road.x, road.y)!.objectIndex).toBe(0);
  });

  it('is null for an object that was not drawn', () => {
    const data = buildFrameData(ANNOTATION, 'x.json', labels, null)!;
    expect(objectPixel(data, 7)).toBeNull();
  });
});
