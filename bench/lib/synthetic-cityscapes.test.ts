import { describe, expect, it } from 'vitest';
import { parseAnnotation } from '../../src-shared/annotation';
import { buildLabelIndex, CITYSCAPES } from '../../src-shared/labels';
import { FRAME_HEIGHT, FRAME_WIDTH, generateFrame } from './synthetic-cityscapes';

const frames = Array.from({ length: 24 }, (_, k) => generateFrame(20240611 + k * 7919));

describe('generateFrame', () => {
  it('gives the same frame for the same seed', () => {
    expect(JSON.stringify(generateFrame(42))).toBe(JSON.stringify(generateFrame(42)));
    expect(JSON.stringify(generateFrame(42))).not.toBe(JSON.stringify(generateFrame(43)));
  });

  it('writes full-size frames with 60 to 150 objects and integer vertices inside the image', () => {
    for (const frame of frames) {
      expect([frame.imgWidth, frame.imgHeight]).toEqual([FRAME_WIDTH, FRAME_HEIGHT]);
      expect(frame.objects.length).toBeGreaterThanOrEqual(60);
      expect(frame.objects.length).toBeLessThanOrEqual(150);
      const outside = frame.objects.flatMap((o) => o.polygon).filter(([x, y]) =>
        !Number.isInteger(x) || !Number.isInteger(y) || x < 0 || x >= FRAME_WIDTH || y < 0 || y >= FRAME_HEIGHT);
      expect(outside).toEqual([]);
    }
  });

  it('traces stuff with long jagged outlines and includes groups, plates and deleted objects', () => {
    const longest = (label: string) => Math.max(...frames.flatMap((f) => f.objects.filter((o) => o.label === label).map((o) => o.polygon.length)));
    expect(longest('vegetation')).toBeGreaterThan(200);
    expect(longest('building')).toBeGreaterThan(100);
    const labels = new Set(frames.flatMap((f) => f.objects.map((o) => o.label)));
    for (const label of ['sky', 'road', 'sidewalk', 'pole', 'traffic sign', 'car', 'person', 'cargroup', 'persongroup', 'license plate', 'ego vehicle', 'out of roi']) {
      expect(labels).toContain(label);
    }
    expect(frames.some((f) => f.objects.some((o) => o.deleted === 1))).toBe(true);
  });

  it('only uses labels the Cityscapes table knows', () => {
    const labels = buildLabelIndex(CITYSCAPES);
    for (const frame of frames) expect(parseAnnotation(JSON.stringify(frame), 'frame.json', labels).hasErrors).toBe(false);
  });
});
