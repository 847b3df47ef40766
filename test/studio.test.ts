import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { SAMPLE_DATASET } from '../src-main/app-paths';
import { startHost, type RunningHost } from '../src-main/host/server';
import { SettingError, UserError } from '../src-shared/errors';
import { Studio } from '../src-main/services/studio';
import { openDatabase, type Db } from '../src-main/store/db';
import { useTempDir } from './helpers';

const tempDir = useTempDir();
const open: Array<{ close(): unknown }> = [];
afterEach(async () => {
  for (const thing of open.splice(0).reverse()) await thing.close();
});

function studioIn(dataDir: string): { studio: Studio; db: Db } {
  const db = openDatabase(dataDir);
  open.push(db);
  return { studio: new Studio({ db, dataDir, version: 'test', transport: 'web', defaultDataset: SAMPLE_DATASET }), db };
}

describe('Studio services', () => {
  it('opens the sample dataset with its splits and cities', async () => {
    const { studio } = studioIn(tempDir());
    const dataset = await studio.openDataset(SAMPLE_DATASET);
    expect(dataset.frameCount).toBe(32);
    expect(dataset.splits.map((s) => s.name).sort()).toEqual(['train', 'val']);
    const list = await studio.handle<'frames.list'>('frames.list', { datasetId: dataset.id, split: 'val', limit: 3 });
    expect(list.total).toBe(8);
    expect(list.frames).toHaveLength(3);
    expect(list.frames[0]).toMatchObject({ split: 'val', objectCount: null, qaStatus: null });
  });

  it('counts objects and problems lazily, including the sample defects', async () => {
    const { studio } = studioIn(tempDir());
    const { id } = await studio.openDataset(SAMPLE_DATASET);
    const ids = ['gtFine/train/riverton/riverton_000003_000019_gtFine', 'gtFine/val/lakeside/lakeside_000001_000019_gtFine', 'gtFine/val/millbrook/millbrook_000001_000019_gtFine', 'gtFine/train/ashbury/ashbury_000000_000019_gtFine'];
    const stats = await studio.frameStats(id, ids);
    expect(stats.map((s) => s.problemCount)).toEqual([1, 1, 1, 0]);
    const bundle = await studio.frameBundle(id, ids[0]);
    expect(bundle.problems.map((p) => p.message)).toEqual(['unknown label']);
    expect(bundle.official).toBeNull();
    expect((await studio.frameBundle(id, ids[1])).problems[0].message).toMatch(/crosses itself/);
    expect((await studio.frameBundle(id, ids[2])).problems[0].message).toMatch(/outside the 512x256 image/);
    const listed = await studio.listFrames({ datasetId: id, search: 'riverton_000003' });
    expect(listed.frames[0]).toMatchObject({ objectCount: 74, problemCount: 1 });
  });

  it('keeps QA marks across a restart and filters by them', async () => {
    const dataDir = tempDir();
    const first = studioIn(dataDir);
    const { id } = await first.studio.openDataset(SAMPLE_DATASET);
    const frameId = 'gtFine/train/northfield/northfield_000005_000019_gtFine';
    await first.studio.handle('qa.mark', { datasetId: id, frameId, status: 'needs-fix', note: 'stale color mask, "sky" corner', region: { x: 90, y: 104, width: 118, height: 70 } });
    first.db.close();

    const second = studioIn(dataDir);
    const reopened = await second.studio.openDataset(SAMPLE_DATASET);
    expect(reopened.id).toBe(id);
    const bundle = await second.studio.frameBundle(id, frameId);
    expect(bundle.qa).toMatchObject({ status: 'needs-fix', note: 'stale color mask, "sky" corner', region: { x: 90, y: 104, width: 118, height: 70 } });
    expect((await second.studio.listFrames({ datasetId: id, status: 'needs-fix' })).frames.map((f) => f.id)).toEqual([frameId]);
    expect((await second.studio.listFrames({ datasetId: id, status: 'unmarked' })).total).toBe(31);

    const csv = await second.studio.handle<'qa.report'>('qa.report', { datasetId: id, format: 'csv' });
    expect(csv.content.split('\n')[1]).toMatch(/^gtFine\/train\/northfield\/northfield_000005_000019_gtFine,needs-fix,"stale color mask, ""sky"" corner",90,104,118,70,/);
    const json = JSON.parse((await second.studio.handle<'qa.report'>('qa.report', { datasetId: id, format: 'json' })).content);
    expect(json.frames[0]).toMatchObject({ frame: frameId, status: 'needs-fix', region: { x: 90 } });
  });

  it('lists unmarked frames that have annotation problems in the QA report, after the marked ones', async () => {
    const { studio } = studioIn(tempDir());
    const { id, frameCount } = await studio.openDataset(SAMPLE_DATASET);
    const marked = 'gtFine/train/ashbury/ashbury_000000_000019_gtFine';
    await studio.handle('qa.mark', { datasetId: id, frameId: marked, status: 'ok', note: '' });
    const all = await studio.handle<'frames.list'>('frames.list', { datasetId: id, limit: frameCount });
    const stats = await studio.frameStats(id, all.frames.map((f) => f.id));
    const withProblems = stats.filter((f) => f.id !== marked && (f.problemCount ?? 0) > 0).map((f) => f.id);
    expect(withProblems.length).toBeGreaterThan(0);

    const json = JSON.parse((await studio.handle<'qa.report'>('qa.report', { datasetId: id, format: 'json' })).content);
    expect(json.frames[0]).toMatchObject({ frame: marked, status: 'ok' });
    expect(json.frames.slice(1).map((r: { frame: string }) => r.frame)).toEqual(withProblems.sort());
    expect(json.frames.slice(1).every((r: { status: string; problems: number }) => r.status === 'unmarked' && r.problems > 0)).toBe(true);
    const csv = await studio.handle<'qa.report'>('qa.report', { datasetId: id, format: 'csv' });
    expect(csv.content).toContain(`${withProblems[0]},unmarked,`);
  });

  it('rejects bad requests with messages naming the field', async () => {
    const { studio } = studioIn(tempDir());
    await expect(studio.handle('qa.mark', { datasetId: 1, frameId: 'x', status: 'maybe', note: '' })).rejects.toThrow(/^qa\.mark: status: /);
    await expect(studio.handle('nope', {})).rejects.toThrow('unknown method "nope"');
    await expect(studio.handle('frames.bundle', { datasetId: 99, frameId: 'x' })).rejects.toThrow('dataset 99 is not open: open its folder first');
    await expect(studio.openDataset('/definitely/not/here')).rejects.toThrow(UserError);
    const { id } = await studio.openDataset(SAMPLE_DATASET);
    await expect(studio.binary('photo', { datasetId: id, frameId: '../../../etc/passwd' })).rejects.toThrow(/is not in dataset/);
  });

  it('answers run and job requests a user can fix with API errors, not internal ones', async () => {
    const { studio } = studioIn(tempDir());
    const start = (settings: object) => studio.handle('runs.start', { settings: { datasetRoot: SAMPLE_DATASET, preset: 'cpu-demo', ...settings } });
    await expect(start({ epochs: 0 })).rejects.toThrow(/^runs\.start: settings\.epochs: /);
    await expect(start({ optimizer: 'lion' })).rejects.toThrow(new SettingError('optimizer', 'optimizer: unknown optimizer "lion" (choose from adam, adamw, sgd)'));
    await expect(start({ preset: 'fast' })).rejects.toThrow(UserError);
    await expect(studio.handle('runs.get', { runId: 7 })).rejects.toThrow(new UserError('run 7 does not exist'));
    await expect(studio.handle('runs.control', { runId: 7, action: 'pause' })).rejects.toThrow(UserError);
    await expect(studio.handle('jobs.cancel', { jobId: 3 })).rejects.toThrow(/^job 3 does not exist/);
    await expect(studio.binary('jobFile', { jobId: 3, side: 'output', path: 'a.png' })).rejects.toThrow(UserError);
    await expect(studio.binary('runSample', { runId: 7, epoch: 1, frameId: 'x' })).rejects.toThrow(new UserError('run 7 saved no prediction for x at epoch 1'));
    expect(await studio.handle('runs.list', {})).toEqual([]);
  });

  it('offers the presets with their settings and the engine a run would get, and no folder picker in a browser', async () => {
    const { studio } = studioIn(tempDir());
    const options = await studio.handle<'train.options'>('train.options', {});
    expect(options.presets.map((p) => p.name)).toContain('cpu-demo');
    expect(options.presets.find((p) => p.name === 'cpu-demo')!.settings).toMatchObject({ arch: 'unet', optimizer: 'adam' });
    expect(options.archs).toEqual(['unet', 'r2unet', 'ddunet', 'deeplabv3plus']);
    expect(options.engine.name).toMatch(/^(tensorflow-gpu|tensorflow|wasm|cpu)$/);
    expect(options.sampleDataset).toBe(SAMPLE_DATASET);
    expect(await studio.handle('dialog.pickFolder', {})).toBeNull();
  });

  it('opens a plain tree of *_polygons.json with photos beside them', async () => {
    const root = tempDir();
    mkdirSync(join(root, 'batch1'));
    writeFileSync(join(root, 'batch1', 'img7_polygons.json'), JSON.stringify({ imgWidth: 4, imgHeight: 4, objects: [] }));
    cpSync(join(SAMPLE_DATASET, 'leftImg8bit/val/lakeside/lakeside_000000_000019_leftImg8bit.png'), join(root, 'batch1', 'img7.png'));
    const { studio } = studioIn(tempDir());
    const dataset = await studio.openDataset(root);
    const bundle = await studio.frameBundle(dataset.id, 'batch1/img7');
    expect(bundle).toMatchObject({ title: 'img7', hasPhoto: true, official: null, width: 4 });
    expect((await studio.binary('photo', { datasetId: dataset.id, frameId: 'batch1/img7' })).mime).toBe('image/png');
  });
});

describe('web host', () => {
  async function host(): Promise<RunningHost> {
    const { studio } = studioIn(tempDir());
    const rendererDir = tempDir();
    writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>segstudio</title>');
    const running = await startHost({ studio, rendererDir, token: 'secret-token', host: '127.0.0.1', port: 0 });
    open.push(running);
    return running;
  }

  it('answers 401 without the token, for the page and the API alike', async () => {
    const { url } = await host();
    const base = url.split('?')[0];
    expect((await fetch(base)).status).toBe(401);
    expect((await fetch(`${base}api/rpc/app.info`, { method: 'POST', body: '{}' })).status).toBe(401);
    expect((await fetch(`${base}?token=wrong-token!`)).status).toBe(401);
    const page = await fetch(url);
    expect(page.status).toBe(200);
    expect(page.headers.get('set-cookie')).toMatch(/^segstudio_token=secret-token; Path=\/; HttpOnly; SameSite=Strict/);
    expect(page.headers.get('content-security-policy')).toContain("default-src 'self'");
  });

  it('serves the API with the token as header or cookie and validates params', async () => {
    const { url } = await host();
    const base = url.split('?')[0];
    const info = await fetch(`${base}api/rpc/app.info`, { method: 'POST', headers: { authorization: 'Bearer secret-token' }, body: '{}' });
    expect(await info.json()).toMatchObject({ result: { version: 'test', transport: 'web' } });
    const bad = await fetch(`${base}api/rpc/datasets.open`, { method: 'POST', headers: { cookie: 'segstudio_token=secret-token' }, body: '{"path": 3}' });
    expect(bad.status).toBe(400);
    expect((await bad.json()).error).toMatch(/^datasets\.open: path: /);
    const notJson = await fetch(`${base}api/rpc/app.info`, { method: 'POST', headers: { authorization: 'Bearer secret-token' }, body: '{' });
    expect(await notJson.json()).toEqual({ error: 'app.info: request body is not valid JSON' });
  });

  it('serves the official mask PNG as binary, not JSON', async () => {
    const { url } = await host();
    const base = url.split('?')[0];
    const headers = { authorization: 'Bearer secret-token' };
    const opened = await (await fetch(`${base}api/rpc/datasets.open`, { method: 'POST', headers, body: JSON.stringify({ path: SAMPLE_DATASET }) })).json();
    const frameId = encodeURIComponent('gtFine/train/northfield/northfield_000005_000019_gtFine');
    const response = await fetch(`${base}api/binary/official?datasetId=${opened.result.id}&frameId=${frameId}`, { headers });
    expect(response.headers.get('content-type')).toBe('image/png');
    const bytes = Buffer.from(await response.arrayBuffer());
    expect(bytes).toEqual(readFileSync(join(SAMPLE_DATASET, 'gtFine/train/northfield/northfield_000005_000019_gtFine_color.png')));
  });

  it('refuses sockets without the token and never serves files outside the renderer folder', async () => {
    const { url } = await host();
    const wsBase = url.split('?')[0].replace('http', 'ws');
    const refused = await new Promise<string>((resolve) => {
      const ws = new WebSocket(`${wsBase}api/events`);
      ws.on('open', () => resolve('open'));
      ws.on('error', () => resolve('refused'));
      ws.on('unexpected-response', (_req, res) => resolve(`refused ${res.statusCode}`));
    });
    expect(refused).toBe('refused 401');
    const accepted = await new Promise<string>((resolve) => {
      const ws = new WebSocket(`${wsBase}api/events?token=secret-token`);
      ws.on('open', () => { ws.close(); resolve('open'); });
      ws.on('error', (e) => resolve(`error ${e.message}`));
    });
    expect(accepted).toBe('open');
    const traversal = await fetch(`${url.split('?')[0]}..%2f..%2fetc%2fpasswd`, { headers: { authorization: 'Bearer secret-token' } });
    expect(traversal.status).toBe(404);
  });
});
