import { createSimulatedCloud } from '@audience-presence/simulator';
import { renderHook, waitFor } from '@testing-library/react';
import type { IAgoraRTCClient } from 'agora-rtc-react';
import type { RTMClient } from 'agora-rtm-sdk';
import type { ReactNode } from 'react';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  AudiencePresenceProvider,
  createRealRtcClient,
  createRealRtmClient,
  useDualChannel,
  type AudiencePresenceProviderProps,
  type RtcClientLike,
  type RtmClient,
} from '../src/index';

// compile-time: the real SDK clients fit the provider's props as they are
const rtcFits = (client: IAgoraRTCClient): RtcClientLike => client;
const rtmFits = (client: RTMClient): RtmClient => client;
void rtcFits;
void rtmFits;

const APP_ID = '0123456789abcdef0123456789abcdef';

// the SDKs log a lot and retry against the closed network; keep the output readable
const quiet = ['log', 'info', 'warn', 'error', 'debug'] as const;
beforeAll(() => {
  for (const level of quiet) vi.spyOn(console, level).mockImplementation(() => undefined);
});
afterAll(() => vi.restoreAllMocks());

function wrapper(props: AudiencePresenceProviderProps) {
  return ({ children }: { children?: ReactNode }) => (
    <AudiencePresenceProvider {...props}>{children}</AudiencePresenceProvider>
  );
}

describe('real SDKs in jsdom (no network)', () => {
  it('createRealRtmClient / createRealRtcClient load the SDKs lazily and build clients', async () => {
    const rtm = await createRealRtmClient(APP_ID, 'smoke-user');
    expect(typeof rtm.login).toBe('function');
    expect(typeof rtm.presence.whoNow).toBe('function');
    const rtc = await createRealRtcClient();
    expect(rtc.mode).toBe('live');
    expect(rtc.connectionState).toBe('DISCONNECTED');
    await expect(createRealRtmClient(APP_ID, '')).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
    });
  });

  it('a real RTM login against the unreachable network ends in RTM_LOGIN_TIMEOUT, not a hang', async () => {
    const cloud = createSimulatedCloud(); // RTC side simulated so RTM is the step that times out
    const rtc = cloud.createRtcClient({ mode: 'live' });
    const rtm = await createRealRtmClient(APP_ID, 'smoke-rtm', { logLevel: 'none' });
    const started = Date.now();
    const { result } = renderHook(() => useDualChannel({ channel: 'smoke' }), {
      wrapper: wrapper({
        appId: APP_ID,
        userId: 'smoke-rtm',
        rtcClient: rtc,
        rtmClient: rtm,
        timeoutMs: 2_000,
      }),
    });
    await waitFor(() => expect(result.current.status).toBe('failed'), { timeout: 12_000 });
    expect(result.current.error?.code).toBe('RTM_LOGIN_TIMEOUT');
    expect(Date.now() - started).toBeLessThan(8_000); // 2 s login bound + bounded rollback
    expect(cloud.rtcChannel('smoke').users()).toEqual([]); // RTC rolled back
  }, 15_000);

  it('createRealRtmClient gives the page ONE client per App ID + user id (the SDK throws -10027 for a second)', async () => {
    const a = await createRealRtmClient(APP_ID, 'reuse-user', { logLevel: 'none' });
    const b = await createRealRtmClient(APP_ID, 'reuse-user', { logLevel: 'none' });
    expect(b).toBe(a);
    const other = await createRealRtmClient(APP_ID, 'reuse-other', { logLevel: 'none' });
    expect(other).not.toBe(a);
  });

  it('an RTM client the app made itself for that user: RTM_DUPLICATE_CLIENT with the SDK error as cause', async () => {
    const AgoraRTM = (await import('agora-rtm-sdk')).default;
    new AgoraRTM.RTM(APP_ID, 'own-client', { logLevel: 'none' });
    const error = await createRealRtmClient(APP_ID, 'own-client').catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'PresenceError', code: 'RTM_DUPLICATE_CLIENT' });
    expect((error as { cause?: { code?: number } }).cause?.code).toBe(-10027);
  });

  it('remount with the default real RTM client: the second mount reaches the login again (no -10027)', async () => {
    const cloud = createSimulatedCloud(); // RTC simulated so the real RTM login is the step that runs
    const props = (rtc: RtcClientLike): AudiencePresenceProviderProps => ({
      appId: APP_ID,
      userId: 'remount-user',
      rtcClient: rtc,
      rtmConfig: { logLevel: 'none' },
      timeoutMs: 1_000,
    });
    for (const mount of [1, 2]) {
      const { result, unmount } = renderHook(() => useDualChannel({ channel: 'smoke' }), {
        wrapper: wrapper(props(cloud.createRtcClient({ mode: 'live' }))),
      });
      await waitFor(() => expect(result.current.status).toBe('failed'), { timeout: 10_000 });
      // offline: the login times out; before the fix the second mount failed at `new RTM` instead
      expect({ mount, code: result.current.error?.code }).toEqual({
        mount,
        code: 'RTM_LOGIN_TIMEOUT',
      });
      unmount();
    }
  }, 30_000);

  it('real RTC + real RTM clients handed to the provider fail within the bound', async () => {
    const rtc = await createRealRtcClient();
    const rtm = await createRealRtmClient(APP_ID, 'smoke-both', { logLevel: 'none' });
    const { result } = renderHook(() => useDualChannel({ channel: 'smoke' }), {
      wrapper: wrapper({
        appId: APP_ID,
        userId: 'smoke-both',
        rtcClient: rtc,
        rtmClient: rtm,
        timeoutMs: 2_000,
      }),
    });
    await waitFor(() => expect(result.current.status).toBe('failed'), { timeout: 12_000 });
    expect(['RTC_JOIN_TIMEOUT', 'RTC_JOIN_FAILED']).toContain(result.current.error?.code);
    expect(rtc.connectionState).toBe('DISCONNECTED');
  }, 15_000);
});
