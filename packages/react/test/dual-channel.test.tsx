import { act, render, renderHook } from '@testing-library/react';
import { StrictMode, type ReactNode } from 'react';
import { describe, expect, it, vi } from 'vitest';
import {
  useAudiencePresence,
  useDualChannel,
  type DualChannelOptions,
  type DualChannelStatus,
} from '../src/index';
import { rtcUsers, rtmMembers, setup } from './helpers';

function useJoined(options: DualChannelOptions | null) {
  const dual = useDualChannel(options);
  const presence = useAudiencePresence();
  return { dual, presence };
}

describe('useDualChannel', () => {
  it('joins RTC, then logs in, subscribes and writes its own state; idle -> joining -> joined', async () => {
    const env = setup();
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
    expect(result.current.dual.status).toBe('joined');
    expect(statuses.filter((s, i) => s !== statuses[i - 1])).toEqual(['idle', 'joining', 'joined']);
    // one after the other, RTC first (agora-notes.md §2)
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
});
