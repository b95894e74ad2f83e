/**
 * Takes docs/audience-chart.png: the demo's "N watching", AudienceList and
 * AudienceChart side by side after a minute of a simulated channel (viewers
 * arriving, churning, crashing, leaving). Builds and serves the demo, drives it
 * in Debian's Chromium (playwright-core, no browser download).
 * Run: `pnpm --filter @audience-presence/demo screenshot:chart`.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { chromiumLaunchOptions } from '@audience-presence/test-utils';
import { pngStats } from '../test/helpers/png';
import { buildDemo, DEMO_DIR, E2E_DIST, startPreview } from '../test/helpers/serve';

const OUT = join(DEMO_DIR, '..', '..', 'docs', 'audience-chart.png');

await buildDemo(E2E_DIST);
const preview = await startPreview(E2E_DIST);
const browser = await chromium.launch(chromiumLaunchOptions);
try {
  const page = await browser.newPage({ viewport: { width: 1360, height: 900 }, locale: 'en-US' });
  await page.goto(`${preview.url}/?viewers=40`);
  await page.getByLabel('Display name').fill('Sam');
  await page.getByRole('button', { name: 'Join' }).click();
  await page.locator('[data-testid="connection-status"][data-status="joined"]').waitFor();
  const click = (name: string) => page.getByRole('button', { name, exact: true }).click();
  await page.waitForTimeout(4_000);
  await click('+100');
  await page.waitForTimeout(12_000);
  await click('+100');
  await click('+100');
  await page.getByRole('radio', { name: '5', exact: true }).check();
  await page.waitForTimeout(12_000);
  await click('Crash 10 viewers');
  for (let i = 0; i < 6; i++) await click('10 leave');
  await page.waitForTimeout(14_000);
  await page.getByRole('radio', { name: 'off' }).check();
  await page.waitForTimeout(6_000);
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.mouse.move(0, 0);
  // the list column and the chart column, from the headline to the end of the list
  const list = await page.getByRole('region', { name: 'Audience' }).boundingBox();
  const headline = await page.getByTestId('watching-count').boundingBox();
  const chart = await page.getByTestId('audience-chart').boundingBox();
  if (list === null || headline === null || chart === null) throw new Error('nothing to capture');
  const x = list.x - 12;
  const y = headline.y - 12;
  const clip = {
    x,
    y,
    width: chart.x + chart.width + 12 - x,
    height: Math.min(list.y + list.height, y + 560) - y,
  };
  const png = await page.screenshot({ clip });
  const stats = pngStats(png);
  if (stats.colours < 50) throw new Error('the screenshot looks blank');
  writeFileSync(OUT, png);
  console.log(`wrote ${OUT} (${stats.width}x${stats.height}, ${stats.colours} colours)`);
} finally {
  await browser.close();
  await preview.stop();
}
