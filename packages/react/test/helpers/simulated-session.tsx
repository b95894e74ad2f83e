import { TEST_APP_ID } from '@audience-presence/test-utils';
import { act } from '@testing-library/react';
import {
  createSimulatedCloud,
  createVirtualClock,
  type SimulatedCloudOptions,
} from '@audience-presence/simulator';
import type { ReactNode } from 'react';
import { vi } from 'vitest';
import {
  AudiencePresenceProvider,
  type AudiencePresenceProviderProps,
  type TokenRequest,
} from '../../src/index';

/**
 * A simulated Agora cloud on a virtual clock, one local user ('me') with an
 * RTC and an RTM client, a token provider, and a provider wrapper for RTL.
 */
export function setup(
  options: {
    presence?: SimulatedCloudOptions['presence'];
    provider?: Partial<AudiencePresenceProviderProps>;
    tokenTtlSeconds?: number;
  } = {},
) {
  const clock = createVirtualClock();
  const listenerErrors: unknown[] = [];
  const cloud = createSimulatedCloud({
    clock,
    presence: options.presence ?? {},
    onListenerError: (error) => listenerErrors.push(error),
  });
  const rtc = cloud.createRtcClient({ mode: 'live' });
  const rtm = cloud.createRtmClient(TEST_APP_ID, 'me');
  const tokenProvider = vi.fn(async (_request: TokenRequest) =>
    cloud.createToken(
      options.tokenTtlSeconds === undefined ? {} : { expiresInSeconds: options.tokenTtlSeconds },
    ),
  );
  const props: AudiencePresenceProviderProps = {
    appId: TEST_APP_ID,
    userId: 'me',
    rtcClient: rtc,
    rtmClient: rtm,
    tokenProvider,
    timers: clock,
    now: () => clock.now(),
    ...options.provider,
  };
  /** the provider with the test's props; `overrides` (a `store`, ...) win */
  function Wrapper({
    children,
    ...overrides
  }: { children?: ReactNode } & Partial<AudiencePresenceProviderProps>) {
    return (
      <AudiencePresenceProvider {...props} {...overrides}>
        {children}
      </AudiencePresenceProvider>
    );
  }
  /** lets every pending promise and microtask settle (no virtual time passes) */
  const settle = () => act(() => clock.flush());
  /** moves virtual time, running due timers */
  const advance = (ms: number) => act(() => clock.advance(ms));
  return { clock, cloud, rtc, rtm, tokenProvider, props, Wrapper, settle, advance, listenerErrors };
}

/** ids of members in RTC channel `name` (ground truth) */
export function rtcUsers(cloud: ReturnType<typeof setup>['cloud'], name: string): string[] {
  return cloud
    .rtcChannel(name)
    .users()
    .map((u) => String(u.uid));
}

/** ids of members in RTM channel `name` (ground truth) */
export function rtmMembers(cloud: ReturnType<typeof setup>['cloud'], name: string): string[] {
  return cloud
    .channel(name)
    .members()
    .map((m) => m.userId);
}
