import { expect, test, type Page } from '@playwright/test';
import { join } from 'node:path';
import sharp from 'sharp';
import { useSampleStudio } from './studio-server';

const SAMPLE = join(import.meta.dirname, '..', 'resources', 'sample-cityscapes');
const DEFECT_FRAME = 'gtFine/train/northfield/northfield_000005_000019_gtFine';

const studio = useSampleStudio();

async function openStudio(page: Page): Promise<void> {
  await page.goto(studio.server.url);
  await expect(page.getByTestId('frame-title')).toHaveText('ashbury_000000_000019');
  await expect(page.getByTestId('pane-photo').locator('canvas').first()).toBeVisible();
}

async function frameSwitchMs(page: Page, action: () => Promise<void>): Promise<number> {
  const before = await page.getByTestId('frame-title').textContent();
  await action();
  await expect(page.getByTestId('frame-title')).not.toHaveText(before!);
  await expect(page.locator('.loading')).toHaveCount(0);
  return Number(await page.getByTestId('frame-switch-ms').getAttribute('data-ms'));
}

async function pixelOf(file: string, x: number, y: number, depth: 'uchar' | 'ushort' = 'uchar'): Promise<number> {
  const image = depth === 'ushort' ? sharp(file).toColourspace('grey16').raw({ depth: 'ushort' }) : sharp(file).toColourspace('b-w').raw();
  const { data, info } = await image.toBuffer({ resolveWithObject: true });
  const p = y * info.width + x;
  return depth === 'ushort' ? data.readUInt16LE(p * 2) : data[p];
}

test('opens the sample, navigates frames and reports the frame-switch time', async ({ page }, testInfo) => {
  await openStudio(page);
  await expect(page.getByRole('listbox', { name: 'Frames' }).getByRole('option').first()).toContainText('ashbury_000000_000019');
  await page.screenshot({ path: testInfo.outputPath('studio-sample.png') });

  const times: number[] = [];
  for (let i = 0; i < 8; i++) times.push(await frameSwitchMs(page, () => page.keyboard.press('ArrowRight')));
  await expect(page.getByTestId('frame-title')).toHaveText('northfield_000000_000019');
  times.push(await frameSwitchMs(page, () => page.getByRole('button', { name: 'Previous frame' }).click()));
  await expect(page.getByTestId('frame-title')).toHaveText('ashbury_000007_000019');
  times.push(await frameSwitchMs(page, () => page.getByRole('button', { name: 'Next frame' }).click()));
  times.push(await frameSwitchMs(page, () => page.getByRole('option', { name: /riverton_000002_000019/ }).click()));

  const sorted = [...times].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)];
  testInfo.annotations.push({ type: 'frame-switch-ms', description: `median ${median.toFixed(1)} ms over ${times.length} switches (max ${sorted.at(-1)!.toFixed(1)})` });
  console.log(`frame switch on the sample: median ${median.toFixed(1)} ms, all: ${times.map((t) => t.toFixed(0)).join(', ')}`);
});

test('the hover readout matches the official label buffers at the pixel under the cursor', async ({ page }, testInfo) => {
  await openStudio(page);
  const pane = page.getByTestId('pane-generated');
  const box = (await pane.boundingBox())!;
  const readout = page.getByTestId('pixel-readout');
  for (const [fx, fy] of [[0.5, 0.75], [0.3, 0.3], [0.8, 0.6]]) {
    await page.mouse.move(box.x + box.width * fx, box.y + box.height * fy);
    await expect(readout).toHaveAttribute('data-x', /\d+/);
    const x = Number(await readout.getAttribute('data-x'));
    const y = Number(await readout.getAttribute('data-y'));
    const base = join(SAMPLE, 'gtFine/train/ashbury/ashbury_000000_000019_gtFine_');
    expect(Number(await readout.getAttribute('data-label-id')), `labelId at ${x},${y}`).toBe(await pixelOf(`${base}labelIds.png`, x, y));
    expect(Number(await readout.getAttribute('data-train-id')), `trainId at ${x},${y}`).toBe(await pixelOf(`${base}labelTrainIds.png`, x, y));
    expect(Number(await readout.getAttribute('data-instance-id')), `instanceId at ${x},${y}`).toBe(await pixelOf(`${base}instanceIds.png`, x, y, 'ushort'));
  }
  await expect(readout).toContainText(/object #\d+ · official: /);
  await page.screenshot({ path: testInfo.outputPath('hover-readout.png') });
});

test('hiding a class removes it from the outlines, the generated and the official panes; solo and invert', async ({ page }, testInfo) => {
  await openStudio(page);
  const panes = ['pane-photo', 'pane-generated', 'pane-official'].map((id) => page.getByTestId(id));
  await page.getByLabel('Fill polygons').check();
  const shots = () => Promise.all(panes.map((pane) => pane.screenshot()));
  const before = await shots();
  await page.getByRole('checkbox', { name: 'Show road' }).uncheck();
  await page.getByRole('checkbox', { name: 'Show building' }).uncheck();
  await page.screenshot({ path: testInfo.outputPath('classes-hidden.png') });
  (await shots()).forEach((after, i) => expect(after.equals(before[i]), `pane ${i} changed`).toBe(false));
  await page.getByRole('checkbox', { name: 'Show road' }).check();
  await page.getByRole('checkbox', { name: 'Show building' }).check();
  (await shots()).forEach((after, i) => expect(after.equals(before[i])).toBe(true));

  await page.getByRole('button', { name: 'Solo road' }).click();
  await expect(page.getByRole('checkbox', { name: 'Show road' })).toBeChecked();
  await expect(page.getByRole('checkbox', { name: 'Show building' })).not.toBeChecked();
  await page.getByRole('button', { name: 'Invert' }).click();
  await expect(page.getByRole('checkbox', { name: 'Show road' })).not.toBeChecked();
  await expect(page.getByRole('checkbox', { name: 'Show building' })).toBeChecked();
  await page.getByRole('button', { name: 'Solo road' }).click();
  await page.getByRole('button', { name: 'Solo road' }).click();
  await expect(page.getByRole('checkbox', { name: 'Show building' })).toBeChecked();
  (await shots()).forEach((after, i) => expect(after.equals(before[i])).toBe(true));
});

test('the deliberately stale color mask shows up in the diff pane', async ({ page }, testInfo) => {
  await openStudio(page);
  await page.getByLabel('Search frames').fill('northfield_000005');
  await page.locator(`[data-frame-id="${DEFECT_FRAME}"]`).click();
  await expect(page.getByTestId('frame-title')).toHaveText('northfield_000005_000019');
  const status = page.getByRole('region', { name: 'Diff pane' }).locator('.pane-status');
  await expect(status).toHaveText(/px differ/);
  const count = Number((await status.textContent())!.replace(/[^\d]/g, ''));
  expect(count).toBeGreaterThan(0);
  await page.getByRole('button', { name: 'Next differing region' }).click();
  await page.screenshot({ path: testInfo.outputPath('diff-defect-frame.png') });

  await page.getByLabel('Search frames').fill('ashbury_000001');
  await page.getByRole('option', { name: /ashbury_000001_000019/ }).click();
  await expect(status).toHaveText('0 px differ');
});

test('a QA mark with a note survives a reload and can be filtered and exported', async ({ page }, testInfo) => {
  await openStudio(page);
  await page.getByRole('option', { name: /ashbury_000002_000019/ }).click();
  await expect(page.getByTestId('frame-title')).toHaveText('ashbury_000002_000019');
  await page.getByLabel('QA note').fill('pole top is cut off');
  await page.getByTestId('qa-needs-fix').click();
  await expect(page.getByTestId('qa-status')).toHaveAttribute('data-status', 'needs-fix');

  await page.reload();
  await expect(page.getByTestId('frame-title')).toHaveText('ashbury_000002_000019');
  await page.getByLabel('QA status filter').selectOption('needs-fix');
  await expect(page.getByRole('listbox', { name: 'Frames' }).getByRole('option')).toHaveCount(1);
  await page.getByRole('option', { name: /ashbury_000002_000019/ }).click();
  await expect(page.getByTestId('qa-status')).toHaveAttribute('data-status', 'needs-fix');
  await expect(page.getByLabel('QA note')).toHaveValue('pole top is cut off');
  await page.screenshot({ path: testInfo.outputPath('qa-mark-after-reload.png') });

  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export QA report CSV' }).click();
  const file = await (await download).path();
  const { readFileSync } = await import('node:fs');
  expect(readFileSync(file, 'utf8')).toContain('gtFine/train/ashbury/ashbury_000002_000019_gtFine,needs-fix,pole top is cut off');
});

/** Per QA pane, the region outline it shows (read from Konva, which keeps its stages on window), or null. */
function regionOutlines(page: Page): Promise<Array<{ x: number; y: number; width: number; height: number } | null>> {
  return page.evaluate(() => {
    type Node = { visible(): boolean; dash(): number[] | undefined; stroke(): string | undefined; x(): number; y(): number; width(): number; height(): number };
    const konva = (window as unknown as { Konva: { stages: Array<{ container(): HTMLElement; find(selector: string): Node[] }> } }).Konva;
    return konva.stages
      .filter((stage) => stage.container().closest('.panes'))
      .map((stage) => {
        const outline = stage.find('Rect').find((rect) => rect.visible() && rect.stroke() !== undefined && (rect.dash()?.length ?? 0) > 0);
        return outline ? { x: outline.x(), y: outline.y(), width: outline.width(), height: outline.height() } : null;
      });
  });
}

test('a QA region dragged on one pane is outlined on every pane and saved with the mark', async ({ page }, testInfo) => {
  await openStudio(page);
  await page.getByRole('option', { name: /ashbury_000003_000019/ }).click();
  await expect(page.getByTestId('frame-title')).toHaveText('ashbury_000003_000019');
  await expect.poll(() => regionOutlines(page)).toEqual([null, null, null, null]);

  await page.getByRole('button', { name: 'Draw region' }).click();
  const box = (await page.getByTestId('pane-generated').boundingBox())!;
  await page.mouse.move(box.x + box.width * 0.3, box.y + box.height * 0.3);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * 0.6, box.y + box.height * 0.7, { steps: 8 });
  const dragged = await regionOutlines(page);
  expect(dragged[0]).not.toBeNull();
  expect(dragged[0]!.width).toBeGreaterThan(1);
  expect(dragged).toEqual([dragged[0], dragged[0], dragged[0], dragged[0]]);
  await page.mouse.up();
  await page.screenshot({ path: testInfo.outputPath('qa-region.png') });

  await page.getByTestId('qa-question').click();
  await expect(page.getByTestId('qa-status')).toHaveText('Marked question (region)');
  await page.getByRole('button', { name: 'Clear region' }).click();
  await expect.poll(() => regionOutlines(page)).toEqual([null, null, null, null]);
});

test('every request without the token gets 401', async ({ request }) => {
  for (const path of ['/', '/index.html', '/api/rpc/app.info', '/api/binary/photo?datasetId=1&frameId=x']) {
    const response = path.startsWith('/api/rpc') ? await request.post(studio.server.origin + path, { data: {} }) : await request.get(studio.server.origin + path);
    expect(response.status(), path).toBe(401);
  }
  expect((await request.get(studio.server.url)).status()).toBe(200);
});

test('keys: 1 marks OK and moves on, ? lists the keys, the frame list and panes take focus', async ({ page }) => {
  await openStudio(page);
  await page.keyboard.press('?');
  await expect(page.getByRole('dialog', { name: 'Keyboard shortcuts' })).toContainText('mark needs fix');
  await page.keyboard.press('Escape');
  await expect(page.getByRole('dialog', { name: 'Keyboard shortcuts' })).toHaveCount(0);
  await page.keyboard.press('1');
  await expect(page.getByTestId('frame-title')).toHaveText('ashbury_000001_000019');
  await expect(page.locator('[data-frame-id="gtFine/train/ashbury/ashbury_000000_000019_gtFine"] .status')).toHaveAttribute('data-status', 'ok');
  await page.getByRole('listbox', { name: 'Frames' }).focus();
  await expect(page.getByRole('listbox', { name: 'Frames' })).toHaveAttribute('aria-activedescendant', 'frame-row-1');
  await page.getByTestId('pane-photo').focus();
  await expect(page.getByTestId('pane-photo')).toBeFocused();
});

test('clicking an annotation problem selects its object and centres on it', async ({ page }) => {
  await openStudio(page);
  await page.getByLabel('Search frames').fill('lakeside_000001');
  await page.getByRole('option', { name: /lakeside_000001_000019/ }).click();
  await expect(page.getByTestId('frame-title')).toHaveText('lakeside_000001_000019');
  const problem = page.getByRole('region', { name: 'Annotation problems' }).getByRole('button', { name: /object 63/ });
  await problem.click();
  const readout = page.getByTestId('pixel-readout');
  await expect(readout).toHaveAttribute('data-pinned', 'true');
  await expect(readout).toContainText('object #63');
});

test('at 1100x700 the legend fits and the panes keep their height; panes re-fit on resize; the frame list and legend fold away', async ({ page }, testInfo) => {
  await openStudio(page);
  await page.setViewportSize({ width: 1100, height: 700 });
  const paneBody = page.getByTestId('pane-photo');
  // Re-fitted to the smaller panes: the pane's centre still shows the frame's centre (512x256).
  await expect(async () => {
    const box = (await paneBody.boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    const readout = page.getByTestId('pixel-readout');
    expect(Math.abs(Number(await readout.getAttribute('data-x')) - 256)).toBeLessThan(6);
    expect(Math.abs(Number(await readout.getAttribute('data-y')) - 128)).toBeLessThan(6);
  }).toPass({ timeout: 5000 });
  await page.screenshot({ path: testInfo.outputPath('qa-1100x700.png') });
  const legend = page.getByRole('region', { name: 'Legend' });
  const legendFits = await legend.evaluate((el) => el.scrollWidth <= el.clientWidth + 1 && el.clientWidth >= 200);
  const height = (await paneBody.boundingBox())!.height;
  console.log(`1100x700: legend ${await legend.evaluate((el) => `${el.clientWidth}/${el.scrollWidth}`)} px, photo pane ${height} px tall`);
  expect(legendFits).toBe(true);
  expect(height).toBeGreaterThan(200);

  const width = (await paneBody.boundingBox())!.width;
  await page.getByRole('button', { name: 'Hide the frame list' }).click();
  await expect(page.getByRole('listbox', { name: 'Frames' })).toBeHidden();
  await expect.poll(async () => (await paneBody.boundingBox())!.width).toBeGreaterThan(width + 50);
  await page.getByRole('button', { name: 'Hide the legend' }).click();
  await expect(legend).toHaveCount(0);
  await page.getByRole('button', { name: 'Show the frame list' }).click();
  await expect(page.getByRole('listbox', { name: 'Frames' })).toBeVisible();
});

test('at 1100x700 the QA buttons are on screen and drawing a region does not move the panes', async ({ page }) => {
  await page.setViewportSize({ width: 1100, height: 700 });
  await openStudio(page);
  for (const name of ['Draw region', 'Clear region', 'Export QA report CSV']) await expect(page.getByRole('button', { name })).toBeInViewport({ ratio: 1 });
  await page.keyboard.press('2');
  await expect(page.locator('[data-frame-id="gtFine/train/ashbury/ashbury_000000_000019_gtFine"] .status')).toHaveText('fix');
  // Frame names are shown whole beside a status badge.
  expect(await page.locator('.frame-stem').evaluateAll((stems) => stems.filter((s) => s.scrollWidth > s.clientWidth).map((s) => s.textContent))).toEqual([]);
  const pane = page.getByTestId('pane-generated');
  const before = (await pane.boundingBox())!;
  await page.getByRole('button', { name: 'Draw region' }).click();
  await page.mouse.move(before.x + before.width * 0.3, before.y + before.height * 0.3);
  await page.mouse.down();
  await page.mouse.move(before.x + before.width * 0.6, before.y + before.height * 0.7, { steps: 4 });
  await page.mouse.up();
  await expect(page.getByRole('button', { name: 'Clear region' })).toBeEnabled();
  expect(await pane.boundingBox()).toEqual(before);
  await page.screenshot({ path: test.info().outputPath('qa-1100x700-region.png') });
});
