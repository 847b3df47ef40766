import type { ChildProcess } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { childProcessAdapter, spawnTrainingProcess } from './training-process';

/** Enough of a ChildProcess for the adapter: its events, pid and kill. */
function fakeChild(): ChildProcess & EventEmitter {
  return Object.assign(new EventEmitter(), { pid: undefined, connected: false, kill: () => true, send: () => true }) as unknown as ChildProcess & EventEmitter;
}

function exits(child: ChildProcess & EventEmitter) {
  const seen: Array<[number | null, string | undefined]> = [];
  childProcessAdapter(child).on('exit', (code, reason) => seen.push([code, reason]));
  return seen;
}

describe('childProcessAdapter', () => {
  it('turns a failure to start into one exit with the reason, instead of an unhandled error', () => {
    const child = fakeChild();
    const seen = exits(child);
    child.emit('error', new Error('spawn EAGAIN'));
    child.emit('exit', -11, null);
    expect(seen).toEqual([[1, 'the training process could not start: spawn EAGAIN']]);
  });

  it('leaves the ending to the exit event once the process runs', () => {
    const child = fakeChild();
    const seen = exits(child);
    child.emit('spawn');
    child.emit('error', new Error('channel closed'));
    child.emit('exit', null, 'SIGKILL');
    expect(seen).toEqual([[null, undefined]]);
  });

  it('reports a real process spawning with its pid before it exits', async () => {
    const child = spawnTrainingProcess({ env: { ...process.env, SEGSTUDIO_BACKEND: 'cpu' } });
    const events: string[] = [];
    const ended = new Promise<void>((resolve) => child.on('exit', () => resolve()));
    child.on('spawn', (pid) => {
      events.push(`spawn ${pid === child.pid && pid > 0}`);
      child.kill();
    });
    await ended;
    expect(events).toEqual(['spawn true']);
  });
});
