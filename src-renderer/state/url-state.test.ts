import { describe, expect, it } from 'vitest';
import { formatPlace, HOME_PLACE, isNewHistoryEntry, parsePlace, withoutToken, type UrlPlace } from './url-state';

const FULL: UrlPlace = {
  view: 'qa',
  dataset: '/data/city scapes/&odd=name#1',
  frame: 'gtFine/train/aachen/aachen_000001_000019_gtFine',
  filters: { search: 'aachen 01', split: 'train', city: 'aachen', status: 'needs-fix' },
  run: null,
  compare: [],
};

describe('the URL place', () => {
  it('round-trips every field, with folder names that need escaping', () => {
    expect(parsePlace(formatPlace(FULL))).toEqual(FULL);
    const runs: UrlPlace = { ...HOME_PLACE, view: 'runs', run: 12, compare: [3, 1, 7] };
    expect(parsePlace(formatPlace(runs))).toEqual(runs);
  });

  it('leaves defaults out of the hash', () => {
    expect(formatPlace(HOME_PLACE)).toBe('#/qa');
    expect(formatPlace({ ...HOME_PLACE, view: 'train', run: 4 })).toBe('#/train?run=4');
  });

  it('opens the QA view at home for an empty or unknown hash', () => {
    expect(parsePlace('')).toEqual(HOME_PLACE);
    expect(parsePlace('#')).toEqual(HOME_PLACE);
    expect(parsePlace('#/nowhere?frame=')).toEqual(HOME_PLACE);
  });

  it('drops malformed runs and statuses rather than failing', () => {
    const place = parsePlace('#/runs?run=abc&compare=2,x,-1,2,5&status=bogus');
    expect(place).toEqual({ ...HOME_PLACE, view: 'runs', compare: [2, 5] });
  });

  it('never writes a token', () => {
    expect(formatPlace(parsePlace('#/qa?token=secret&frame=a'))).toBe('#/qa?frame=a');
  });

  it('gives view, dataset, run and comparison changes their own history entry, but not frame steps, filters or the first dataset', () => {
    expect(isNewHistoryEntry(FULL, { ...FULL, frame: 'other' })).toBe(false);
    expect(isNewHistoryEntry(FULL, { ...FULL, filters: { search: 'x' } })).toBe(false);
    expect(isNewHistoryEntry(FULL, { ...FULL, view: 'train' })).toBe(true);
    expect(isNewHistoryEntry(FULL, { ...FULL, dataset: '/other' })).toBe(true);
    expect(isNewHistoryEntry({ ...FULL, dataset: null }, FULL)).toBe(false);
    expect(isNewHistoryEntry(FULL, { ...FULL, run: 3 })).toBe(true);
    expect(isNewHistoryEntry(FULL, { ...FULL, compare: [1, 2] })).toBe(true);
  });

  it('strips the one-time token from the address, keeping path and hash', () => {
    expect(withoutToken('http://127.0.0.1:4100/?token=abc#/qa?frame=f')).toBe('http://127.0.0.1:4100/#/qa?frame=f');
    expect(withoutToken('http://127.0.0.1:4100/?x=1&token=abc')).toBe('http://127.0.0.1:4100/?x=1');
    expect(withoutToken('http://127.0.0.1:4100/#/runs')).toBe('http://127.0.0.1:4100/#/runs');
  });
});
