/**
 * The dual-channel session without React: join RTC then RTM as one
 * operation, subscribe/getSnapshot, and the rollback of a half-done join.
 */
import { describe, expect, it } from 'vitest';
import { TEST_APP_ID } from '@audience-presence/test-utils';
import { createSimulatedCloud, createVirtualClock } from '@audience-presence/simulator';
import {
  createPresenceStore,
  DualChannelSession,
  IDLE_DUAL_CHANNEL,
  selectHosts,
  toTarget,
  type DualChannelSnapshot,
} from '../../src/index';

function setup() {
  const clock = createVirtualClock();
  const cloud = createSimulatedCloud({ clock });
  const rtc = cloud.createRtcClient({ mode: 'live' });
  const rtm = cloud.createRtmClient(TEST_APP_ID, 'me');
  const store = createPresenceStore({ selfId: 'me', now: () => clock.now() });
  const session = new DualChannelSession(store, {
    appId: TEST_APP_ID,
    userId: 'me',
    rtc,
    rtm,
    tokenProvider: async () => cloud.createToken(),
    timers: clock,
  });
  const statuses: DualChannelSnapshot['status'][] = [];
  session.subscribe(() => {
    const { status } = session.getSnapshot();
    if (statuses.at(-1) !== status) statuses.push(status);
  });
  return { clock, cloud, rtc, rtm, store, session, statuses };
}

describe('DualChannelSession (framework-free)', () => {
  it('joins RTC then RTM as one operation and reports it through subscribe/getSnapshot', async () => {
    const { clock, cloud, store, session, statuses } = setup();
    expect(session.getSnapshot()).toBe(IDLE_DUAL_CHANNEL);
    const [host] = cloud.crowd('live').join(1, { role: 'host' });
    session.join(toTarget({ channel: 'live', state: { name: 'Me' } }));
    await clock.flush();
    expect(session.getSnapshot()).toMatchObject({ status: 'joined', channel: 'live', error: null });
    expect(statuses).toEqual(['joining', 'joined']);
    expect(
      cloud
        .rtcChannel('live')
        .users()
        .map((u) => u.uid),
    ).toContain(session.getSnapshot().rtcUid);
    expect(cloud.channel('live').has('me')).toBe(true);
    store.flush();
    expect(store.getState().members.get('me')?.state).toMatchObject({ name: 'Me' });
    expect(selectHosts(store.getState()).map((m) => m.userId)).toEqual([String(host)]);

    session.leave();
    await clock.flush();
    expect(session.getSnapshot().status).toBe('left');
    expect(statuses).toEqual(['joining', 'joined', 'leaving', 'left']);
    expect(cloud.channel('live').has('me')).toBe(false);
    expect(cloud.rtcChannel('live').users()).toHaveLength(1);
  });

  it('rolls the RTC join back when the RTM side fails, with a typed error', async () => {
    const { clock, cloud, store, session } = setup();
    cloud.faults.add({ kind: 'rtm-subscribe-fail', times: 1 });
    session.join(toTarget({ channel: 'live' }));
    await clock.flush();
    expect(session.getSnapshot()).toMatchObject({
      status: 'failed',
      error: expect.objectContaining({ code: 'RTM_SUBSCRIBE_FAILED' }),
    });
    expect(cloud.rtcChannel('live').users()).toEqual([]);
    expect(cloud.channel('live').has('me')).toBe(false);
    store.flush();
    expect(store.getState().status).toBe('failed');

    // nothing retried until asked; retry() joins
    session.retry();
    await clock.flush();
    expect(session.getSnapshot().status).toBe('joined');
  });
});
