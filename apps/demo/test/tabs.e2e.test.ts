import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  joinAs,
  openBrowser,
  openDemo,
  screenshot,
  waitForJoined,
  type DemoPage,
} from './helpers/browser';

const stageNames = (page: Page): Promise<string[]> =>
  page.getByTestId('host-tile').allTextContents();
/** the AudienceList's host rows (they carry the "Host" badge) */
const hostRows = async (page: Page): Promise<string[]> =>
  (
    await page.getByRole('region', { name: 'Audience' }).getByRole('listitem').allTextContents()
  ).filter((text) => text.includes('Host'));

/** Two tabs of one browser share the simulated channel over BroadcastChannel. */
describe('two tabs, one simulated channel', () => {
  let browser: Awaited<ReturnType<typeof openBrowser>>;
  let first: DemoPage;
  let second: DemoPage;

  beforeAll(async () => {
    browser = await openBrowser();
    first = await openDemo(browser.context, '?viewers=0');
    await joinAs(first.page, 'Ana in tab one', 'audience');
    await waitForJoined(first.page);
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('a host joining in a second tab appears under hosts in the first', async () => {
    second = await openDemo(browser.context, '?viewers=0');
    await joinAs(second.page, 'Bo in tab two', 'host');
    await expect
      .poll(() => stageNames(first.page), { timeout: 10_000 })
      .toEqual([expect.stringContaining('Bo in tab two')]);
    await expect
      .poll(() => hostRows(first.page))
      .toEqual([expect.stringContaining('Bo in tab two')]);
    // and the second tab sees the first one in its audience
    await expect
      .poll(async () => second.page.getByRole('region', { name: 'Audience' }).textContent(), {
        timeout: 10_000,
      })
      .toContain('Ana in tab one');
    await expect
      .poll(async () => first.page.getByTestId('activity-feed').textContent())
      .toContain('Bo in tab two joined');
    await screenshot(first.page, 'tabs-first-sees-host');
    first.assertNoUnexpectedErrors();
    second.assertNoUnexpectedErrors();
  });

  it('switching your own role moves you to the stage, in both tabs, and back', async () => {
    await first.page.getByRole('button', { name: 'Go on stage' }).click();
    await expect
      .poll(() => stageNames(first.page), { timeout: 10_000 })
      .toEqual(
        expect.arrayContaining([
          expect.stringContaining('Ana in tab one (you)'),
          expect.stringContaining('Bo in tab two'),
        ]),
      );
    await expect.poll(() => hostRows(first.page)).toHaveLength(2);
    await expect
      .poll(() => stageNames(second.page), { timeout: 10_000 })
      .toEqual(expect.arrayContaining([expect.stringContaining('Ana in tab one')]));
    await screenshot(second.page, 'tabs-second-sees-both-hosts');

    await first.page.getByRole('button', { name: 'Leave the stage' }).click();
    await expect
      .poll(() => stageNames(first.page), { timeout: 10_000 })
      .toEqual([expect.stringContaining('Bo in tab two')]);
    await expect
      .poll(() => stageNames(second.page), { timeout: 10_000 })
      .toEqual([expect.stringContaining('Bo in tab two (you)')]);
    first.assertNoUnexpectedErrors();
    second.assertNoUnexpectedErrors();
  });

  it('a raised hand in one tab shows in the other', async () => {
    await second.page.getByRole('button', { name: 'Raise your hand' }).click();
    await expect
      .poll(async () => first.page.getByTestId('activity-feed').textContent(), { timeout: 10_000 })
      .toContain('Bo in tab two raised a hand');
    await second.page.getByRole('button', { name: 'Lower your hand' }).click();
    await expect
      .poll(async () => first.page.getByTestId('activity-feed').textContent(), { timeout: 10_000 })
      .toContain('Bo in tab two lowered a hand');
    first.assertNoUnexpectedErrors();
    second.assertNoUnexpectedErrors();
  });

  it('a tab that goes silent times out in the other, and comes back', async () => {
    // dropping the network stops that tab's heartbeats: the others crash its mirror,
    // which then times out after the presence timeout, as on Agora
    await second.page.getByRole('button', { name: 'Drop the network' }).click();
    await expect
      .poll(async () => first.page.getByTestId('activity-feed').textContent(), { timeout: 20_000 })
      .toContain('Bo in tab two timed out');
    expect(await stageNames(first.page)).toEqual([]);
    await second.page.getByRole('button', { name: 'Restore the network' }).click();
    await expect
      .poll(() => stageNames(first.page), { timeout: 10_000 })
      .toEqual([expect.stringContaining('Bo in tab two')]);
    first.assertNoUnexpectedErrors();
    second.assertNoUnexpectedErrors();
  });

  it('closing the second tab makes its user leave the first tab', async () => {
    await second.page.close({ runBeforeUnload: true });
    await expect.poll(() => stageNames(first.page), { timeout: 15_000 }).toEqual([]);
    await expect
      .poll(async () => first.page.getByTestId('activity-feed').textContent())
      .toMatch(/Bo in tab two (left|timed out)/);
    first.assertNoUnexpectedErrors();
  });
});
