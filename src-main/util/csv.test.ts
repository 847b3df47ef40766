import { describe, expect, it } from 'vitest';
import { toCsv } from './csv';

describe('toCsv', () => {
  it('writes a header and rows, quoting cells with commas, quotes or newlines and leaving null empty', () => {
    expect(toCsv(['name', 'iou'], [['road', 0.5], ['a, "b"', null], ['two\nlines', undefined]])).toBe('name,iou\nroad,0.5\n"a, ""b""",\n"two\nlines",\n');
  });
});
