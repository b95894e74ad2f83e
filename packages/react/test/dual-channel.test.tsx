import { TEST_APP_ID } from '@audience-presence/test-utils';
import { act, render, renderHook } from '@testing-library/react';
import { StrictMode, type ReactNode } from 'react';
import { describe, expect, it, vi } from 'vitest';
import {
  AudiencePresenceProvider,
  type AudiencePresenceProviderProps,
  useAudiencePresence,
  useDualChannel,
  type DualChannelOptions,
  type DualChannelStatus,
} from '../src/index';
import { rtcUsers, rtmMembers, setup } from './helpers/simulated-session';

function useJoined(options: DualChannelOptions | null) {
  const dual = useDualChannel(options);
  const presence = useAudiencePresence();
  return { dual, presence };
}

describe('useDualChannel', () => {
  it('joins RTC, then logs in, subscribes and writes its own state; idle -> joining -> joined', async () => {
    const env = setup();
    // a token server that answers after 100 ms, so each step is observable
    env.tokenProvider.mockImplementation(
      () =>
        new Promise((resolve) => env.clock.setTimeout(() => resolve(env.cloud.createToken()), 100)),
    );
    const statuses: DualChannelStatus[] = [];
    const join = vi.spyOn(env.rtc, 'join');
    const login = vi.spyOn(env.rtm, 'login');
    const subscribe = vi.spyOn(env.rtm, 'subscribe');
    const { result } = renderHook(
      () => {
        const r = useJoined({ channel: 'live', state: { name: 'Me' } });
        statuses.push(r.dual.status);
        return r;
      },
      { wrapper: env.Wrapper },
    );
    expect(result.current.dual.status).toBe('idle');
    await env.settle();
    expect(result.current.dual.status).toBe('joining'); // waiting for the token server
    await env.advance(200);
    expect(result.current.dual.status).toBe('joined');
    expect(statuses.filter((s, i) => s !== statuses[i - 1])).toEqual(['idle', 'joining', 'joined']);
    // one after the other, RTC first (docs/agora-behaviour.md §2)
    expect(join.mock.invocationCallOrder[0]).toBeLessThan(login.mock.invocationCallOrder[0]!);
    expect(login.mock.invocationCallOrder[0]).toBeLessThan(subscribe.mock.invocationCallOrder[0]!);
    expect(subscribe).toHaveBeenCalledWith('live', expect.objectContaining({ withPresence: true }));
    const uid = result.current.dual.rtcUid;
    expect(uid).not.toBeNull();
    expect(rtcUsers(env.cloud, 'live')).toEqual([String(uid)]);
    expect(env.cloud.channel('live').members()).toEqual([
      { userId: 'me', states: { name: 'Me', role: 'audience', rtcUid: String(uid) } },
    ]);
    expect(env.rtc.role).toBe('audience');
    expect(env.tokenProvider.mock.calls.map(([r]) => r)).toEqual([
      { kind: 'rtc', channel: 'live', uid: null },
      { kind: 'rtm', channel: 'live', uid: 'me' },
    ]);
    expect(result.current.presence.status).toBe('connected');
    expect(result.current.presence.self?.state).toEqual({
      name: 'Me',
      role: 'audience',
      rtcUid: String(uid),
    });
  });

  it('RTC join failure: failed with RTC_JOIN_FAILED, RTM never logged in', async () => {
    const env = setup();
    env.cloud.faults.add({ kind: 'rtc-join-fail', times: 1 });
    const login = vi.spyOn(env.rtm, 'login');
    const { result } = renderHook(() => useJoined({ channel: 'live' }), { wrapper: env.Wrapper });
    await env.settle();
    expect(result.current.dual.status).toBe('failed');
    expect(result.current.dual.error?.code).toBe('RTC_JOIN_FAILED');
    expect(result.current.dual.error?.cause).toBeInstanceOf(Error);
    expect(login).not.toHaveBeenCalled();
    expect(rtcUsers(env.cloud, 'live')).toEqual([]);
    expect(result.current.presence.status).toBe('failed');
    expect(result.current.presence.error?.code).toBe('RTC_JOIN_FAILED');
  });

  it('RTC join that never settles: RTC_JOIN_TIMEOUT after timeoutMs, the pending join is cancelled', async () => {
    const env = setup({ provider: { timeoutMs: 5_000 } });
    env.cloud.faults.add({ kind: 'rtc-join-hang', times: 1 });
    const leave = vi.spyOn(env.rtc, 'leave');
    const { result } = renderHook(() => useJoined({ channel: 'live' }), { wrapper: env.Wrapper });
    await env.settle();
    expect(result.current.dual.status).toBe('joining');
    await env.advance(4_999);
    expect(result.current.dual.status).toBe('joining');
    await env.advance(1);
    expect(result.current.dual.status).toBe('failed');
    expect(result.current.dual.error?.code).toBe('RTC_JOIN_TIMEOUT');
    expect(leave).toHaveBeenCalledTimes(1);
    expect(env.rtc.connectionState).toBe('DISCONNECTED');
  });

  it('RTM login that never settles (offline): RTM_LOGIN_TIMEOUT, RTC left, RTM logged out', async () => {
    const env = setup();
    env.cloud.faults.add({ kind: 'rtm-login-hang', times: 1 });
    const logout = vi.spyOn(env.rtm, 'logout');
    const { result } = renderHook(() => useJoined({ channel: 'live' }), { wrapper: env.Wrapper });
    await env.settle();
    expect(result.current.dual.status).toBe('joining');
    expect(rtcUsers(env.cloud, 'live')).toHaveLength(1); // RTC joined, RTM still trying
    await env.advance(15_000); // the default bound
    expect(result.current.dual.status).toBe('failed');
    expect(result.current.dual.error?.code).toBe('RTM_LOGIN_TIMEOUT');
    expect(rtcUsers(env.cloud, 'live')).toEqual([]);
    expect(logout).toHaveBeenCalledTimes(1);
    expect(env.rtm.linkState).not.toBe('CONNECTED');
    await env.advance(60_000); // nothing comes back to life
    expect(env.rtm.linkState).not.toBe('CONNECTED');
    expect(rtcUsers(env.cloud, 'live')).toEqual([]);
  });

  it('RTM subscribe failure: RTM_SUBSCRIBE_FAILED, RTC left, RTM logged out', async () => {
    const env = setup();
    env.cloud.faults.add({ kind: 'rtm-subscribe-fail', times: 1 });
    const { result } = renderHook(() => useJoined({ channel: 'live' }), { wrapper: env.Wrapper });
    await env.settle();
    expect(result.current.dual.status).toBe('failed');
    expect(result.current.dual.error?.code).toBe('RTM_SUBSCRIBE_FAILED');
    expect(rtcUsers(env.cloud, 'live')).toEqual([]);
    expect(rtmMembers(env.cloud, 'live')).toEqual([]);
    expect(env.rtm.linkState).toBe('IDLE');
  });

  it('token provider failure: TOKEN_PROVIDER_FAILED before anything is joined', async () => {
    const env = setup();
    env.tokenProvider.mockRejectedValueOnce(new Error('token server down'));
    const join = vi.spyOn(env.rtc, 'join');
    const { result } = renderHook(() => useJoined({ channel: 'live' }), { wrapper: env.Wrapper });
    await env.settle();
    expect(result.current.dual.status).toBe('failed');
    expect(result.current.dual.error?.code).toBe('TOKEN_PROVIDER_FAILED');
    expect((result.current.dual.error?.cause as Error).message).toBe('token server down');
    expect(join).not.toHaveBeenCalled();
  });

  it('an invalid RTM token fails fast with TOKEN_INVALID and rolls RTC back', async () => {
    const env = setup();
    env.tokenProvider.mockImplementation(async (request) =>
      request.kind === 'rtm' ? env.cloud.createToken({ invalid: true }) : env.cloud.createToken(),
    );
    const { result } = renderHook(() => useJoined({ channel: 'live' }), { wrapper: env.Wrapper });
    await env.settle();
    expect(result.current.dual.status).toBe('failed');
    expect(result.current.dual.error?.code).toBe('TOKEN_INVALID');
    expect(rtcUsers(env.cloud, 'live')).toEqual([]);
  });

  it('retry() after a failure joins', async () => {
    const env = setup();
    env.cloud.faults.add({ kind: 'rtc-join-fail', times: 1 });
    const { result } = renderHook(() => useJoined({ channel: 'live' }), { wrapper: env.Wrapper });
    await env.settle();
    expect(result.current.dual.status).toBe('failed');
    await env.settle(); // a failure is not retried by itself
    expect(result.current.dual.status).toBe('failed');
    act(() => result.current.dual.retry());
    await env.settle();
    expect(result.current.dual.status).toBe('joined');
    expect(result.current.dual.error).toBeNull();
  });

  it('unmount leaves both channels', async () => {
    const env = setup();
    const { result, unmount } = renderHook(() => useJoined({ channel: 'live' }), {
      wrapper: env.Wrapper,
    });
    await env.settle();
    expect(result.current.dual.status).toBe('joined');
    unmount();
    await env.settle();
    expect(rtcUsers(env.cloud, 'live')).toEqual([]);
    expect(rtmMembers(env.cloud, 'live')).toEqual([]);
    expect(env.rtm.subscribedChannels).toEqual([]);
    expect(env.rtm.linkState).toBe('IDLE');
    expect(env.rtc.connectionState).toBe('DISCONNECTED');
  });

  it('leaving: joined -> leaving -> left, both sides gone only at left', async () => {
    const env = setup();
    const rtcLeave = env.rtc.leave.bind(env.rtc);
    // a slow RTC leave, so the leaving state is observable
    vi.spyOn(env.rtc, 'leave').mockImplementation(async () => {
      await new Promise<void>((resolve) => env.clock.setTimeout(() => resolve(), 100));
      return rtcLeave();
    });
    const statuses: DualChannelStatus[] = [];
    const { result } = renderHook(
      () => {
        const r = useJoined({ channel: 'live' });
        statuses.push(r.dual.status);
        return r;
      },
      { wrapper: env.Wrapper },
    );
    await env.settle();
    act(() => result.current.dual.leave());
    await env.settle();
    expect(result.current.dual.status).toBe('leaving');
    expect(rtmMembers(env.cloud, 'live')).toEqual([]); // RTM undone first
    expect(rtcUsers(env.cloud, 'live')).toHaveLength(1);
    await env.advance(100);
    expect(result.current.dual.status).toBe('left');
    expect(rtcUsers(env.cloud, 'live')).toEqual([]);
    expect(statuses.filter((x, i) => x !== statuses[i - 1]).slice(-3)).toEqual([
      'joined',
      'leaving',
      'left',
    ]);
  });

  it('options = null leaves; leave() leaves; status ends in left', async () => {
    const env = setup();
    const { result, rerender } = renderHook(
      ({ options }: { options: DualChannelOptions | null }) => useJoined(options),
      {
        wrapper: env.Wrapper,
        initialProps: { options: { channel: 'live' } as DualChannelOptions | null },
      },
    );
    await env.settle();
    rerender({ options: null });
    await env.settle();
    expect(result.current.dual.status).toBe('left');
    expect(rtcUsers(env.cloud, 'live')).toEqual([]);
    rerender({ options: { channel: 'live' } });
    await env.settle();
    expect(result.current.dual.status).toBe('joined');
    act(() => result.current.dual.leave());
    await env.settle();
    expect(result.current.dual.status).toBe('left');
    expect(rtmMembers(env.cloud, 'live')).toEqual([]);
  });

  it('StrictMode double mount: exactly one RTC join and one RTM login, both alive', async () => {
    const env = setup();
    const join = vi.spyOn(env.rtc, 'join');
    const login = vi.spyOn(env.rtm, 'login');
    const leave = vi.spyOn(env.rtc, 'leave');
    function Joiner() {
      return <p data-testid="status">{useDualChannel({ channel: 'live' }).status}</p>;
    }
    const view = render(
      <StrictMode>
        <env.Wrapper>
          <Joiner />
        </env.Wrapper>
      </StrictMode>,
    );
    await env.settle();
    expect(view.getByTestId('status').textContent).toBe('joined');
    expect(join).toHaveBeenCalledTimes(1);
    expect(login).toHaveBeenCalledTimes(1);
    expect(leave).not.toHaveBeenCalled();
    expect(rtcUsers(env.cloud, 'live')).toHaveLength(1);
    expect(rtmMembers(env.cloud, 'live')).toEqual(['me']);
    expect(env.rtm.linkState).toBe('CONNECTED');
  });

  it('fast switching A -> B -> C ends in C only; nothing from A or B lands in C', async () => {
    const env = setup();
    const crowds = {
      A: env.cloud.crowd('A').join(3),
      B: env.cloud.crowd('B').join(3),
      C: env.cloud.crowd('C').join(3),
    };
    const { result, rerender } = renderHook(
      ({ channel }: { channel: string }) => useJoined({ channel }),
      { wrapper: env.Wrapper, initialProps: { channel: 'A' } },
    );
    await env.settle();
    expect(result.current.presence.audience.map((m) => m.userId).sort()).toEqual(
      [...crowds.A].sort(),
    );
    // B and C asked while A's teardown and B's join are still in flight
    rerender({ channel: 'B' });
    await act(async () => {
      await Promise.resolve();
      await Promise.resolve();
    });
    rerender({ channel: 'C' });
    await env.settle();
    expect(result.current.dual).toMatchObject({ status: 'joined', channel: 'C' });
    expect(env.rtm.subscribedChannels).toEqual(['C']);
    // the crowds are in RTC too; only C has one more user: us
    expect(rtcUsers(env.cloud, 'A').sort()).toEqual([...crowds.A].sort());
    expect(rtcUsers(env.cloud, 'B').sort()).toEqual([...crowds.B].sort());
    expect(rtcUsers(env.cloud, 'C')).toHaveLength(4);
    expect(rtcUsers(env.cloud, 'C')).toContain(String(result.current.dual.rtcUid));
    expect(rtmMembers(env.cloud, 'A')).not.toContain('me');
    expect(rtmMembers(env.cloud, 'B')).not.toContain('me');
    // later activity in A and B does not reach C's list
    env.cloud.crowd('A').join(2);
    env.cloud.crowd('B').leave(1);
    await env.settle();
    expect(result.current.presence.audience.map((m) => m.userId).sort()).toEqual(
      [...crowds.C].sort(),
    );
    expect(result.current.presence.count).toBe(3);
  });

  it('switching away from a hanging join does not wait for its timeout', async () => {
    const env = setup();
    env.cloud.faults.add({ kind: 'rtc-join-hang', channel: 'A' });
    const { result, rerender } = renderHook(
      ({ channel }: { channel: string }) => useJoined({ channel }),
      { wrapper: env.Wrapper, initialProps: { channel: 'A' } },
    );
    await env.settle();
    expect(result.current.dual).toMatchObject({ status: 'joining', channel: 'A' });
    rerender({ channel: 'B' });
    await env.settle(); // no virtual time passes
    expect(result.current.dual).toMatchObject({ status: 'joined', channel: 'B', error: null });
    expect(env.rtc.channelName).toBe('B');
    await env.advance(20_000); // A's old deadline fires into nothing
    expect(result.current.dual).toMatchObject({ status: 'joined', channel: 'B', error: null });
  });

  it('unmount during a hanging RTM login leaves at once: RTC left, login cancelled', async () => {
    const env = setup();
    env.cloud.faults.add({ kind: 'rtm-login-hang' });
    const { result, unmount } = renderHook(() => useJoined({ channel: 'live' }), {
      wrapper: env.Wrapper,
    });
    await env.settle();
    expect(result.current.dual.status).toBe('joining');
    expect(rtcUsers(env.cloud, 'live')).toHaveLength(1);
    unmount();
    await env.settle();
    expect(rtcUsers(env.cloud, 'live')).toEqual([]);
    expect(env.rtm.linkState).not.toBe('CONNECTING');
    await env.advance(60_000);
    expect(env.rtm.linkState).not.toBe('CONNECTED');
  });

  it('a burst of switches in one tick joins only the last channel', async () => {
    const env = setup();
    const join = vi.spyOn(env.rtc, 'join');
    const { rerender, result } = renderHook(
      ({ channel }: { channel: string }) => useJoined({ channel }),
      { wrapper: env.Wrapper, initialProps: { channel: 'A' } },
    );
    rerender({ channel: 'B' });
    rerender({ channel: 'C' });
    await env.settle();
    expect(join.mock.calls.map((c) => c[1])).toEqual(['C']);
    expect(result.current.dual.channel).toBe('C');
  });

  it('role switch audience -> host -> audience updates RTC and the RTM state together', async () => {
    const env = setup();
    const watcher = env.cloud.createRtcClient({ mode: 'live' });
    await watcher.join('app', 'live', null, 42);
    const { result, rerender } = renderHook(
      ({ role }: { role: 'host' | 'audience' }) => useJoined({ channel: 'live', role }),
      { wrapper: env.Wrapper, initialProps: { role: 'audience' as 'host' | 'audience' } },
    );
    await env.settle();
    const uid = String(result.current.dual.rtcUid);
    expect(watcher.remoteUsers).toEqual([]);
    rerender({ role: 'host' });
    await env.settle();
    expect(result.current.dual).toMatchObject({ status: 'joined', role: 'host' });
    expect(env.rtc.role).toBe('host');
    expect(watcher.remoteUsers.map((u) => String(u.uid))).toEqual([uid]);
    expect(env.cloud.channel('live').members()[0]?.states.role).toBe('host');
    expect(result.current.presence.self?.role).toBe('host');
    // a host publishes; becoming audience unpublishes first (docs/agora-behaviour.md §2)
    await env.rtc.publish({ trackMediaType: 'audio' } as never);
    const unpublish = vi.spyOn(env.rtc, 'unpublish');
    rerender({ role: 'audience' });
    await env.settle();
    expect(unpublish).toHaveBeenCalled();
    expect(result.current.dual).toMatchObject({ status: 'joined', role: 'audience', error: null });
    expect(env.rtc.role).toBe('audience');
    expect(watcher.remoteUsers).toEqual([]);
    expect(env.cloud.channel('live').members()[0]?.states.role).toBe('audience');
    expect(result.current.presence.self?.role).not.toBe('host');
  });

  it('a failed RTM half of a role switch reverts the RTC role', async () => {
    const env = setup();
    const { result, rerender } = renderHook(
      ({ role }: { role: 'host' | 'audience' }) => useJoined({ channel: 'live', role }),
      { wrapper: env.Wrapper, initialProps: { role: 'audience' as 'host' | 'audience' } },
    );
    await env.settle();
    vi.spyOn(env.rtm.presence, 'setState').mockRejectedValueOnce(new Error('nope'));
    rerender({ role: 'host' });
    await env.settle();
    expect(result.current.dual).toMatchObject({ status: 'joined', role: 'audience' });
    expect(result.current.dual.error?.code).toBe('RTM_SET_STATE_FAILED');
    expect(env.rtc.role).toBe('audience');
  });

  it('state changes are written to RTM in place (no rejoin)', async () => {
    const env = setup();
    const join = vi.spyOn(env.rtc, 'join');
    const { rerender } = renderHook(
      ({ name }: { name: string }) => useJoined({ channel: 'live', state: { name } }),
      { wrapper: env.Wrapper, initialProps: { name: 'Ana' } },
    );
    await env.settle();
    rerender({ name: 'Ana' }); // a fresh literal with the same content: no work
    rerender({ name: 'Bea' });
    await env.settle();
    expect(join).toHaveBeenCalledTimes(1);
    expect(env.cloud.channel('live').members()[0]?.states.name).toBe('Bea');
  });

  it('a state key the app drops is removed from RTM too', async () => {
    const env = setup();
    const { rerender } = renderHook(
      ({ state }: { state: Record<string, string> }) => useJoined({ channel: 'live', state }),
      {
        wrapper: env.Wrapper,
        initialProps: { state: { name: 'Ana', hand: 'up' } as Record<string, string> },
      },
    );
    await env.settle();
    expect(env.cloud.channel('live').members()[0]?.states).toMatchObject({ hand: 'up' });
    rerender({ state: { name: 'Ana' } });
    await env.settle();
    const states = env.cloud.channel('live').members()[0]?.states;
    expect(states).toMatchObject({ name: 'Ana', role: 'audience' });
    expect(states).not.toHaveProperty('hand');
  });

  it('tokens: every renewal goes through the token provider; the session survives expiry', async () => {
    const env = setup({ tokenTtlSeconds: 120 });
    const { result } = renderHook(() => useJoined({ channel: 'live' }), { wrapper: env.Wrapper });
    await env.settle();
    expect(env.tokenProvider).toHaveBeenCalledTimes(2);
    await env.advance(95_000); // both SDKs warn 30 s before expiry
    const kinds = env.tokenProvider.mock.calls
      .slice(2)
      .map(([r]) => r.kind)
      .sort();
    expect(kinds).toEqual(['rtc', 'rtm']);
    expect(env.tokenProvider.mock.calls[2]?.[0].uid).not.toBeNull();
    await env.advance(60_000); // past the first tokens' expiry
    expect(result.current.dual).toMatchObject({ status: 'joined', error: null });
    expect(rtcUsers(env.cloud, 'live')).toHaveLength(1);
    expect(env.rtm.linkState).toBe('CONNECTED');
  });

  it('expiry without renewal ends in TOKEN_EXPIRED, both sides left', async () => {
    const env = setup({ tokenTtlSeconds: 120 });
    const { result } = renderHook(() => useJoined({ channel: 'live' }), { wrapper: env.Wrapper });
    await env.settle();
    env.tokenProvider.mockRejectedValue(new Error('token server down'));
    await env.advance(95_000);
    expect(result.current.dual.status).toBe('joined');
    expect(result.current.dual.error?.code).toBe('TOKEN_PROVIDER_FAILED'); // a warning, not fatal yet
    await env.advance(30_000);
    expect(result.current.dual.status).toBe('failed');
    expect(result.current.dual.error?.code).toBe('TOKEN_EXPIRED');
    expect(rtcUsers(env.cloud, 'live')).toEqual([]);
    expect(env.rtm.subscribedChannels).toEqual([]);
    expect(result.current.presence.error?.code).toBe('TOKEN_EXPIRED');
  });

  it("a failed RTM renewal stays visible when RTC's renewal succeeds after it", async () => {
    const env = setup({ tokenTtlSeconds: 120 });
    const { result } = renderHook(() => useJoined({ channel: 'live' }), { wrapper: env.Wrapper });
    await env.settle();
    env.tokenProvider.mockImplementation(async (request) => {
      if (request.kind === 'rtm') throw new Error('blip');
      // RTC's answer comes later than RTM's failure
      await new Promise<void>((resolve) => env.clock.setTimeout(() => resolve(), 100));
      return env.cloud.createToken({ expiresInSeconds: 120 });
    });
    await env.advance(95_000);
    await env.advance(200);
    expect(result.current.dual.status).toBe('joined');
    expect(result.current.dual.error?.code).toBe('TOKEN_PROVIDER_FAILED');
    expect((result.current.dual.error?.cause as Error).message).toBe('blip');
  });

  it('same user logging in elsewhere: RTM_SAME_UID_LOGIN with a message the UI can show', async () => {
    const env = setup();
    const { result } = renderHook(() => useJoined({ channel: 'live' }), { wrapper: env.Wrapper });
    await env.settle();
    const otherTab = env.cloud.device('other-tab').createRtmClient(TEST_APP_ID, 'me');
    await act(() => otherTab.login({ token: env.cloud.createToken() }).then(() => undefined));
    await env.settle();
    expect(result.current.dual.status).toBe('failed');
    expect(result.current.dual.error?.code).toBe('RTM_SAME_UID_LOGIN');
    expect(result.current.dual.error?.message).toMatch(/another tab or device/);
    expect(rtcUsers(env.cloud, 'live')).toEqual([]);
    expect(result.current.presence.error?.code).toBe('RTM_SAME_UID_LOGIN');
  });

  /** the simulated RTC client going DISCONNECTED for `reason`, as the SDK reports a kick or a lost link */
  const disconnectRtc = (env: ReturnType<typeof setup>, reason: string): void =>
    (env.rtc as unknown as { setState(s: string, r?: string): void }).setState(
      'DISCONNECTED',
      reason,
    );

  it('RTC closed with UID_BANNED (same uid from another device, or a ban): RTC_UID_CLOSED, worded without accusing; RTM left too', async () => {
    const env = setup();
    const { result } = renderHook(() => useJoined({ channel: 'live' }), { wrapper: env.Wrapper });
    await env.settle();
    // the SDK reports a ban as DISCONNECTED with reason UID_BANNED (ConnectionDisconnectedReason in its d.ts)
    act(() => disconnectRtc(env, 'UID_BANNED'));
    await env.settle();
    expect(result.current.dual.status).toBe('failed');
    expect(result.current.dual.error).toMatchObject({
      code: 'RTC_UID_CLOSED',
      cause: 'UID_BANNED',
    });
    expect(result.current.dual.error?.message).toMatch(/another device or tab/);
    expect(env.rtm.subscribedChannels).toEqual([]);
    expect(rtmMembers(env.cloud, 'live')).toEqual([]);
  });

  it('RTC disconnected for another reason: failed with RTC_CONNECTION_LOST', async () => {
    const env = setup();
    const { result } = renderHook(() => useJoined({ channel: 'live' }), { wrapper: env.Wrapper });
    await env.settle();
    act(() => disconnectRtc(env, 'NETWORK_ERROR'));
    await env.settle();
    expect(result.current.dual.status).toBe('failed');
    expect(result.current.dual.error).toMatchObject({
      code: 'RTC_CONNECTION_LOST',
      cause: 'NETWORK_ERROR',
    });
  });

  it('RTM reconnecting: status reconnecting, the list kept and stale, reconciled after', async () => {
    const env = setup();
    const crowd = env.cloud.crowd('live');
    const early = crowd.join(4);
    const rendered: number[] = [];
    const { result } = renderHook(
      () => {
        const r = useJoined({ channel: 'live' });
        rendered.push(r.presence.audience.length);
        return r;
      },
      { wrapper: env.Wrapper },
    );
    await env.settle();
    expect(result.current.presence.audience).toHaveLength(4);
    rendered.length = 0;
    act(() => env.cloud.network.drop(env.rtm));
    await env.settle();
    expect(result.current.dual.status).toBe('reconnecting');
    expect(result.current.presence.stale).toBe(true);
    expect(result.current.presence.staleSince).toBe(env.clock.now());
    expect(result.current.presence.audience).toHaveLength(4); // kept, not flashed empty
    crowd.leave(early.slice(0, 2));
    const late = crowd.join(1);
    await env.advance(10_000);
    act(() => env.cloud.network.restore(env.rtm));
    await env.settle();
    expect(result.current.dual.status).toBe('joined');
    expect(result.current.presence.stale).toBe(false);
    expect(rendered).not.toContain(0); // never flashed empty, not even for one render
    expect(result.current.presence.audience.map((m) => m.userId).sort()).toEqual(
      [...early.slice(2), ...late].sort(),
    );
  });

  it('RTC reconnecting shows as reconnecting too', async () => {
    const env = setup();
    const { result } = renderHook(() => useJoined({ channel: 'live' }), { wrapper: env.Wrapper });
    await env.settle();
    act(() => env.cloud.network.drop(env.rtc));
    await env.settle();
    expect(result.current.dual.status).toBe('reconnecting');
    act(() => env.cloud.network.restore(env.rtc));
    await env.settle();
    expect(result.current.dual.status).toBe('joined');
  });

  it('a new userId on the provider rejoins as that user', async () => {
    const env = setup();
    const clients = new Map([['me', env.rtm]]);
    const rtmFor = ({ userId }: { userId: string }) => {
      const client = clients.get(userId) ?? env.cloud.createRtmClient(TEST_APP_ID, userId);
      clients.set(userId, client);
      return client;
    };
    function Probe() {
      return <p>{useJoined({ channel: 'live' }).dual.status}</p>;
    }
    const tree = (userId: string) => (
      <AudiencePresenceProvider {...env.props} userId={userId} rtmClient={rtmFor}>
        <Probe />
      </AudiencePresenceProvider>
    );
    const view = render(tree('me'));
    await env.settle();
    expect(rtmMembers(env.cloud, 'live')).toEqual(['me']);
    view.rerender(tree('you'));
    await env.settle();
    expect(view.container.textContent).toBe('joined');
    expect(rtmMembers(env.cloud, 'live')).toEqual(['you']);
    expect(rtcUsers(env.cloud, 'live')).toHaveLength(1);
    expect(clients.get('me')?.linkState).toBe('IDLE');
  });

  it('inline client factories (new functions every render) neither rejoin nor make a second client', async () => {
    const env = setup();
    const made: string[] = [];
    const join = vi.spyOn(env.rtc, 'join');
    function Probe() {
      return <p>{useJoined({ channel: 'live' }).dual.status}</p>;
    }
    const tree = () => (
      <AudiencePresenceProvider
        {...env.props}
        rtcClient={() => env.rtc}
        rtmClient={({ userId }) => {
          made.push(userId);
          return env.rtm;
        }}
      >
        <Probe />
      </AudiencePresenceProvider>
    );
    const view = render(tree());
    await env.settle();
    view.rerender(tree());
    await env.settle();
    view.rerender(tree());
    await env.settle();
    expect(view.container.textContent).toBe('joined');
    expect(join).toHaveBeenCalledTimes(1);
    expect(made).toEqual(['me']);
  });

  it("adopts the app's own RTC join (agora-rtc-react's useJoin) and leaves it to the app", async () => {
    const env = setup();
    const appUid = await env.rtc.join('app', 'live', null, 777); // the app's useJoin
    const join = vi.spyOn(env.rtc, 'join');
    const leave = vi.spyOn(env.rtc, 'leave');
    const { result, unmount } = renderHook(() => useJoined({ channel: 'live' }), {
      wrapper: env.Wrapper,
    });
    await env.settle();
    expect(result.current.dual).toMatchObject({ status: 'joined', rtcUid: appUid });
    expect(join).not.toHaveBeenCalled();
    expect(env.cloud.channel('live').members()[0]?.states.rtcUid).toBe('777');
    unmount();
    await env.settle();
    expect(leave).not.toHaveBeenCalled(); // the app's join stays the app's
    expect(env.rtc.connectionState).toBe('CONNECTED');
    expect(rtmMembers(env.cloud, 'live')).toEqual([]);
  });

  it("waits for the app's RTC join in flight; when the app gives up, joins itself", async () => {
    const env = setup();
    env.cloud.faults.add({ kind: 'rtc-join-hang', times: 1 });
    void env.rtc.join('app', 'live', null).catch(() => undefined); // the app's join, hanging
    const { result } = renderHook(() => useJoined({ channel: 'live' }), { wrapper: env.Wrapper });
    await env.settle();
    expect(result.current.dual.status).toBe('joining');
    await act(() => env.rtc.leave()); // the app cancels its join
    await env.settle();
    expect(result.current.dual.status).toBe('joined');
    expect(rtcUsers(env.cloud, 'live')).toEqual([String(result.current.dual.rtcUid)]);
  });

  it('an RTC client already in another channel fails with a clear RTC_JOIN_FAILED', async () => {
    const env = setup();
    await env.rtc.join('app', 'elsewhere', null);
    const { result } = renderHook(() => useJoined({ channel: 'live' }), { wrapper: env.Wrapper });
    await env.settle();
    expect(result.current.dual.status).toBe('failed');
    expect(result.current.dual.error?.code).toBe('RTC_JOIN_FAILED');
    expect(result.current.dual.error?.message).toMatch(/already in channel "elsewhere"/);
    expect(env.rtc.connectionState).toBe('CONNECTED'); // the app's join is not ours to leave
  });

  it.each([
    ['an empty channel', { channel: '' }, {}, /channel/],
    ['an unknown role', { channel: 'live', role: 'admin' as never }, {}, /role/],
    ['a non-string state value', { channel: 'live', state: { age: 3 as never } }, {}, /state\.age/],
    [
      'too many state keys',
      {
        channel: 'live',
        state: Object.fromEntries([...Array(31).keys()].map((i) => [`k${i}`, 'v'])),
      },
      {},
      /31 keys/,
    ],
    ['a negative RTC uid', { channel: 'live', rtcUid: -1 }, {}, /rtcUid/],
    ['an empty appId', { channel: 'live' }, { appId: '' }, /appId/],
    ['an empty userId', { channel: 'live' }, { userId: '' }, /userId/],
    ['a zero timeout', { channel: 'live' }, { timeoutMs: 0 }, /timeoutMs/],
  ] satisfies [string, DualChannelOptions, Partial<AudiencePresenceProviderProps>, RegExp][])(
    'bad input (%s): INVALID_ARGUMENT before any SDK call',
    async (_name, options, provider, message) => {
      const env = setup({ provider });
      const join = vi.spyOn(env.rtc, 'join');
      const login = vi.spyOn(env.rtm, 'login');
      const { result } = renderHook(() => useJoined(options), { wrapper: env.Wrapper });
      await env.settle();
      expect(result.current.dual.status).toBe('failed');
      expect(result.current.dual.error?.code).toBe('INVALID_ARGUMENT');
      expect(result.current.dual.error?.message).toMatch(message);
      expect(join).not.toHaveBeenCalled();
      expect(login).not.toHaveBeenCalled();
    },
  );

  it('a token provider that resolves to no string fails with TOKEN_PROVIDER_FAILED', async () => {
    const env = setup();
    env.tokenProvider.mockResolvedValueOnce(undefined as never);
    const join = vi.spyOn(env.rtc, 'join');
    const { result } = renderHook(() => useJoined({ channel: 'live' }), { wrapper: env.Wrapper });
    await env.settle();
    expect(result.current.dual.error?.code).toBe('TOKEN_PROVIDER_FAILED');
    expect(result.current.dual.error?.message).toMatch(/non-empty string/);
    expect(join).not.toHaveBeenCalled();
  });

  it('two useDualChannel calls under one provider are reported; one is fine, also in StrictMode', async () => {
    const env = setup();
    const error = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    function One() {
      useDualChannel({ channel: 'live' });
      return null;
    }
    const strict = render(
      <StrictMode>
        <env.Wrapper>
          <One />
        </env.Wrapper>
      </StrictMode>,
    );
    await env.settle();
    expect(error).not.toHaveBeenCalled();
    strict.unmount();
    await env.settle();
    render(
      <env.Wrapper>
        <One />
        <One />
      </env.Wrapper>,
    );
    await env.settle();
    expect(error).toHaveBeenCalledWith(expect.stringMatching(/more than once/));
    error.mockRestore();
  });

  it('outside a provider the hooks throw a clear error', () => {
    const spy = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    expect(() => renderHook(() => useDualChannel({ channel: 'x' }))).toThrow(
      /inside <AudiencePresenceProvider>/,
    );
    spy.mockRestore();
  });
});

export type { ReactNode };
