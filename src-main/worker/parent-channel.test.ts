import { fork } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { fileURLToPath } from 'node:url';
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

});

describe('connectToParent over Node IPC', () => {
  it('delivers every message sent before the process exits right after flushing', async () => {
    const child = fork(fileURLToPath(new URL('./__fixtures__/send-then-exit.ts', import.meta.url)), [], {
      execArgv: ['--import', import.meta.resolve('tsx')], stdio: ['ignore', 'inherit', 'inherit', 'ipc'], serialization: 'advanced',
    });
    const received: Array<{ type: string; i?: number; count?: number }> = [];
    child.on('message', (message) => received.push(message as (typeof received)[number]));
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(code).toBe(0);
    expect(received.at(-1)).toEqual({ type: 'finished', count: 500 });
    expect(received.filter((m) => m.type === 'step').map((m) => m.i)).toEqual(Array.from({ length: 500 }, (_, i) => i));
  }, 30_000);
});
