import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { joinAs, openBrowser, openDemo, screenshot, type DemoPage } from './helpers/browser';

/** The provider's bound on every Agora step in real mode (src/real/real-demo.tsx). */
const JOIN_TIMEOUT_MS = 15_000;
/** Loading the SDK chunks and Agora's own retries come on top of the join timeout. */
const SLACK_MS = 10_000;

/**
 * The only console errors real mode may cause here: Chromium reporting that
 * Agora's servers cannot be resolved (this machine has no Internet, which is
 * the "no network" case). Anything else, and every uncaught exception, fails.
 */
const EXPECTED_OFFLINE_ERRORS = [
  /^console\.error: Failed to load resource: net::ERR_[A-Z_]+ @ https:\/\/[^/]*(agora\.io|sd-rtn\.com|agoralab\.co)\//,
];

describe('real mode with a bogus App ID (and no route to Agora)', () => {
  let browser: Awaited<ReturnType<typeof openBrowser>>;
  let demo: DemoPage;

  beforeAll(async () => {
    browser = await openBrowser();
    demo = await openDemo(browser.context, '?appId=0123456789abcdef0123456789abcdef');
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('says it is in real mode before joining', async () => {
    await expect(demo.page.getByText(/Real Agora \(App ID 012345…\)/).isVisible()).resolves.toBe(
      true,
    );
    // the SDKs are loaded only once the user joins
    expect(demo.requests.filter((url) => /agora/i.test(url))).toEqual([]);
  });

  it('ends in a clear error on screen within the join timeout, with no uncaught exception', async () => {
    const started = Date.now();
    await joinAs(demo.page, 'Tess Tester', 'audience');
    const error = demo.page.getByTestId('join-error');
    await error.waitFor({ timeout: JOIN_TIMEOUT_MS + SLACK_MS });
    const elapsed = Date.now() - started;
    expect(elapsed).toBeLessThan(JOIN_TIMEOUT_MS + SLACK_MS);
    const text = (await error.textContent()) ?? '';
    expect(text).toContain('Could not join the channel');
    expect(text).toMatch(/RTC_JOIN_(TIMEOUT|FAILED)|RTM_LOGIN_(TIMEOUT|FAILED)/);
    expect(text).toMatch(/App ID/);
    await expect(demo.page.getByRole('button', { name: 'Try again' }).isVisible()).resolves.toBe(
      true,
    );
    await expect
      .poll(() => demo.page.getByTestId('connection-status').getAttribute('data-status'))
      .toBe('failed');
    // the real-mode chunks were fetched lazily, on join
    expect(demo.requests.some((url) => /\/assets\/agora-rtc-react-[^/]+\.js$/.test(url))).toBe(
      true,
    );
    await screenshot(demo.page, 'real-mode-bogus-app-id');
    // let late SDK retries land before checking the console
    await demo.page.waitForTimeout(2_000);
    expect(demo.errors.filter((e) => e.startsWith('pageerror'))).toEqual([]);
    demo.assertNoUnexpectedErrors(EXPECTED_OFFLINE_ERRORS);
  });

  it('goes back to the join form', async () => {
    await demo.page.getByRole('button', { name: 'Back' }).click();
    await expect(demo.page.getByRole('button', { name: 'Join' }).isVisible()).resolves.toBe(true);
    await demo.page.waitForTimeout(1_000);
    demo.assertNoUnexpectedErrors(EXPECTED_OFFLINE_ERRORS);
  });
});

/** A token server that answers 500, as a misconfigured apps/server would (CORS allowed). */
async function brokenTokenServer(): Promise<{ server: Server; url: string; requests: unknown[] }> {
  const requests: unknown[] = [];
  const server = createServer((request, response) => {
    const cors = {
      'access-control-allow-origin': '*',
      'access-control-allow-headers': 'content-type',
      'access-control-allow-methods': 'POST, OPTIONS',
    };
    if (request.method === 'OPTIONS') return void response.writeHead(204, cors).end();
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      requests.push(JSON.parse(body) as unknown);
      response.writeHead(500, { ...cors, 'content-type': 'application/json' });
      response.end(JSON.stringify({ error: { code: 'NOT_CONFIGURED' } }));
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  return { server, url: `http://127.0.0.1:${address.port}/token`, requests };
}

describe('real mode with a token server that fails', () => {
  let browser: Awaited<ReturnType<typeof openBrowser>>;
  let tokens: Awaited<ReturnType<typeof brokenTokenServer>>;

  beforeAll(async () => {
    browser = await openBrowser();
    tokens = await brokenTokenServer();
  });
  afterAll(async () => {
    await browser?.close();
    tokens?.server.close();
  });

  it('says the token server failed, before contacting Agora', async () => {
    const demo = await openDemo(
      browser.context,
      `?appId=0123456789abcdef0123456789abcdef&tokenUrl=${encodeURIComponent(tokens.url)}`,
    );
    await joinAs(demo.page, 'Tess Tester', 'host');
    const error = demo.page.getByTestId('join-error');
    await error.waitFor({ timeout: JOIN_TIMEOUT_MS });
    const text = (await error.textContent()) ?? '';
    expect(text).toContain('TOKEN_PROVIDER_FAILED');
    expect(text).toContain(`The token server at ${tokens.url} answered 500.`);
    expect(tokens.requests[0]).toEqual({
      channelName: 'demo-live',
      uid: expect.any(Number),
      role: 'host',
      rtmUserId: expect.stringMatching(/^\d+$/),
    });
    // the browser reports the 500 itself; nothing else may show up
    demo.assertNoUnexpectedErrors([
      /^console\.error: Failed to load resource: the server responded with a status of 500 .* @ http:\/\/127\.0\.0\.1:\d+\/token$/,
      ...EXPECTED_OFFLINE_ERRORS,
    ]);
  });
});
