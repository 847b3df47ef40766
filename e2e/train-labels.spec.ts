import { expect, test } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import type { RunDetail } from '../src-shared/api';
import { useSampleStudio } from './studio-server';

const studio = useSampleStudio();
const STREET6 = join(import.meta.dirname, '..', 'resources', 'sample-street6');

test('a dataset with its own 6-class label spec trains from the train view, in its own names and colours', async ({ page, request }, testInfo) => {
  test.setTimeout(180_000);
  const spec = JSON.parse(readFileSync(join(STREET6, 'segstudio.labels.json'), 'utf8')) as { labels: Array<{ name: string; color: number[] }> };
  await page.goto(studio.server.url);
  await page.getByRole('tab', { name: 'Train' }).click();
  await page.locator('form.train-form').getByLabel('Dataset folder').fill(STREET6);
  await expect(page.getByTestId('labels')).toContainText('Labels: street-6 (6 classes)');
  await expect(page.getByTestId('labels')).toContainText('segstudio.labels.json');

  await page.getByLabel('Epochs').fill('1');
  await page.getByLabel('Width (base filters)').fill('2');
  await page.getByLabel('Input width').fill('64');
  await page.getByLabel('Input height').fill('32');
  await page.getByLabel('Run name').fill('street-6 e2e');
  await page.getByRole('button', { name: 'Start training' }).click();
  await expect(page.getByTestId('run-status')).toHaveText('done', { timeout: 150_000 });
  await expect(page.getByTestId('class-chart').locator('canvas')).toBeVisible();
  await expect(page.getByTestId('sample-strip').getByTestId('strip-row').first()).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath('street6-done.png'), fullPage: true });

  // What the view shows comes from the run: its spec is street-6, and its saved predictions use only that palette.
  const headers = { authorization: `Bearer ${studio.server.token}` };
  const runs = await (await request.post(`${studio.server.origin}/api/rpc/runs.list`, { headers, data: {} })).json() as { result: Array<{ id: number; name: string }> };
  const runId = runs.result.find((run) => run.name === 'street-6 e2e')!.id;
  const detail = (await (await request.post(`${studio.server.origin}/api/rpc/runs.get`, { headers, data: { runId } })).json() as { result: RunDetail }).result;
  expect(detail.labels.name).toBe('street-6');
  expect(new Set(detail.latestClasses.map((c) => c.classTrainId))).toEqual(new Set([0, 1, 2, 3, 4, 5]));
  const palette = new Set(spec.labels.map((label) => label.color.join(',')));
  const sample = detail.samples[0];
  const png = await request.get(`${studio.server.origin}/api/binary/runSample?runId=${runId}&epoch=${sample.epoch}&frameId=${encodeURIComponent(sample.frameId)}`, { headers });
  const { data, info } = await sharp(Buffer.from(await png.body())).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  const colours = new Set<string>();
  for (let i = 0; i < data.length; i += info.channels) colours.add(`${data[i]},${data[i + 1]},${data[i + 2]}`);
  for (const colour of colours) expect(palette, colour).toContain(colour);
});

test('the train form says plainly why a folder cannot be trained on, records no run, and shows "custom" after an edit', async ({ page, request }) => {
  const headers = { authorization: `Bearer ${studio.server.token}` };
  const runCount = async () => ((await (await request.post(`${studio.server.origin}/api/rpc/runs.list`, { headers, data: {} })).json()) as { result: unknown[] }).result.length;
  const before = await runCount();
  await page.goto(studio.server.url);
  await page.getByRole('tab', { name: 'Train' }).click();
  const form = page.locator('form.train-form');
  await expect(form.getByLabel('Preset')).toHaveValue('cpu-demo');
  await form.getByLabel('Epochs').fill('7');
  await expect(form.getByLabel('Preset')).toHaveValue('custom');
  await form.getByLabel('Preset').selectOption('cpu-demo');
  await expect(form.getByLabel('Epochs')).not.toHaveValue('7');

  const missing = join(studio.server.dataDir, 'no-such-folder');
  await form.getByLabel('Dataset folder').fill(missing);
  await page.getByRole('button', { name: 'Start training' }).click();
  await expect(page.getByTestId('train-start-error')).toHaveText(`Cannot start: ${missing}: no such folder`);

  await form.getByLabel('Dataset folder').fill(studio.server.dataDir);
  await page.getByRole('button', { name: 'Start training' }).click();
  await expect(page.getByTestId('train-start-error')).toContainText('no *_polygons.json annotations found in this folder');
  expect(await runCount()).toBe(before);
});
