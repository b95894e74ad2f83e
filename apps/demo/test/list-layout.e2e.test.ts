import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  joinAs,
  openBrowser,
  openDemo,
  screenshot,
  waitForJoined,
  watchingCount,
} from './helpers/browser';

/** layout and scrolling settle within a frame or two; a loaded machine gets longer */
const POLL = { timeout: 10_000 };

/** What the list's scroller shows, measured in the page (CSS px). */
interface ListGeometry {
  readonly viewportHeight: number;
  /** top of the list's scroller, from the top of the viewport */
  readonly scrollerTop: number;
  /** height of the member rows visible inside the scroller and the viewport */
  readonly visibleRowsHeight: number;
  readonly visibleRows: number;
  /** highest aria-posinset among the visible rows */
  readonly lastVisiblePosition: number;
}

const listGeometry = (page: Page): Promise<ListGeometry> =>
  page.evaluate(() => {
    const region = document.querySelector('section[aria-label="Audience"]');
    const scroller = region?.querySelector('.ap-audience-list__scroller');
    if (!scroller) throw new Error('no AudienceList scroller');
    const box = scroller.getBoundingClientRect();
    const bottom = Math.min(box.bottom, window.innerHeight);
    let visibleRowsHeight = 0;
    let visibleRows = 0;
    let lastVisiblePosition = 0;
    for (const row of scroller.querySelectorAll('[role="listitem"]')) {
      const r = row.getBoundingClientRect();
      const shown = Math.min(r.bottom, bottom) - Math.max(r.top, box.top);
      if (shown > 0) {
        visibleRowsHeight += shown;
        visibleRows++;
        lastVisiblePosition = Math.max(
          lastVisiblePosition,
          Number(row.getAttribute('aria-posinset')),
        );
      }
    }
    return {
      viewportHeight: window.innerHeight,
      scrollerTop: box.top,
      visibleRowsHeight,
      visibleRows,
      lastVisiblePosition,
    };
  });

/** A big channel in the demo: the list must use its column, not a small box. */
describe('demo layout: the audience list fills its column', () => {
  let browser: Awaited<ReturnType<typeof openBrowser>>;
  let page: Page;
  beforeAll(async () => {
    browser = await openBrowser(); // 1360 x 900
    page = (await openDemo(browser.context, '?viewers=1000')).page;
    await joinAs(page, 'Lena Layout', 'audience');
    await waitForJoined(page);
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('shows rows from the list top to the bottom of the window for 1,000 viewers', async () => {
    // interval mode names the crowd with the next INTERVAL (10 s in the demo)
    await expect.poll(() => watchingCount(page), { timeout: 30_000 }).toBeGreaterThan(1000);
    // scrolled to the top of the page, as after joining
    await page.evaluate(() => window.scrollTo(0, 0));
    await expect
      .poll(async () => {
        const g = await listGeometry(page);
        // the space from the scroller's top to the bottom of the window
        return g.visibleRowsHeight / (g.viewportHeight - g.scrollerTop);
      }, POLL)
      .toBeGreaterThan(0.8);
    const g = await listGeometry(page);
    expect(g.scrollerTop).toBeLessThan(g.viewportHeight / 2);
    expect(g.visibleRows).toBeGreaterThan(10);
    await screenshot(page, 'list-fills-column');
  });

  it('keeps filling it after scrolling inside the list', async () => {
    const scroller = page.locator('section[aria-label="Audience"] .ap-audience-list__scroller');
    await scroller.hover();
    await page.mouse.wheel(0, 48 * 300);
    await expect
      .poll(async () => (await listGeometry(page)).lastVisiblePosition, POLL)
      .toBeGreaterThan(300);
    await expect
      .poll(async () => {
        const g = await listGeometry(page);
        return g.visibleRowsHeight / (g.viewportHeight - Math.max(0, g.scrollerTop));
      }, POLL)
      .toBeGreaterThan(0.8);
    await screenshot(page, 'list-fills-column-scrolled');
  });
});
