import { describe, expect, it } from 'vitest';
import { joinDemoForSuite, screenshot, waitForJoined, type JoinedDemo } from './helpers/browser';

/**
 * The same RTC uid joining from another device makes Agora close the OLDER
 * client with UID_BANNED (docs/agora-behaviour.md §1b, RTC paragraph): nobody banned
 * anyone, so the page must not say so.
 */
describe('the same user joins from another device', () => {
  let joined: JoinedDemo;
  joinDemoForSuite('Dee on two devices', (j) => (joined = j));

  it('closes this page with a message that does not accuse the user, and joins again', async () => {
    const { page, demo } = joined;
    await page.getByRole('button', { name: 'Join as you from another device' }).click();
    const error = page.getByTestId('join-error');
    await error.waitFor({ timeout: 10_000 });
    const text = (await error.textContent()) ?? '';
    expect(text).toContain('Disconnected from the channel');
    expect(text).toContain('RTC_UID_CLOSED');
    expect(text).toContain('the same user joins this stream from another device or tab');
    expect(text).not.toMatch(/removed you|banned you|you were (removed|banned)|you are banned/i);
    await screenshot(page, 'same-user-other-device');

    // joining again here closes the other device's client in turn (it is the older one now)
    await page.getByRole('button', { name: 'Try again' }).click();
    await waitForJoined(page);
    await expect(page.getByTestId('join-error').count()).resolves.toBe(0);
    demo.assertNoUnexpectedErrors();
  });
});
