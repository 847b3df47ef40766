import { expect, test } from '@playwright/test';
import { recordApiTraffic, useSampleStudio } from './studio-server';

const studio = useSampleStudio();

test('click-to-train a cpu-demo run to completion with its curves and sample strip', async ({ page }, testInfo) => {
  test.setTimeout(240_000);
  const traffic = recordApiTraffic(page);
  await page.goto(studio.server.url);
  await page.getByRole('tab', { name: 'Train' }).click();
  await expect(page.getByTestId('engine')).toContainText(/Engine: (wasm|tensorflow)/);
  await expect(page.getByLabel('Preset')).toHaveValue('cpu-demo');

  // The sample keeps no label spec of its own: the built-in table; a spec file that cannot be read says so.
  const labels = page.getByTestId('labels');
  await expect(labels).toHaveText('Labels: cityscapes (19 classes, default)');
  await page.getByLabel('Label spec file').fill('/no/such/labels.json');
  await expect(labels).toHaveClass(/error/);
  await page.getByLabel('Label spec file').fill('');
  await expect(labels).toHaveText('Labels: cityscapes (19 classes, default)');

  // Out of bounds: the form says so and will not start.
  await page.getByLabel('Epochs').fill('0');
  await expect(page.getByText('between 1 and 10000')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Start training' })).toBeDisabled();

  // A short run of the demo recipe, small enough for the suite.
  await page.getByLabel('Epochs').fill('2');
  await page.getByLabel('Width (base filters)').fill('4');
  await page.getByLabel('Input width').fill('128');
  await page.getByLabel('Input height').fill('64');
  await page.getByLabel('Run name').fill('e2e demo');
  await page.getByRole('button', { name: 'Start training' }).click();

  const monitor = page.getByTestId('run-monitor');
  await expect(monitor.getByRole('heading')).toContainText('e2e demo');
  await expect(page.getByTestId('run-status')).toHaveText('running', { timeout: 60_000 });
  await expect(page.getByTestId('progress')).toContainText('images/s', { timeout: 60_000 });
  await page.screenshot({ path: testInfo.outputPath('train-running.png') });

  // Pause between steps; the pause holds while the window is closed and reopened.
  await page.getByRole('button', { name: 'Pause' }).click();
  await expect(page.getByTestId('run-status')).toHaveText('paused', { timeout: 60_000 });
  await page.reload();
  await page.getByRole('tab', { name: 'Train' }).click();
  await expect(page.getByTestId('run-status')).toHaveText('paused');
  await expect(page.getByTestId('progress')).toContainText('images/s');
  const resumed = traffic.mark();
  await page.getByRole('button', { name: 'Resume' }).click();

  await expect(page.getByTestId('run-status')).toHaveText('done', { timeout: 180_000 });
  await expect(page.getByTestId('progress')).toContainText('epoch 2/2');
  for (const chart of ['loss-chart', 'miou-chart', 'class-chart']) await expect(page.getByTestId(chart).locator('canvas')).toBeVisible();
  // Without hovering, the legends show the newest values, not "--".
  const lossLegend = page.getByTestId('loss-chart').locator('.u-legend .u-value');
  await expect(lossLegend.first()).toHaveText('2');
  await expect(lossLegend.nth(1)).toHaveText(/^\d/);
  await expect(page.getByTestId('step-loss-chart').locator('canvas')).toBeVisible();
  await expect(page.getByTestId('sample-strip').getByTestId('strip-row')).toHaveCount(4);
  await expect(page.getByLabel('Sample epoch')).toHaveValue('2');
  await page.screenshot({ path: testInfo.outputPath('train-done.png'), fullPage: true });

  // Steps, epochs, samples and checkpoints went straight from their events into the view: no run was fetched
  // again, and the list only reloaded when told that the set of runs changed (here: the run left the queue).
  const sinceResume = traffic.since(resumed);
  const eventsOf = (type: string) => sinceResume.events.filter((e) => e.channel === 'run' && e.event.type === type);
  expect(eventsOf('epoch').length).toBeGreaterThanOrEqual(1);
  expect(eventsOf('sample').length).toBeGreaterThanOrEqual(1);
  expect(eventsOf('finished')).toHaveLength(1);
  expect(sinceResume.calls.filter((method) => method === 'runs.get')).toEqual([]);
  const listLoads = sinceResume.calls.filter((method) => method === 'runs.list').length;
  expect(listLoads).toBeLessThanOrEqual(sinceResume.events.filter((e) => e.channel === 'runs-changed').length);
});
