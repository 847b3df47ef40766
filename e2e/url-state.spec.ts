import { expect, test } from '@playwright/test';
import { useSampleStudio } from './studio-server';

const studio = useSampleStudio();

test('the URL keeps the frame and view across a reload, back/forward and a second window, without the token', async ({ page, context }) => {
  await page.goto(studio.server.url);
  const title = page.getByTestId('frame-title');
  await expect(title).toHaveText('ashbury_000000_000019');
  await page.getByRole('option', { name: /ashbury_000003_000019/ }).click();
  await expect(title).toHaveText('ashbury_000003_000019');
  await expect(page).toHaveURL(/#\/qa\?.*frame=.*ashbury_000003_000019/);
  expect(page.url()).not.toContain(studio.server.token);

  await page.reload();
  await expect(title).toHaveText('ashbury_000003_000019');
  await expect(page.getByRole('tab', { name: 'Dataset QA' })).toHaveAttribute('aria-selected', 'true');
  const qaLink = page.url();

  await page.getByRole('tab', { name: 'Train' }).click();
  await expect(page).toHaveURL(/#\/train/);
  await page.reload();
  await expect(page.getByRole('tab', { name: 'Train' })).toHaveAttribute('aria-selected', 'true');

  await page.goBack();
  await expect(page.getByRole('tab', { name: 'Dataset QA' })).toHaveAttribute('aria-selected', 'true');
  await expect(title).toHaveText('ashbury_000003_000019');
  await page.goForward();
  await expect(page.getByRole('tab', { name: 'Train' })).toHaveAttribute('aria-selected', 'true');

  // A link shared without the token opens where it says, in a second window of the same browser.
  const second = await context.newPage();
  await second.goto(qaLink.replace('ashbury_000003_000019', 'ashbury_000004_000019'));
  await expect(second.getByTestId('frame-title')).toHaveText('ashbury_000004_000019');
});
