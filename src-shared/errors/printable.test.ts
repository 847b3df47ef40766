import { describe, expect, it } from 'vitest';
import { printable } from './printable';

describe('printable', () => {
  it('escapes the characters that would forge a line or drive a terminal, and nothing else', () => {
    expect(printable('a_polygons.json\nsegstudio masks: all good')).toBe('a_polygons.json\\nsegstudio masks: all good');
    expect(printable('\u001b[2Jcleared\u0000\r\t')).toBe('\\x1b[2Jcleared\\x00\\r\\t');
    expect(printable('straße/日本/ü.json')).toBe('straße/日本/ü.json');
  });
});
