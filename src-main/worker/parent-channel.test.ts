import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { parentPortChannel } from './parent-channel';

/** Shaped like a utility process's `process.parentPort`: messages arrive wrapped in an event's `data`. */
class FakeParentPort extends EventEmitter {
  readonly posted: unknown[] = [];
  postMessage(message: unknown): void {
    this.posted.push(message);
  }
}

describe('parentPortChannel', () => {
  it('posts messages to the parent and unwraps the ones it sends', async () => {
    const port = new FakeParentPort();
    const channel = parentPortChannel(port);
    const received: unknown[] = [];
    channel.onMessage((message) => received.push(message));
    port.emit('message', { data: { type: 'pause' }, ports: [] });
    await channel.send({ type: 'paused' });
    expect(received).toEqual([{ type: 'pause' }]);
    expect(port.posted).toEqual([{ type: 'paused' }]);
  });

  it('waits a moment before the process may exit, as postMessage has no completion callback', async () => {
    const started = performance.now();
    await parentPortChannel(new FakeParentPort()).flushed();
    expect(performance.now() - started).toBeGreaterThanOrEqual(200);
  });
});
