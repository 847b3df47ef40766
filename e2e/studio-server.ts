import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { promisify } from 'node:util';
import { test, type Page } from '@playwright/test';
import type { MethodName, StudioEvent } from '../src-shared/api';

export interface StudioServer {
  /** The URL with the token, as printed by `segstudio serve`. */
  readonly url: string;
  readonly origin: string;
  readonly token: string;
  readonly dataDir: string;
  stop(): Promise<void>;
}

const REPO = join(import.meta.dirname, '..');

/** Starts the real `segstudio serve` on a free port with a fresh data dir, and waits for its URL line. */
export async function startStudio(args: string[] = [], dataDir = mkdtempSync(join(tmpdir(), 'segstudio-e2e-'))): Promise<StudioServer> {
  const child: ChildProcess = spawn(process.execPath, [join(REPO, 'bin/segstudio.mjs'), 'serve', '--port', '0', '--data-dir', dataDir, ...args], {
    cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (chunk) => (stderr += chunk));
  const url = await new Promise<string>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.once('line', resolve);
    child.once('exit', (code) => reject(new Error(`segstudio serve exited with ${code}: ${stderr}`)));
  });
  const parsed = new URL(url);
  return {
    url,
    origin: parsed.origin,
    token: parsed.searchParams.get('token')!,
    dataDir,
    async stop() {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

/** A fresh studio on the sample for the spec's tests: started before them, stopped and its data dir removed after. */
export function useSampleStudio(): { readonly server: StudioServer } {
  const holder = {} as { server: StudioServer };
  test.beforeAll(async () => {
    holder.server = await startStudio();
  });
  test.afterAll(async () => {
    await holder.server.stop();
    removeDir(holder.server.dataDir);
  });
  return holder;
}

/** Trains a tiny cpu-demo run on the sample with the real CLI into `dataDir`, so a studio started there finds it finished. */
export async function trainTinyRun(dataDir: string, extra: string[] = []): Promise<void> {
  const args = [
    join(REPO, 'bin/segstudio.mjs'), 'train', '--dataset', join(REPO, 'resources/sample-cityscapes'), '--preset', 'cpu-demo',
    '--size', '128x64', '--width', '4', '--data-dir', dataDir, '--json', ...extra,
  ];
  await promisify(execFile)(process.execPath, args, { cwd: REPO }).catch((error: { stderr?: string }) => {
    throw new Error(`segstudio ${args.slice(1).join(' ')} failed:\n${(error.stderr ?? String(error)).slice(-1500)}`);
  });
}

/** What a page asked of the studio and what the studio pushed to it, in order, across reloads. */
export interface ApiTraffic {
  /** RPC method names, one per request the page sent. */
  readonly calls: readonly MethodName[];
  /** Events received on the page's event sockets. */
  readonly events: readonly StudioEvent[];
  /** A point to count from with `since`. */
  mark(): { readonly calls: number; readonly events: number };
  since(mark: { readonly calls: number; readonly events: number }): { readonly calls: readonly MethodName[]; readonly events: readonly StudioEvent[] };
}

/** Records the page's RPC requests (`POST /api/rpc/<method>`) and the events it receives, from now on. */
export function recordApiTraffic(page: Page): ApiTraffic {
  const calls: MethodName[] = [];
  const events: StudioEvent[] = [];
  page.on('request', (request) => {
    const { pathname } = new URL(request.url());
    if (request.method() === 'POST' && pathname.startsWith('/api/rpc/')) calls.push(decodeURIComponent(pathname.slice('/api/rpc/'.length)) as MethodName);
  });
  page.on('websocket', (socket) => {
    if (new URL(socket.url()).pathname !== '/api/events') return;
    socket.on('framereceived', ({ payload }) => events.push(JSON.parse(String(payload)) as StudioEvent));
  });
  return {
    calls, events,
    mark: () => ({ calls: calls.length, events: events.length }),
    since: (mark) => ({ calls: calls.slice(mark.calls), events: events.slice(mark.events) }),
  };
}
