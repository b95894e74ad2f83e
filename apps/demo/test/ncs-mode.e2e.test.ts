import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import {
  chartSummary,
  joinDemoForSuite,
  screenshot,
  simTruth,
  waitForJoined,
  watchingCount,
  type DemoPage,
} from './helpers/browser';
import { E2E_NCS_SECRET } from './helpers/global-setup';

/**
 * NCS mode: the simulator plays Agora's Notification Center and POSTs signed
 * webhooks (duplicated and reordered) to a running apps/server through the
 * demo server's proxy; the list is read from the server's live feed (SSE).
 */
describe('NCS mode: webhooks to apps/server, list from its live feed', () => {
  let demo: DemoPage;
  let page: Page;
  joinDemoForSuite('Nia Ncs', (joined) => ({ demo, page } = joined));

  it('switches to NCS with the server secret typed into the page', async () => {
    await page.getByLabel(/NCS secret/).fill(E2E_NCS_SECRET);
    await page.getByRole('button', { name: 'Switch to NCS webhooks' }).click();
    await expect
      .poll(() => page.getByText(/presence from apps\/server/).isVisible(), { timeout: 10_000 })
      .toBe(true);
    await waitForJoined(page);
    // our own RTC join reached the server as an NCS 105 (audience join) and came back on the feed
    await expect.poll(() => watchingCount(page), { timeout: 10_000 }).toBe(1);
    demo.assertNoUnexpectedErrors();
  });

  it('shows viewers that joined, left and went on stage, as the server tells it', async () => {
    await page.getByRole('button', { name: '+100', exact: true }).click();
    await expect.poll(() => watchingCount(page), { timeout: 15_000 }).toBe(101);
    await page.getByRole('button', { name: '10 leave' }).click();
    await expect.poll(() => watchingCount(page), { timeout: 15_000 }).toBe(91);
    await page.getByRole('button', { name: '+1 host' }).click();
    await expect.poll(() => page.getByTestId('host-tile').count(), { timeout: 15_000 }).toBe(1);
    const expected = await simTruth(page);
    expect(expected.watching).toBe(91);
    expect(expected.hosts).toBe(1);
    const feed = (await page.getByTestId('activity-feed').locator('li').allTextContents()).join(
      '\n',
    );
    expect(feed).toMatch(/ left$/m);
    expect(feed).toMatch(/ joined$/m);
    // the chart reads apps/server's /stats: our own join plus 100 viewers at the peak, 91 now
    await expect
      .poll(() => chartSummary(page), { timeout: 15_000 })
      .toMatch(/^peak 101 at \d\d:\d\d(:\d\d)? · latest \d+$/);
    const chart = page.getByTestId('audience-chart');
    expect(
      await chart.getByRole('figure', { name: 'Audience over time (server stats)' }).count(),
    ).toBe(1);
    expect(await chart.locator('circle.ap-audience-chart__peak').count()).toBe(1);
    await screenshot(page, 'ncs-mode');
    demo.assertNoUnexpectedErrors();
  });

  it('goes back to RTM presence', async () => {
    await page.getByRole('button', { name: 'Back to RTM presence' }).click();
    await expect
      .poll(() => page.getByText('Simulated channel (offline, in this page)').isVisible(), {
        timeout: 10_000,
      })
      .toBe(true);
    await expect.poll(() => watchingCount(page), { timeout: 15_000 }).toBe(91);
    demo.assertNoUnexpectedErrors();
  });
});
