import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { joinAs, openBrowser, openDemo, screenshot, type DemoPage } from './helpers/browser';

/**
 * A well-formed fake App ID: agora-rtm-sdk 2.3.0's constructor refuses
 * anything but 32 letters and digits with -10003 (docs/agora-behaviour.md §1b), so a
 * malformed one would never reach login.
 */
const FAKE_APP_ID = 'e2eFakeAppId0123456789abcdefABCD';
/** The demo's bound on every Agora step here (`?timeoutMs=`): the login deadline. */
const TIMEOUT_MS = 4_000;
/** Loading the SDK chunk (about 3 MB), the rollback (logout, leave) and a loaded machine. */
const SLACK_MS = 10_000;
const QUERY = `?appId=${FAKE_APP_ID}&rtc=sim&timeoutMs=${TIMEOUT_MS}`;

/**
 * The only console errors allowed: Chromium reporting that Agora's servers
 * cannot be resolved (this machine has no Internet: the "no network" case).
 */
const EXPECTED_OFFLINE_ERRORS = [
  /^console\.error: Failed to load resource: net::ERR_[A-Z_]+ @ https:\/\/[^/]*(agora\.io|sd-rtn\.com|agoralab\.co)\//,
  // The rollback after the deadline logs out, which cancels the pending login:
  // agora-rtm-sdk 2.3.0 then logs -10023 RTM_ERROR_LOGIN_CANCELED at ERROR level
  // itself (seen in its agora-rtm.js; the rejection is handled by the provider).
  /^console\.error: Ins#\d+ RTM:ERROR \[[^\]]*\]\[uid: [^\]]*\]<RTM> Error Code -10023: login failed with args: undefined\. /,
];

const rtmChunk = (url: string) => /\/assets\/agora-rtm-[^/]+\.js$/.test(url);
/** agora-rtm-sdk's login asks these first (ap-web-N.agora.io, web-N.ap.sd-rtn.com) */
const accessPoint = (url: string) =>
  /^https:\/\/[^/]+\.(agora\.io|sd-rtn\.com)\/api\/v1$/.test(url);
const rtcReactChunk = (url: string) => /\/assets\/agora-rtc-react-[^/]+\.js$/.test(url);

/** Joins as `name` and waits for the error panel; returns its text and how long it took. */
async function joinUntilError(
  demo: DemoPage,
  name: string,
): Promise<{ text: string; elapsed: number }> {
  const started = Date.now();
  await joinAs(demo.page, name, 'audience');
  const error = demo.page.getByTestId('join-error');
  await error.waitFor({ timeout: TIMEOUT_MS + SLACK_MS });
  return { text: (await error.textContent()) ?? '', elapsed: Date.now() - started };
}

describe('real agora-rtm-sdk login offline, RTC simulated (?rtc=sim)', () => {
  let browser: Awaited<ReturnType<typeof openBrowser>>;
  let demo: DemoPage;

  beforeAll(async () => {
    browser = await openBrowser();
    demo = await openDemo(browser.context, QUERY);
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('loads no SDK before joining', async () => {
    await expect(
      demo.page.getByText(/Real Agora \(App ID e2eFak…, RTC simulated in this page\)/).isVisible(),
    ).resolves.toBe(true);
    expect(demo.requests.filter((url) => /agora/i.test(url))).toEqual([]);
  });

  it('ends in RTM_LOGIN_TIMEOUT on screen once the login deadline passes, with no page error', async () => {
    const { text, elapsed } = await joinUntilError(demo, 'Tess Tester');
    console.log(`real RTM login offline: error on screen after ${elapsed} ms`);
    expect(text).toContain('Could not join the channel');
    expect(text).toContain('RTM_LOGIN_TIMEOUT');
    expect(text).toContain('Agora Signaling did not answer in time');
    // the login's own deadline ended it (RTC joined at once, the SDK loaded), not an early failure
    expect(elapsed).toBeGreaterThanOrEqual(TIMEOUT_MS);
    expect(elapsed).toBeLessThan(TIMEOUT_MS + SLACK_MS);
    await expect
      .poll(() => demo.page.getByTestId('connection-status').getAttribute('data-status'))
      .toBe('failed');
    // the real RTM SDK was loaded lazily, on join, and its login asked Agora's
    // access points (unreachable here); agora-rtc-react was never loaded
    expect(demo.requests.some(rtmChunk)).toBe(true);
    expect(demo.requests.some(accessPoint)).toBe(true);
    expect(demo.requests.some(rtcReactChunk)).toBe(false);
    await screenshot(demo.page, 'real-rtm-login-timeout');
    // let the SDK's late reconnect attempts land before checking the console
    await demo.page.waitForTimeout(2_000);
    expect(demo.errors.filter((e) => e.startsWith('pageerror'))).toEqual([]);
    demo.assertNoUnexpectedErrors(EXPECTED_OFFLINE_ERRORS);
  });
});

/** The userId the page's presence screen runs as (`window.__demo.userId`). */
function shownUserId(demo: DemoPage): Promise<string | undefined> {
  return demo.page.evaluate(() => window.__demo?.userId);
}

/** Back to the join form from the error panel. */
async function back(demo: DemoPage): Promise<void> {
  await demo.page.getByRole('button', { name: 'Back' }).click();
  await demo.page.getByRole('button', { name: 'Join' }).waitFor({ timeout: 5_000 });
}

/**
 * agora-rtm-sdk 2.3.0 allows one client per App ID + userId for the life of
 * the page: a second `new RTM(sameAppId, sameUserId)` throws -10027 even after
 * logout (docs/agora-behaviour.md §1b). The demo keeps one userId per display name, so
 * leaving and joining again as the same person is the route remount of a real
 * app; every join must reach the same login deadline, never a refused client.
 */
describe('real agora-rtm-sdk remount: leave and join again as the same user, A -> B -> A', () => {
  let browser: Awaited<ReturnType<typeof openBrowser>>;
  let demo: DemoPage;

  beforeAll(async () => {
    browser = await openBrowser();
    demo = await openDemo(browser.context, QUERY);
  });
  afterAll(async () => {
    await browser?.close();
  });

  const expectLoginTimeout = (text: string) => {
    expect(text).not.toContain('INVALID_ARGUMENT');
    expect(text).not.toContain('-10027');
    expect(text).toContain('RTM_LOGIN_TIMEOUT');
  };

  it('every join of Ana, then Bo, then Ana again ends in RTM_LOGIN_TIMEOUT', async () => {
    const first = await joinUntilError(demo, 'Ana');
    expectLoginTimeout(first.text);
    const ana = await shownUserId(demo);
    expect(ana).toMatch(/^\d+$/);

    // "Try again" in the same mount: the same client logs in again after its logout
    await demo.page.getByRole('button', { name: 'Try again' }).click();
    await expect
      .poll(() => demo.page.getByTestId('connection-status').getAttribute('data-status'), {
        timeout: 5_000,
      })
      .not.toBe('failed');
    const retried = Date.now();
    await demo.page.getByTestId('join-error').waitFor({ timeout: TIMEOUT_MS + SLACK_MS });
    expect(Date.now() - retried).toBeGreaterThanOrEqual(TIMEOUT_MS - 1_000);
    expectLoginTimeout((await demo.page.getByTestId('join-error').textContent()) ?? '');

    // leave (the provider unmounts) and come back as the same person
    await back(demo);
    const again = await joinUntilError(demo, 'Ana');
    expect(await shownUserId(demo)).toBe(ana);
    expectLoginTimeout(again.text);
    expect(again.elapsed).toBeGreaterThanOrEqual(TIMEOUT_MS);

    // another user, then the first one again
    await back(demo);
    const bo = await joinUntilError(demo, 'Bo');
    const boId = await shownUserId(demo);
    expect(boId).toMatch(/^\d+$/);
    expect(boId).not.toBe(ana);
    expectLoginTimeout(bo.text);

    await back(demo);
    const anaAgain = await joinUntilError(demo, 'Ana');
    expect(await shownUserId(demo)).toBe(ana);
    expectLoginTimeout(anaAgain.text);
    expect(anaAgain.elapsed).toBeGreaterThanOrEqual(TIMEOUT_MS);
    await screenshot(demo.page, 'real-rtm-remount-login-timeout');

    await demo.page.waitForTimeout(2_000);
    expect(demo.errors.filter((e) => e.startsWith('pageerror'))).toEqual([]);
    // The SDK numbers its instances in its logs ("Ins#1"): every join's
    // cancelled login (see EXPECTED_OFFLINE_ERRORS) names the instance that
    // made it, so Ana's joins all ran on one client and Bo's on a second.
    const cancelled = demo.errors
      .filter((e) => e.includes('Error Code -10023'))
      .map((e) => /Ins#(\d+) /.exec(e)?.[1]);
    expect(cancelled).toEqual(['1', '1', '1', '2', '1']);
    // agora-rtm-sdk 2.3.0 logs at ERROR level when a page makes its second
    // RTM instance (Bo's): once, never again for Ana's rejoin
    const secondInstance =
      /^console\.error: Ins#2 RTM:ERROR .*<RTM> Ins id is 2, please pay attention to avoid mutual kick issues/;
    expect(demo.errors.filter((e) => secondInstance.test(e))).toHaveLength(1);
    demo.assertNoUnexpectedErrors([...EXPECTED_OFFLINE_ERRORS, secondInstance]);
  });
});
