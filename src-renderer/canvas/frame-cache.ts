/**
 * A few prepared frames by key, loaded once: the open frame and its neighbours, so paging through a
 * dataset finds the next frame ready. Holds at most `capacity` entries, dropping the least recently
 * used; the shown entry is never disposed while it is on screen, even when dropped or cleared.
 */
export class FrameCache<T> {
  private readonly entries = new Map<string, Promise<T>>();
  private shown: { key: string; value: Promise<T> } | null = null;

  constructor(private readonly capacity: number, private readonly dispose: (value: T) => void) {}

  /** The entry for `key`, loading it if absent; a failed load is forgotten so the next call tries again. */
  get(key: string, load: () => Promise<T>): Promise<T> {
    let value = this.entries.get(key);
    if (value) this.entries.delete(key);
    else {
      value = load();
      const loaded = value;
      loaded.catch(() => {
        if (this.entries.get(key) === loaded) this.entries.delete(key);
      });
    }
    this.entries.set(key, value);
    this.trim();
    return value;
  }

  has(key: string): boolean {
    return this.entries.has(key);
  }

  /** The entry held for `key` now, without loading or touching its place. */
  peek(key: string): Promise<T> | undefined {
    return this.entries.get(key);
  }

  /** Marks `key` as on screen; the entry shown before is disposed if the cache no longer holds it. */
  show(key: string): void {
    const previous = this.shown;
    const value = this.entries.get(key);
    this.shown = value ? { key, value } : null;
    if (previous && previous.key !== key && this.entries.get(previous.key) !== previous.value) this.release(previous.value);
  }

  /** Replaces a loaded entry's value (e.g. a frame's new QA mark), keeping its place. */
  update(key: string, change: (value: T) => T): void {
    const value = this.entries.get(key);
    if (!value) return;
    const changed = value.then(change);
    this.entries.set(key, changed);
    if (this.shown?.key === key) this.shown = { key, value: changed };
  }

  /** Drops every entry (another dataset, or another fill); the shown one stays alive until replaced. */
  clear(): void {
    for (const value of this.entries.values()) if (value !== this.shown?.value) this.release(value);
    this.entries.clear();
  }

  private trim(): void {
    for (const [key, value] of this.entries) {
      if (this.entries.size <= this.capacity) break;
      this.entries.delete(key);
      if (value !== this.shown?.value) this.release(value);
    }
  }

  private release(value: Promise<T>): void {
    value.then(this.dispose, () => undefined);
  }
}
