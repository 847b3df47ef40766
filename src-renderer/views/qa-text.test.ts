import { describe, expect, it } from 'vitest';
import { diffStatus, statusBadge, switchTimeText } from './qa-text';

describe('QA viewer text', () => {
  it('shows a perfect match in the ok tone and differences as a warning', () => {
    expect(diffStatus({ mask: new Uint8Array(0), count: 0, regions: [] })).toEqual({ text: '0 px differ', tone: 'ok' });
    expect(diffStatus({ mask: new Uint8Array(0), count: 1234, regions: [] })).toEqual({ text: '1,234 px differ', tone: 'warning' });
    expect(diffStatus(null).tone).toBe('muted');
  });

  it('keeps the frame row badge to three characters at most', () => {
    for (const status of ['ok', 'needs-fix', 'question'] as const) expect(statusBadge(status).length).toBeLessThanOrEqual(3);
  });

  it('labels the frame-switch time', () => {
    expect(switchTimeText(23.6)).toBe('frame switch 24 ms');
    expect(switchTimeText(null)).toBe('');
  });
});
