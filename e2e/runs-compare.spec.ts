import { expect, test, type Page } from '@playwright/test';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startStudio, removeDir, trainTinyRun, type StudioServer } from './studio-server';

let server: StudioServer;
test.beforeAll(async () => {
  test.setTimeout(120_000);
  const dataDir = mkdtempSync(join(tmpdir(), 'segstudio-e2e-runs-'));
  await trainTinyRun(dataDir, ['--epochs', '1']);
  await trainTinyRun(dataDir, ['--epochs', '2', '--lr', '0.01']);
  server = await startStudio([], dataDir);
});
test.afterAll(async () => {
  await server?.stop();
  if (server) removeDir(server.dataDir);
});

async function openRuns(page: Page): Promise<void> {
  await page.goto(server.url);
  await expect(page.getByTestId('frame-title')).toBeVisible();
  await page.getByRole('tab', { name: 'Runs' }).click();
  await expect(page.getByTestId('runs-table').locator('tbody tr[data-run-id]')).toHaveCount(2);
}

/** How many QA panes show the dashed highlight outline of a polygon (read from Konva, which keeps its stages on window). */
function outlinedQaPanes(page: Page): Promise<number> {
  return page.evaluate(() => {
    const konva = (window as unknown as { Konva: { stages: Array<{ container(): HTMLElement; find(selector: string): Array<{ visible(): boolean; dash(): number[] | undefined; points(): number[] }> }> } }).Konva;
    return konva.stages
      .filter((stage) => stage.container().closest('.panes'))
      .filter((stage) => stage.find('Line').some((line) => line.visible() && (line.dash()?.length ?? 0) > 0 && line.points().length >= 6))
      .length;
  });
}

function row(page: Page, runId: number) {
  return page.locator(`tr[data-run-id="${runId}"]`);
}

test('compares two runs and jumps from an error pixel to the QA viewer', async ({ page }, testInfo) => {
  await openRuns(page);
  await expect(row(page, 1)).toContainText('1/1');
  await expect(row(page, 2)).toContainText('2/2');
  await expect(row(page, 2)).toContainText('done');

  await page.getByLabel('Compare run 1').check();
  await page.getByLabel('Compare run 2').check();
  await page.getByRole('button', { name: /^Compare \(2\)/ }).click();

  const comparison = page.getByTestId('run-comparison');
  await expect(comparison.getByTestId('compare-miou-chart').locator('canvas').first()).toBeVisible();
  await expect(comparison.getByTestId('compare-loss-chart').locator('canvas').first()).toBeVisible();
  await expect(comparison.getByTestId('class-iou-table').locator('tbody tr')).toHaveCount(19);
  await expect(comparison.getByTestId('class-iou-table').locator('tr[data-class="road"]')).toContainText('%');
  const diff = comparison.getByTestId('config-diff');
  await expect(diff.locator('tr[data-key="optimizer.lr"]')).toContainText('0.01');
  await expect(diff.locator('tr[data-key="epochs"]')).toBeVisible();
  await expect(diff.locator('tr[data-key="model.arch"]')).toHaveCount(0);

  for (const pane of ['compare-truth', 'compare-prediction-1', 'compare-prediction-2', 'compare-disagreement', 'compare-error-1', 'compare-error-2']) {
    await expect(comparison.getByTestId(pane).locator('canvas').first()).toBeVisible();
  }
  await expect(comparison.getByRole('region', { name: 'Predictions' })).toContainText(/px differ/);
  await expect(comparison.getByRole('region', { name: 'Predictions' })).toContainText(/px wrong/);
  await page.screenshot({ path: testInfo.outputPath('runs-compare-top.png') });

  const errorPane = comparison.getByTestId('compare-error-1');
  await errorPane.scrollIntoViewIfNeeded();
  const box = (await errorPane.boundingBox())!;
  const compareReadout = page.getByTestId('compare-readout');
  const otherBox = (await comparison.getByTestId('compare-prediction-2').boundingBox())!;
  const cornerPixel = async () => {
    await page.mouse.move(otherBox.x + 3, otherBox.y + 3);
    const [, x] = /^x (\d+), y (\d+)/.exec((await compareReadout.textContent())!)!;
    return Number(x);
  };
  expect(await cornerPixel()).toBeLessThan(2);
  await page.mouse.move(box.x + box.width * 0.5, box.y + box.height * 0.6);
  await expect(compareReadout).toContainText(/truth: .* #1: .* #2: /);
  await page.mouse.wheel(0, -400);
  // Zooming one pane zooms them all: the corner of another pane now shows a pixel further in.
  await expect.poll(cornerPixel).toBeGreaterThan(10);
  await page.screenshot({ path: testInfo.outputPath('runs-compare-predictions.png') });

  const frameStem = (await comparison.getByLabel('Compared frame').inputValue()).split('/').pop()!.replace(/_gtFine$/, '');
  await page.mouse.click(box.x + box.width * 0.5, box.y + box.height * 0.6);
  await expect(page.getByRole('tab', { name: 'Dataset QA' })).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByTestId('frame-title')).toHaveText(frameStem);
  const readout = page.getByTestId('pixel-readout');
  await expect(readout).toHaveAttribute('data-pinned', 'true');
  await expect(readout).toHaveAttribute('data-object-index', /\d+/);
  await expect(readout).toContainText(/object #\d+/);
  await expect.poll(() => outlinedQaPanes(page)).toBe(4);
  // The pixel itself is marked in every pane, and stays marked after the pointer passes over a pane.
  await expect(page.locator('[data-testid^="pane-"] [data-testid="pixel-marker"]')).toHaveCount(4);
  await page.getByTestId('pane-generated').hover();
  await expect(page.getByTestId('pane-photo').getByTestId('pixel-marker')).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath('qa-focus.png') });

  await page.getByRole('tab', { name: 'Runs' }).click();
  await expect(page.getByTestId('compare-prediction-2').locator('canvas').first()).toBeVisible();

  // The comparison is in the URL: a reload opens it again, before and after the runs list arrives.
  await expect(page).toHaveURL(/compare=1(%2C|,)2/);
  await page.reload();
  await expect(page.getByTestId('run-comparison')).toBeVisible();
  await expect(page.getByTestId('compare-prediction-2').locator('canvas').first()).toBeVisible();
});

test('a row opens its run page, which the URL keeps across a reload', async ({ page }) => {
  await openRuns(page);
  await row(page, 2).locator('td').nth(2).click();
  const runPage = page.getByTestId('run-page');
  await expect(runPage.getByTestId('run-monitor').getByRole('heading', { level: 2 })).toContainText('#2');
  await expect(runPage.getByTestId('run-config')).toContainText('"epochs": 2');
  await expect(runPage.getByTestId('class-iou-table')).toBeVisible();
  await expect(page).toHaveURL(/#\/runs\?(.*&)?run=2(&|$)/);
  await page.reload();
  await expect(page.getByTestId('run-page').getByTestId('run-monitor').getByRole('heading', { level: 2 })).toContainText('#2');
  await page.goBack();
  await expect(page.getByTestId('runs-table')).toBeVisible();
});

test('renames, tags, filters, sorts and deletes runs', async ({ page }, testInfo) => {
  await openRuns(page);
  await row(page, 1).getByRole('button', { name: 'Edit' }).click();
  await page.getByLabel('Run name').fill('baseline w4');
  await page.getByLabel('Run tags').fill('baseline, tiny');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(row(page, 1)).toContainText('baseline w4');
  await expect(row(page, 1).locator('.tag')).toHaveText(['baseline', 'tiny']);

  await page.getByLabel('Filter runs').fill('tiny');
  await expect(page.locator('tr[data-run-id]')).toHaveCount(1);
  await page.getByLabel('Filter runs').fill('');
  await page.getByRole('button', { name: /^Best mIoU/ }).click();
  await expect(page.locator('th[aria-sort="descending"]')).toContainText('Best mIoU');
  await page.screenshot({ path: testInfo.outputPath('runs-table.png') });

  page.once('dialog', (dialog) => {
    expect(dialog.message()).toContain('Delete run #2');
    void dialog.accept();
  });
  await row(page, 2).getByRole('button', { name: 'Delete' }).click();
  await expect(page.locator('tr[data-run-id]')).toHaveCount(1);
  expect(existsSync(join(server.dataDir, 'runs', '2'))).toBe(false);
  expect(existsSync(join(server.dataDir, 'runs', '1'))).toBe(true);
});
