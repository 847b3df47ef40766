import { describe, expect, it } from 'vitest';
import { KEY_ZOOM_FACTOR, qaKeyAction } from './qa-keys';

const press = (key: string, change: Partial<{ ctrlKey: boolean; altKey: boolean; metaKey: boolean; isTyping: boolean }> = {}) =>
  qaKeyAction({ key, ctrlKey: false, altKey: false, metaKey: false, isTyping: false, ...change });

describe('QA viewer keys', () => {
  it('marks OK, needs fix and question with 1, 2 and 3', () => {
    expect(press('1')).toEqual({ kind: 'mark', status: 'ok' });
    expect(press('2')).toEqual({ kind: 'mark', status: 'needs-fix' });
    expect(press('3')).toEqual({ kind: 'mark', status: 'question' });
  });

  it('fits with F, zooms with + and −, and lists the keys with ?', () => {
    expect(press('f')).toEqual({ kind: 'fit' });
    expect(press('F')).toEqual({ kind: 'fit' });
    expect(press('+')).toEqual({ kind: 'zoom', factor: KEY_ZOOM_FACTOR });
    expect(press('=')).toEqual({ kind: 'zoom', factor: KEY_ZOOM_FACTOR });
    expect(press('-')).toEqual({ kind: 'zoom', factor: 1 / KEY_ZOOM_FACTOR });
    expect(press('?')).toEqual({ kind: 'help' });
  });

  it('leaves keys typed into a field, and chords, alone', () => {
    expect(press('1', { isTyping: true })).toBeNull();
    expect(press('f', { ctrlKey: true })).toBeNull();
    expect(press('2', { metaKey: true })).toBeNull();
    expect(press('x')).toBeNull();
  });
});
