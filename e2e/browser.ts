import { chromium } from '@playwright/test';
import { existsSync } from 'node:fs';

/** Playwright's own Chromium where it is installed, else Debian's (its download is blocked on some networks). */
export function chromiumExecutable(): string | undefined {
  const bundled = chromium.executablePath();
  if (bundled && existsSync(bundled)) return undefined;
  if (existsSync('/usr/bin/chromium')) return '/usr/bin/chromium';
  throw new Error('no Chromium found: install Playwright\'s (npx playwright install chromium) or Debian\'s (apt-get install chromium)');
}
