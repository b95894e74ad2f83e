import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, expect, inject } from 'vitest';
import { chromiumLaunchOptions } from '@audience-presence/test-utils';
import type { SimTruth } from '../../src/simulated/sim-world';
import { DEMO_DIR } from './serve';
import { pngStats } from './png';

/** Where screenshots go: an ignored folder at the repository root. */
export const ARTIFACTS_DIR = join(DEMO_DIR, '..', '..', '.artifacts', 'e2e');

/** A fresh browser profile; close it with `close()`. */
export async function openBrowser(): Promise<{
  context: BrowserContext;
  close: () => Promise<void>;
}> {
  const profile = mkdtempSync(join(tmpdir(), 'demo-e2e-'));
  const context = await chromium.launchPersistentContext(profile, {
    ...chromiumLaunchOptions,
    viewport: { width: 1360, height: 900 },
    locale: 'en-US',
  });
  return {
    context,
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** A page of the demo whose console errors and uncaught exceptions are recorded. */
export interface DemoPage {
  readonly page: Page;
  /** console errors and `pageerror`s, in order */
  readonly errors: string[];
  /** every URL the page requested */
  readonly requests: string[];
  /** fails unless every recorded error matches one of `expected` */
  assertNoUnexpectedErrors(expected?: readonly RegExp[]): void;
}

/** Opens the built demo at `query` (e.g. `?viewers=0`) in a new tab of `context`. */
export async function openDemo(context: BrowserContext, query = ''): Promise<DemoPage> {
  const page = await context.newPage();
  const errors: string[] = [];
  const requests: string[] = [];
  page.on('console', (message) => {
    // the location names the failing URL for network errors ("Failed to load resource")
    if (message.type() === 'error') {
      errors.push(`console.error: ${message.text()} @ ${message.location().url}`);
    }
  });
  page.on('pageerror', (error) => errors.push(`pageerror: ${error.stack ?? error.message}`));
  page.on('request', (request) => requests.push(request.url()));
  await page.goto(`${inject('demoUrl')}/${query}`);
  return {
    page,
    errors,
    requests,
    assertNoUnexpectedErrors(expected = []) {
      const unexpected = errors.filter((e) => !expected.some((pattern) => pattern.test(e)));
      expect(unexpected, 'unexpected console errors or exceptions').toEqual([]);
    },
  };
}

/** Fills the join form and joins. */
export async function joinAs(page: Page, name: string, role: 'audience' | 'host'): Promise<void> {
  await page.getByLabel('Display name').fill(name);
  await page.getByRole('radio', { name: role === 'host' ? 'Host' : 'Audience' }).check();
  await page.getByRole('button', { name: 'Join' }).click();
}

/** The "N watching" headline as a number. */
export async function watchingCount(page: Page): Promise<number> {
  const text = await page.getByTestId('watching-count').textContent();
  return Number((text ?? '').replace(/,/g, ''));
}

/**
 * The audience chart's text summary ("peak 101 at 10:42:13 · latest 91"): the
 * accessible name of its drawing after the title, so it also proves the SVG is there.
 */
export async function chartSummary(page: Page): Promise<string> {
  const chart = page.getByTestId('audience-chart');
  if ((await chart.getByRole('img').count()) === 0) return '(no drawing)';
  return (await chart.locator('.ap-audience-chart__summary').textContent()) ?? '';
}

/**
 * Saves a screenshot under .artifacts/e2e/ and checks it is not blank: a
 * real screen of the demo has text, buttons and tiles, so hundreds of colours.
 */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(ARTIFACTS_DIR, { recursive: true });
  const png = await page.screenshot({ fullPage: false });
  writeFileSync(join(ARTIFACTS_DIR, `${name}.png`), png);
  const stats = pngStats(png);
  expect(stats.width).toBeGreaterThan(0);
  expect(stats.height).toBeGreaterThan(0);
  expect(stats.colours, `${name}.png looks blank`).toBeGreaterThan(50);
}

/** Waits until the demo's connection status reads "joined". */
export async function waitForJoined(page: Page): Promise<void> {
  await page
    .locator('[data-testid="connection-status"][data-status="joined"]')
    .waitFor({ timeout: 10_000 });
}

/** The simulator's ground truth, read through the page's `window.__demo` handle. */
export function simTruth(page: Page): Promise<SimTruth> {
  return page.evaluate(() => {
    const handle = window.__demo;
    if (handle?.truth === undefined) throw new Error('window.__demo.truth is missing');
    return handle.truth();
  });
}

/** A fresh browser with the demo joined; close it with `browser.close()`. */
export interface JoinedDemo {
  readonly browser: Awaited<ReturnType<typeof openBrowser>>;
  readonly demo: DemoPage;
  readonly page: Page;
}

/**
 * Opens a fresh browser on the demo with no simulated viewers and joins as
 * `name` in the audience, waiting until the connection status reads joined.
 * The browser is closed again if any of that fails.
 */
export async function openJoinedDemo(name: string): Promise<JoinedDemo> {
  const browser = await openBrowser();
  try {
    const demo = await openDemo(browser.context, '?viewers=0');
    await joinAs(demo.page, name, 'audience');
    await waitForJoined(demo.page);
    return { browser, demo, page: demo.page };
  } catch (error) {
    await browser.close();
    throw error;
  }
}

/**
 * The hooks of a one-tab suite: before all its tests, {@link openJoinedDemo}
 * (the result goes to `ready`); after them, the browser is closed.
 */
export function joinDemoForSuite(name: string, ready: (joined: JoinedDemo) => void): void {
  let joined: JoinedDemo | undefined;
  beforeAll(async () => {
    joined = await openJoinedDemo(name);
    ready(joined);
  });
  afterAll(async () => {
    await joined?.browser.close();
  });
}
