/**
 * Takes docs/demo.png: builds the demo, serves it, joins a simulated channel
 * in Debian's Chromium (playwright-core, no browser download) and captures the
 * main screen. Run: `pnpm --filter @audience-presence/demo screenshot`.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { chromiumLaunchOptions } from '@audience-presence/test-utils';
import { pngStats } from '../test/helpers/png';
import { buildDemo, DEMO_DIR, E2E_DIST, startPreview } from '../test/helpers/serve';

const OUT = join(DEMO_DIR, '..', '..', 'docs', 'demo.png');

await buildDemo(E2E_DIST);
const preview = await startPreview(E2E_DIST);
const browser = await chromium.launch(chromiumLaunchOptions);
try {
  const page = await browser.newPage({ viewport: { width: 1360, height: 1000 }, locale: 'en-US' });
  await page.goto(`${preview.url}/?viewers=60`);
  await page.getByLabel('Display name').fill('Sam');
  await page.getByRole('button', { name: 'Join' }).click();
  await page.locator('[data-testid="connection-status"][data-status="joined"]').waitFor();
  await page.getByRole('button', { name: '+1 host' }).click();
  await page.getByRole('button', { name: '+100', exact: true }).click();
  await page.getByRole('button', { name: 'Crash 10 viewers' }).click();
  await page.getByRole('button', { name: 'Raise 5 hands' }).click();
  // wait for the INTERVAL that carries the joins and the timeouts
  await page.waitForFunction(
    () =>
      document.querySelector('[data-testid="activity-feed"]')?.textContent?.includes('timed out'),
    undefined,
    { timeout: 30_000 },
  );
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.mouse.move(0, 0);
  const png = await page.screenshot();
  const stats = pngStats(png);
  if (stats.colours < 50) throw new Error('the screenshot looks blank');
  writeFileSync(OUT, png);
  console.log(`wrote ${OUT} (${stats.width}x${stats.height}, ${stats.colours} colours)`);
} finally {
  await browser.close();
  await preview.stop();
}
