import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import {
  joinDemoForSuite,
  simTruth,
  waitForJoined,
  watchingCount,
  type DemoPage,
} from './helpers/browser';

const feedText = async (page: Page): Promise<string> =>
  (await page.getByTestId('activity-feed').locator('li').allTextContents()).join('\n');

/** The rest of the control panel: Agora's interval settings, hands, churn. */
describe('simulator controls', () => {
  let demo: DemoPage;
  let page: Page;
  joinDemoForSuite('Cleo Controls', (joined) => ({ demo, page } = joined));

  it('a higher interval-mode threshold keeps 100 viewers on single events', async () => {
    await page.getByLabel('Threshold (8–128 members)').fill('128');
    await page.getByRole('button', { name: 'Restart the channel with these settings' }).click();
    await waitForJoined(page);
    await page.getByRole('button', { name: '+100', exact: true }).click();
    // single REMOTE_JOIN events: no INTERVAL to wait for (the interval is 10 s)
    await expect.poll(() => watchingCount(page), { timeout: 3_000 }).toBe(101);
    expect(await page.getByTestId('interval-mode').count()).toBe(0);
    demo.assertNoUnexpectedErrors();
  });

  it('raised hands show in the list and the feed', async () => {
    await page.getByRole('button', { name: 'Raise 5 hands' }).click();
    await expect
      .poll(async () => (await feedText(page)).match(/raised a hand$/gm)?.length ?? 0)
      .toBe(5);
    await expect
      .poll(() => page.getByRole('region', { name: 'Audience' }).getByText('hand raised').count())
      .toBe(5);
    await page.getByRole('button', { name: 'Lower all hands' }).click();
    await expect
      .poll(() => page.getByRole('region', { name: 'Audience' }).getByText('hand raised').count())
      .toBe(0);
    demo.assertNoUnexpectedErrors();
  });

  it('churn brings joins, leaves and timeouts, and the count settles on the truth', async () => {
    await page.getByRole('radio', { name: '20' }).check();
    await page.waitForTimeout(3_000);
    await page.getByRole('radio', { name: 'off' }).check();
    const feed = await feedText(page);
    expect(feed).toMatch(/ joined$/m);
    expect(feed).toMatch(/ left$/m);
    // crashed churners time out 5 s later; then the screen and the simulator agree
    await expect
      .poll(async () => /timed out$/m.test(await feedText(page)), { timeout: 15_000 })
      .toBe(true);
    await expect
      .poll(async () => (await watchingCount(page)) === (await simTruth(page)).watching, {
        timeout: 15_000,
      })
      .toBe(true);
    demo.assertNoUnexpectedErrors();
  });
});
