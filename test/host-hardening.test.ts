import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { SAMPLE_DATASET } from '../src-main/app-paths';
import { foreignRequestReason } from '../src-main/host/same-origin';
import { startHost, type RunningHost } from '../src-main/host/server';
import { Studio } from '../src-main/services/studio';
import { openDatabase } from '../src-main/store/db';
import { REPO, useTempDir } from './helpers';

const tempDir = useTempDir('segstudio-host-');
const TOKEN = 'secret-token';
const open: Array<{ close(): unknown }> = [];
afterEach(async () => {
  for (const thing of open.splice(0).reverse()) await thing.close();
});

async function host(): Promise<{ running: RunningHost; port: number }> {
  const dataDir = tempDir();
  const db = openDatabase(dataDir);
  open.push(db);
  const studio = new Studio({ db, dataDir, version: 'test', transport: 'web', defaultDataset: SAMPLE_DATASET });
  const rendererDir = tempDir();
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>segstudio</title>');
  const running = await startHost({ studio, rendererDir, token: TOKEN, host: '127.0.0.1', port: 0 });
  open.push(running);
  return { running, port: Number(new URL(running.url).port) };
}

/** A raw HTTP request, so that headers browsers set themselves (Origin, Host, Sec-Fetch-Site) can be forged. */
function send(port: number, path: string, options: { method?: string; headers?: Record<string, string | number>; body?: string | Buffer } = {}): Promise<{ status: number; body: string; headers: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, path, method: options.method ?? 'GET', headers: options.headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), headers: res.headers }));
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

const cookie = { cookie: `segstudio_token=${TOKEN}` };

function socketOutcome(url: string, headers: Record<string, string> = {}): Promise<string> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url, { headers });
    ws.on('open', () => resolve('open'));
    ws.on('unexpected-response', (_req, res) => resolve(`refused ${res.statusCode}`));
    ws.on('error', (error) => resolve(`error ${error.message}`));
  });
}

describe('web host against other pages and hostile requests', () => {
  it('refuses a cookie-only POST from a page on another local port, and writes nothing', async () => {
    const { port } = await host();
    const outputDir = join(tempDir(), 'planted');
    const body = JSON.stringify({ request: { kind: 'masks', datasetRoot: SAMPLE_DATASET, outputDir } });
    const attack = await send(port, '/api/rpc/export.start', {
      method: 'POST', body,
      headers: { ...cookie, 'content-type': 'text/plain', origin: 'http://127.0.0.1:8080', 'sec-fetch-site': 'same-site' },
    });
    expect(attack.status).toBe(403);
    expect(JSON.parse(attack.body).error).toMatch(/^refused: Origin "http:\/\/127\.0\.0\.1:8080" is not this studio/);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(existsSync(outputDir)).toBe(false);

    const own = await send(port, '/api/rpc/app.info', { method: 'POST', body: '{}', headers: { ...cookie, origin: `http://127.0.0.1:${port}`, 'sec-fetch-site': 'same-origin' } });
    expect(own.status).toBe(200);
  });

  it('refuses DNS-rebound hosts and cross-site fetches, but not loopback names a tunnel arrives under', async () => {
    const { port } = await host();
    const post = (headers: Record<string, string>) => send(port, '/api/rpc/app.info', { method: 'POST', body: '{}', headers: { ...cookie, ...headers } });
    expect((await post({ host: `evil.example:${port}` })).status).toBe(403);
    expect((await post({ 'sec-fetch-site': 'cross-site' })).status).toBe(403);
    expect((await post({ host: 'localhost:9000', origin: 'http://localhost:9000', 'sec-fetch-site': 'same-origin' })).status).toBe(200);
    expect((await send(port, `/api/binary/photo?datasetId=1&frameId=x`, { headers: { ...cookie, 'sec-fetch-site': 'same-site' } })).status).toBe(403);
  });

  it('refuses event sockets opened from another origin', async () => {
    const { port } = await host();
    const url = `ws://127.0.0.1:${port}/api/events?token=${TOKEN}`;
    expect(await socketOutcome(url, { origin: 'http://127.0.0.1:8080' })).toBe('refused 403');
    expect(await socketOutcome(url, { origin: `http://127.0.0.1:${port}` })).toBe('open');
  });

  it('answers malformed %-encoding with 400 and an oversized body with 413', async () => {
    const { port } = await host();
    expect((await send(port, `/api/rpc/app.%E0%A4%A?token=${TOKEN}`, { method: 'POST', body: '{}' })).status).toBe(400);
    expect((await send(port, `/%E0%A4%A?token=${TOKEN}`)).status).toBe(400);
    const huge = Buffer.alloc((1 << 20) + 10, 0x20);
    const declared = await send(port, '/api/rpc/app.info', { method: 'POST', body: huge, headers: { authorization: `Bearer ${TOKEN}` } });
    expect(declared.status).toBe(413);
    const chunked = await send(port, '/api/rpc/app.info', { method: 'POST', body: huge, headers: { authorization: `Bearer ${TOKEN}`, 'transfer-encoding': 'chunked' } });
    expect(chunked.status).toBe(413);
  });

  it('caps event sockets at 64 and their frames at 1 MiB', async () => {
    const { port } = await host();
    const url = `ws://127.0.0.1:${port}/api/events?token=${TOKEN}`;
    const sockets: WebSocket[] = [];
    for (let i = 0; i < 64; i++) {
      const ws = new WebSocket(url);
      sockets.push(ws);
      await new Promise((resolve, reject) => { ws.on('open', resolve); ws.on('error', reject); });
    }
    expect(await socketOutcome(url)).toBe('refused 503');
    const closed = new Promise<number>((resolve) => sockets[0].on('close', (code) => resolve(code)));
    sockets[0].send(Buffer.alloc((1 << 20) + 1));
    expect(await closed).toBe(1009);
    for (const ws of sockets) ws.terminate();
  });

  it('forbids framing the studio', async () => {
    const { running } = await host();
    const page = await fetch(running.url);
    expect(page.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(page.headers.get('x-frame-options')).toBe('DENY');
  });
});

describe('foreignRequestReason', () => {
  it('accepts requests that carry no browser headers, and the bound host or loopback names', () => {
    expect(foreignRequestReason({ host: '127.0.0.1:5199' }, '127.0.0.1')).toBeNull();
    expect(foreignRequestReason({ host: '[::1]:5199', origin: 'http://[::1]:5199' }, '::1')).toBeNull();
    expect(foreignRequestReason({ host: 'gpu-box:5199', origin: 'http://gpu-box:5199' }, '0.0.0.0')).toBeNull();
    expect(foreignRequestReason({ host: 'gpu-box:5199' }, '127.0.0.1')).toBe('Host "gpu-box:5199" is not this studio');
    expect(foreignRequestReason({}, '127.0.0.1')).toBe('no Host header');
  });
});

describe('annotation analysis off the event loop', () => {
  /** A one-frame dataset whose only polygon is a zigzag of `vertices` points across a 2048x1024 image. */
  function zigzagDataset(vertices: number): string {
    const root = tempDir();
    const dir = join(root, 'gtFine', 'train', 'zig');
    mkdirSync(dir, { recursive: true });
    const polygon: number[][] = [];
    for (let i = 0; i < vertices; i++) polygon.push([i % 2 === 0 ? 0 : 2047, (i * 1023) / vertices]);
    writeFileSync(join(dir, 'zig_000000_000000_gtFine_polygons.json'), JSON.stringify({ imgWidth: 2048, imgHeight: 1024, objects: [{ label: 'road', polygon }] }));
    return root;
  }

  it('keeps answering while a 1e6-vertex polygon is checked, and reports the file', async () => {
    const { port } = await host();
    const call = async (method: string, params: unknown) => {
      const response = await send(port, `/api/rpc/${method}`, { method: 'POST', body: JSON.stringify(params), headers: { authorization: `Bearer ${TOKEN}` } });
      return JSON.parse(response.body) as { result?: any; error?: string };
    };
    const dataset = (await call('datasets.open', { path: zigzagDataset(1_000_000) })).result;
    const order: string[] = [];
    const bundle = call('frames.bundle', { datasetId: dataset.id, frameId: 'gtFine/train/zig/zig_000000_000000_gtFine' }).then((answer) => {
      order.push('bundle');
      return answer;
    });
    await new Promise((resolve) => setTimeout(resolve, 100));
    const info = await call('app.info', {});
    order.push('info');
    expect(info.result.version).toBe('test');
    const answered = await bundle;
    expect(order).toEqual(['info', 'bundle']);
    expect(answered.result).toMatchObject({ width: 2048, height: 1024 });
    expect(answered.result.problems.map((p: { message: string }) => p.message).join('\n')).toMatch(/polygon crosses itself|too complex to check/);
  }, 60_000);

  it('stops serve within its grace period on SIGTERM while a huge file is analysed', async () => {
    const dataset = zigzagDataset(1_000_000);
    const child = spawn(process.execPath, [join(REPO, 'bin/segstudio.mjs'), 'serve', '--port', '0', '--dataset', dataset, '--data-dir', tempDir()], { stdio: ['ignore', 'pipe', 'pipe'] });
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => {
        const found = /http:\/\/\S+/.exec(chunk.toString());
        if (found) resolve(found[0]);
      });
      child.on('exit', () => reject(new Error('serve exited before listening')));
    });
    const { port, searchParams } = new URL(url);
    const headers = { authorization: `Bearer ${searchParams.get('token')}` };
    const opened = JSON.parse((await send(Number(port), '/api/rpc/datasets.open', { method: 'POST', body: JSON.stringify({ path: dataset }), headers })).body);
    void send(Number(port), '/api/rpc/frames.bundle', { method: 'POST', body: JSON.stringify({ datasetId: opened.result.id, frameId: 'gtFine/train/zig/zig_000000_000000_gtFine' }), headers }).catch(() => null);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const signalled = Date.now();
    const exited = new Promise<number>((resolve) => child.on('exit', () => resolve(Date.now() - signalled)));
    child.kill('SIGTERM');
    // Before, a 1e6-vertex check held the event loop for over 75 s and the signal went unheard.
    expect(await exited).toBeLessThan(5000);
  }, 60_000);
});

describe('files the host serves', () => {
  it('serves photos from the folder a dataset manifest names', async () => {
    const { port } = await host();
    const headers = { authorization: `Bearer ${TOKEN}` };
    const opened = JSON.parse((await send(port, '/api/rpc/datasets.open', { method: 'POST', body: JSON.stringify({ path: join(REPO, 'resources', 'sample-street6') }), headers })).body);
    const frameId = encodeURIComponent('gtFine/train/ashbury/ashbury_000000_000019_gtFine');
    const photo = await send(port, `/api/binary/photo?datasetId=${opened.result.id}&frameId=${frameId}`, { headers });
    expect(photo.status).toBe(200);
    expect(photo.headers['content-type']).toBe('image/png');
  });

  it('never serves a photo or an official mask through a link out of the dataset', async () => {
    const { port } = await host();
    const root = tempDir();
    const stem = 'x_000000_000000';
    mkdirSync(join(root, 'gtFine', 'train', 'x'), { recursive: true });
    mkdirSync(join(root, 'leftImg8bit', 'train', 'x'), { recursive: true });
    writeFileSync(join(root, 'gtFine', 'train', 'x', `${stem}_gtFine_polygons.json`), JSON.stringify({ imgWidth: 4, imgHeight: 4, objects: [] }));
    const secret = join(tempDir(), 'secret.png');
    writeFileSync(secret, 'not for you');
    symlinkSync(secret, join(root, 'leftImg8bit', 'train', 'x', `${stem}_leftImg8bit.png`));
    symlinkSync('/etc/passwd', join(root, 'gtFine', 'train', 'x', `${stem}_gtFine_color.png`));
    const headers = { authorization: `Bearer ${TOKEN}` };
    const opened = JSON.parse((await send(port, '/api/rpc/datasets.open', { method: 'POST', body: JSON.stringify({ path: root }), headers })).body);
    const frameId = encodeURIComponent(`gtFine/train/x/${stem}_gtFine`);
    for (const resource of ['photo', 'official']) {
      const response = await send(port, `/api/binary/${resource}?datasetId=${opened.result.id}&frameId=${frameId}`, { headers });
      expect(response.status, resource).toBe(400);
      expect(response.body, resource).not.toMatch(/not for you|root:/);
      expect(JSON.parse(response.body).error, resource).toMatch(/outside the dataset's folders .*: not served$/);
    }
  });
});
