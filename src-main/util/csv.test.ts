import { describe, expect, it } from 'vitest';
import { toCsv } from './csv';

describe('toCsv', () => {
  it('writes a header and rows, quoting cells with commas, quotes or newlines and leaving null empty', () => {
    expect(toCsv(['name', 'iou'], [['road', 0.5], ['a, "b"', null], ['two\nlines', undefined]])).toBe('name,iou\nroad,0.5\n"a, ""b""",\n"two\nlines",\n');
  });
});

describe('toCsv against spreadsheet formulas', () => {
  it('keeps text that a spreadsheet would evaluate as text, and numbers as numbers', () => {
    const csv = toCsv(['note', 'value'], [['=HYPERLINK("http://x","click")', -0.25], ['+1', 3], ['@SUM(A1)', 0], ['\tcmd', 1], ['fine', -1]]);
    expect(csv).toBe('note,value\n"\'=HYPERLINK(""http://x"",""click"")",-0.25\n\'+1,3\n\'@SUM(A1),0\n\'\tcmd,1\nfine,-1\n');
  });
});
