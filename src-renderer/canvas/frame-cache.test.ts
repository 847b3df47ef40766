import { describe, expect, it } from 'vitest';
import { FrameCache } from './frame-cache';

function tracked(capacity: number) {
  const disposed: string[] = [];
  const loads: string[] = [];
  const cache = new FrameCache<string>(capacity, (value) => disposed.push(value));
  const get = (key: string) => cache.get(key, async () => {
    loads.push(key);
    return key;
  });
  return { cache, get, disposed, loads };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('FrameCache', () => {
  it('loads a frame once and hands the same promise to a second caller, even while it is in flight', async () => {
    const { get, loads } = tracked(3);
    const first = get('a');
    const second = get('a');
    expect(second).toBe(first);
    expect(await second).toBe('a');
    expect(loads).toEqual(['a']);
  });

  it('drops the least recently used frame beyond its capacity and disposes it', async () => {
    const { cache, get, disposed } = tracked(2);
    await get('a');
    await get('b');
    await get('a');
    await get('c');
    await settle();
    expect(cache.has('b')).toBe(false);
    expect(cache.has('a')).toBe(true);
    expect(disposed).toEqual(['b']);
  });

  it('keeps the shown frame alive when it is dropped, and disposes it once another is shown', async () => {
    const { cache, get, disposed } = tracked(1);
    await get('a');
    cache.show('a');
    await get('b');
    await settle();
    expect(disposed).toEqual([]);
    cache.show('b');
    await settle();
    expect(disposed).toEqual(['a']);
  });

  it('clears every frame but the shown one, which goes when the next is shown', async () => {
    const { cache, get, disposed } = tracked(3);
    await get('a');
    await get('b');
    cache.show('a');
    cache.clear();
    await settle();
    expect(disposed).toEqual(['b']);
    expect(cache.has('a')).toBe(false);
    await get('c');
    cache.show('c');
    await settle();
    expect(disposed).toEqual(['b', 'a']);
  });

  it('forgets a failed load so the next call tries again', async () => {
    const cache = new FrameCache<string>(3, () => undefined);
    await expect(cache.get('a', () => Promise.reject(new Error('gone')))).rejects.toThrow('gone');
    await settle();
    expect(await cache.get('a', async () => 'again')).toBe('again');
  });

  it('updates a loaded frame in place', async () => {
    const { cache, get } = tracked(3);
    await get('a');
    cache.update('a', (value) => `${value}!`);
    expect(await get('a')).toBe('a!');
  });
});
