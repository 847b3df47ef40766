import { _electron as electron, expect, test } from '@playwright/test';
import { existsSync, mkdtempSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { removeDir } from './studio-server';

const REPO = join(import.meta.dirname, '..');

/** The Electron binary's path, or why there is none. */
function electronBinary(): { path: string } | { missing: string } {
  try {
    const path = createRequire(import.meta.url)('electron') as unknown as string;
    if (existsSync(path)) return { path };
    return { missing: `the electron package is installed but its binary ${path} is not (npm start downloads it on first use; blocked on this network?)` };
  } catch (error) {
    return { missing: `no Electron binary: ${(error as Error).message.split('\n')[0]}` };
  }
}

const binary = electronBinary();
if ('missing' in binary) console.log(`electron spec skipped: ${binary.missing}`);

test('the desktop app opens the sample in the QA viewer over IPC', async ({}, testInfo) => {
  test.skip('missing' in binary, 'missing' in binary ? binary.missing : '');
  const userData = mkdtempSync(join(tmpdir(), 'segstudio-electron-'));
  const app = await electron.launch({
    executablePath: (binary as { path: string }).path,
    args: [REPO, '--no-sandbox'],
    env: { ...process.env, SEGSTUDIO_DATA_DIR: userData },
  });
  try {
    const window = await app.firstWindow();
    await expect(window.getByTestId('frame-title')).toHaveText('ashbury_000000_000019', { timeout: 30_000 });
    expect(await window.evaluate(() => typeof (window as unknown as { segstudio?: unknown }).segstudio)).toBe('object');
    expect(await window.evaluate(() => typeof (globalThis as unknown as { require?: unknown }).require)).toBe('undefined');
    await window.getByTestId('qa-ok').click();
    await expect(window.getByTestId('qa-status')).toHaveAttribute('data-status', 'ok');
    await window.screenshot({ path: testInfo.outputPath('electron-studio.png') });
  } finally {
    await app.close();
    removeDir(userData);
  }
});
