import { expect, test } from '@playwright/test';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { removeDir, startStudio, trainTinyRun, type StudioServer } from './studio-server';

const REPO = join(import.meta.dirname, '..');
const SAMPLE = join(REPO, 'resources', 'sample-cityscapes');
const VAL_PHOTOS = join(SAMPLE, 'leftImg8bit', 'val', 'lakeside');

let server: StudioServer;
let work: string;
test.beforeAll(async () => {
  test.setTimeout(180_000);
  work = mkdtempSync(join(tmpdir(), 'segstudio-e2e-infer-'));
  const dataDir = join(work, 'data');
  // A small trained run to infer with, made by the CLI twin of the Train view.
  await trainTinyRun(dataDir, ['--epochs', '1', '--name', 'tiny']);
  // Input: three photos, one in a subfolder, and one file that is not an image.
  const input = join(work, 'photos');
  mkdirSync(join(input, 'more'), { recursive: true });
  const photos = readdirSync(VAL_PHOTOS).filter((f) => f.endsWith('.png')).slice(0, 3);
  copyFileSync(join(VAL_PHOTOS, photos[0]), join(input, photos[0]));
  copyFileSync(join(VAL_PHOTOS, photos[1]), join(input, photos[1]));
  copyFileSync(join(VAL_PHOTOS, photos[2]), join(input, 'more', photos[2]));
  writeFileSync(join(input, 'broken.png'), 'this is not a PNG');
  server = await startStudio([], dataDir);
});
test.afterAll(async () => {
  await server?.stop();
  removeDir(work);
});

test('runs inference on a folder with a broken image, then shows the results', async ({ page }, testInfo) => {
  test.setTimeout(120_000);
  const output = join(work, 'predicted');
  await page.goto(server.url);
  await page.getByRole('tab', { name: 'Infer' }).click();
  await expect(page.getByLabel('Run', { exact: true })).toContainText('tiny');
  await page.getByLabel('Input folder').fill(join(work, 'photos'));
  await page.getByLabel('Output folder').fill(output);
  await page.getByRole('button', { name: 'Run inference' }).click();

  await expect(page.getByTestId('job-status')).toHaveText('done', { timeout: 90_000 });
  await expect(page.getByTestId('job-failures')).toContainText('broken.png');
  await expect(page.getByTestId('job-summary')).toContainText('3 predicted');
  await expect(page.getByTestId('infer-results').locator('img')).toHaveCount(3);
  await page.screenshot({ path: testInfo.outputPath('infer-results.png'), fullPage: true });

  // Every output at the input's size, mirroring the tree, the _leftImg8bit suffix dropped.
  const stem = readdirSync(join(work, 'photos', 'more'))[0].replace(/_leftImg8bit\.png$/, '');
  for (const suffix of ['_color.png', '_labelIds.png', '_trainIds.png', '_overlay.jpg']) {
    const meta = await sharp(join(output, 'more', stem + suffix)).metadata();
    expect([meta.width, meta.height]).toEqual([512, 256]);
  }

  // Again: everything exists, so nothing is predicted.
  await page.getByRole('button', { name: 'Run inference' }).click();
  await expect(page.getByTestId('job-summary')).toContainText('0 predicted, 3 skipped', { timeout: 60_000 });

  // A start that fails shows its error alone, not under the previous job's "done".
  await page.getByLabel('Input folder').fill(join(work, 'no-such-photos'));
  await page.getByRole('button', { name: 'Run inference' }).click();
  await expect(page.getByTestId('infer-error')).toBeVisible();
  await expect(page.getByTestId('job-status')).toHaveCount(0);
  await page.getByTestId('infer-error').getByRole('button', { name: /^Show job/ }).click();
  await expect(page.getByTestId('job-status')).toHaveText('done');
});

test('exports colour masks of the annotations and checks them on disk', async ({ page }, testInfo) => {
  const output = join(work, 'masks');
  await page.goto(server.url);
  await page.getByRole('tab', { name: 'Export' }).click();
  const card = page.getByTestId('export-masks');
  await card.getByLabel('Split').fill('val');
  await card.getByLabel('Output folder').fill(output);
  await card.getByRole('button', { name: 'Export masks' }).click();
  await expect(card.getByTestId('job-status')).toHaveText('done', { timeout: 60_000 });
  await expect(card.getByTestId('job-summary')).toContainText('files written');

  // The exported colours equal the dataset's stored official gtFine_color for a clean frame.
  const name = 'lakeside_000000_000019_gtFine_color.png';
  const exported = join(output, 'gtFine', 'val', 'lakeside', name);
  expect(existsSync(exported)).toBe(true);
  const ours = await sharp(exported).removeAlpha().raw().toBuffer();
  const official = await sharp(join(SAMPLE, 'gtFine', 'val', 'lakeside', name)).removeAlpha().raw().toBuffer();
  expect(ours.equals(official)).toBe(true);

  const report = page.getByTestId('export-report');
  await report.getByLabel('Output folder').fill(join(work, 'report'));
  await report.getByRole('button', { name: 'Export' }).click();
  await expect(report.getByTestId('job-status')).toHaveText('done', { timeout: 30_000 });
  await page.screenshot({ path: testInfo.outputPath('export.png'), fullPage: true });
  expect(readdirSync(join(work, 'report')).sort()).toEqual(expect.arrayContaining(['classes.csv', 'config.json', 'metrics.csv', 'metrics.json']));

  // The browser studio cannot open the folder: the card offers it as a zip.
  const download = page.waitForEvent('download');
  await report.getByTestId('export-download').click();
  const zip = readFileSync((await (await download).path())!);
  expect((await download).suggestedFilename()).toMatch(/^segstudio-report-job-\d+\.zip$/);
  expect(zip.readUInt32LE(0)).toBe(0x04034b50);
  for (const file of ['classes.csv', 'config.json', 'metrics.csv', 'metrics.json']) expect(zip.includes(file)).toBe(true);
});
