import { describe, expect, it, vi } from 'vitest';
import {
  createSimulatedCloud,
  createVirtualClock,
  type SimulatedCloudOptions,
  type SimulatedRtmClient,
} from '@audience-presence/simulator';
import {
  bindRtmSource,
  createPresenceStore,
  selectAudience,
  selectCounts,
  selectHosts,
  type PresenceStore,
  type RtmClientLike,
  type RtmSourceOptions,
} from '../src/index';

const CHANNEL = 'live';
/** an App ID the SDK accepts: 32 letters or digits (docs/agora-behaviour.md §1b) */
const APP_ID = '0123456789abcdef0123456789abcdef';

/** a channel small enough to test paging: TOPN past 10 members, whoNow pages of 8 */
const PAGED = { topnThreshold: 10, whoNowPageSize: 8, instantEventThreshold: 8 } as const;

function setup(
  presence: SimulatedCloudOptions['presence'] = {},
  cloudOptions: Omit<SimulatedCloudOptions, 'clock' | 'presence'> = {},
) {
  const clock = createVirtualClock();
  const cloud = createSimulatedCloud({ clock, presence, ...cloudOptions });
  const token = cloud.createToken();
  function viewer(userId: string, options: Partial<RtmSourceOptions> = {}) {
    const client = cloud.createRtmClient(APP_ID, userId);
    const store = createPresenceStore({ now: () => clock.now() });
    const source = bindRtmSource(store, client, {
      channel: CHANNEL,
      userId,
      timers: clock,
      ...options,
    });
    return { client, store, source };
  }
  return { clock, cloud, token, viewer };
}

/** the list the store shows vs the ground truth of the simulated server */
function ids(store: PresenceStore): string[] {
  store.flush();
  return [...store.getState().members.keys()].sort();
}
function truth(cloud: ReturnType<typeof setup>['cloud']): string[] {
  return cloud
    .channel(CHANNEL)
    .members()
    .map((m) => m.userId)
    .sort();
}

type WhoNow = RtmClientLike['presence']['whoNow'];

/** `real` with its `whoNow` replaced (to watch the pages asked for or to inject failures) */
function withWhoNow(real: SimulatedRtmClient, whoNow: WhoNow): RtmClientLike {
  return {
    addEventListener: real.addEventListener.bind(real),
    removeEventListener: real.removeEventListener.bind(real),
    login: real.login.bind(real),
    logout: real.logout.bind(real),
    subscribe: real.subscribe.bind(real),
    unsubscribe: real.unsubscribe.bind(real),
    presence: { setState: real.presence.setState.bind(real.presence), whoNow },
  };
}

describe('bindRtmSource (against the simulator)', () => {
  it('join(): login -> subscribe -> setSelfState; roles from own state', async () => {
    const { cloud, token, viewer } = setup();
    const host = viewer('host', { role: 'host', rtcUid: 7 });
    await host.source.join({ token });
    const alice = viewer('alice');
    await alice.source.join({ token });
    host.store.flush();
    const s = host.store.getState();
    expect(s.status).toBe('connected');
    expect(selectHosts(s).map((m) => m.userId)).toEqual(['host']);
    expect(selectAudience(s).map((m) => m.userId)).toEqual(['alice']);
    expect(s.members.get('host')?.state).toEqual({ role: 'host', rtcUid: '7' });
    expect(
      cloud
        .channel(CHANNEL)
        .members()
        .find((m) => m.userId === 'alice')?.states,
    ).toEqual({
      role: 'audience',
    });
    alice.store.flush();
    expect(selectCounts(alice.store.getState())).toEqual({ hosts: 1, audience: 0, total: 2 });
    // alice goes on stage and learns her RTC uid: her own store and the host's both see it
    await alice.source.setRole('host');
    await alice.source.setRtcUid(99);
    alice.store.flush();
    host.store.flush();
    expect(alice.store.getState().members.get('alice')?.role).toBe('host');
    expect(host.store.getState().members.get('alice')?.state).toEqual({
      role: 'host',
      rtcUid: '99',
    });
    await expect(alice.source.setRole('boss' as 'host')).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
    });
  });

  it('a burst of RTM events in one tick is ONE store update (default microtask scheduler)', async () => {
    const { cloud, token, viewer } = setup();
    const me = viewer('me');
    await me.source.join({ token });
    await Promise.resolve();
    const updates: number[] = [];
    me.store.subscribe((s) => updates.push(s.members.size));
    cloud.crowd(CHANNEL).join(5); // five REMOTE_JOIN events, delivered synchronously
    expect(updates).toEqual([]);
    await Promise.resolve();
    expect(updates).toEqual([6]);
  });

  it('crosses into interval mode and back; the list always matches the server', async () => {
    const { clock, cloud, token, viewer } = setup({
      instantEventThreshold: 8,
      intervalSeconds: 10,
    });
    const me = viewer('me');
    await me.source.join({ token });
    const crowd = cloud.crowd(CHANNEL);
    crowd.join(5); // single events
    expect(ids(me.store)).toEqual(truth(cloud));
    crowd.join(30, { states: { role: 'audience' } }); // reaches 8: interval mode
    await clock.advance(10_000);
    expect(ids(me.store)).toEqual(truth(cloud));
    expect(me.store.getState().occupancy).toEqual({ total: 36, source: 'interval' });
    crowd.crash(3);
    crowd.leave(25); // drops below the threshold: a final INTERVAL, then single events
    await clock.advance(310_000); // the crashed records expire
    expect(ids(me.store)).toEqual(truth(cloud));
    expect(selectCounts(me.store.getState()).total).toBe(cloud.channel(CHANNEL).occupancy());
  });

  it('reconnect with resume: list kept and stale while down, reconciled after', async () => {
    const { clock, cloud, token, viewer } = setup();
    const me = viewer('me');
    await me.source.join({ token });
    const crowd = cloud.crowd(CHANNEL);
    const early = crowd.join(4);
    me.store.flush();
    cloud.network.drop(me.client as SimulatedRtmClient);
    me.store.flush();
    expect(me.store.getState().status).toBe('reconnecting');
    expect(me.store.getState().staleness.stale).toBe(true);
    expect(ids(me.store)).toHaveLength(5); // kept, never flashed empty
    crowd.leave(early.slice(0, 2));
    crowd.join(3);
    await clock.advance(20_000);
    const subscribe = vi.spyOn(me.client, 'subscribe');
    cloud.network.restore(me.client as SimulatedRtmClient, { isResumed: true });
    await clock.flush();
    expect(subscribe).not.toHaveBeenCalled();
    expect(ids(me.store)).toEqual(truth(cloud));
    expect(me.store.getState().staleness).toEqual({ stale: false, since: null });
    const activity = me.store.getState().activity.toArray();
    expect(
      activity.filter((e) => e.kind === 'leave' && e.reason === 'missing-from-snapshot'),
    ).toHaveLength(2);
  });

  it('reconnect without resume: subscribes again, sets its state again, resyncs', async () => {
    const { clock, cloud, token, viewer } = setup();
    const other = viewer('other');
    await other.source.join({ token });
    const me = viewer('me', { role: 'host', state: { name: 'Me' } });
    await me.source.join({ token });
    const crowd = cloud.crowd(CHANNEL);
    crowd.join(3);
    cloud.network.drop(me.client as SimulatedRtmClient);
    crowd.leave(2);
    crowd.join(2);
    await clock.advance(120_000); // SUSPENDED
    me.store.flush();
    expect(me.store.getState().status).toBe('reconnecting');
    const subscribe = vi.spyOn(me.client, 'subscribe');
    cloud.network.restore(me.client as SimulatedRtmClient, { isResumed: false });
    await clock.flush();
    // not resumed: subscribe again (the simulator, like the SDK, already re-entered: the error is harmless)
    expect(subscribe).toHaveBeenCalledTimes(1);
    expect(ids(me.store)).toEqual(truth(cloud));
    expect(
      cloud
        .channel(CHANNEL)
        .members()
        .find((m) => m.userId === 'me')?.states,
    ).toEqual({
      name: 'Me',
      role: 'host',
    });
    other.store.flush();
    expect(other.store.getState().members.get('me')?.role).toBe('host');
  });

  it('replaceSelfState and setRtcUid(null) remove dropped keys for everyone (RTM removeState)', async () => {
    const { cloud, token, viewer } = setup();
    const ann = viewer('ann', { state: { name: 'Ann', hand: 'up' }, rtcUid: 5 });
    await ann.source.join({ token });
    const bob = viewer('bob');
    await bob.source.join({ token });
    const seenByBob = () => {
      bob.store.flush();
      return bob.store.getState().members.get('ann')?.state;
    };
    expect(seenByBob()).toEqual({ name: 'Ann', hand: 'up', role: 'audience', rtcUid: '5' });
    await ann.source.replaceSelfState({ name: 'Ann' });
    expect(seenByBob()).toEqual({ name: 'Ann', role: 'audience', rtcUid: '5' });
    await ann.source.setRtcUid(null);
    expect(seenByBob()).toEqual({ name: 'Ann', role: 'audience' });
    // setSelfState still merges
    await ann.source.setSelfState({ mic: 'on' });
    expect(seenByBob()).toEqual({ name: 'Ann', mic: 'on', role: 'audience' });
    // the server and ann's own view agree
    expect(
      cloud
        .channel(CHANNEL)
        .members()
        .find((m) => m.userId === 'ann')?.states,
    ).toEqual({ name: 'Ann', mic: 'on', role: 'audience' });
    ann.store.flush();
    expect(ann.store.getState().members.get('ann')?.state).toEqual({
      name: 'Ann',
      mic: 'on',
      role: 'audience',
    });
  });

  it('a failed removeState rejects RTM_SET_STATE_FAILED and is retried by the next write', async () => {
    const { cloud, token } = setup();
    const real = cloud.createRtmClient(APP_ID, 'ann');
    let failRemove = true;
    const removed: string[][] = [];
    const client: RtmClientLike = {
      ...withWhoNow(real, real.presence.whoNow.bind(real.presence)),
      presence: {
        whoNow: real.presence.whoNow.bind(real.presence),
        setState: real.presence.setState.bind(real.presence),
        removeState: (...args: Parameters<SimulatedRtmClient['presence']['removeState']>) => {
          removed.push([...(args[2]?.states ?? [])]);
          if (failRemove) return Promise.reject(new Error('-13001'));
          return real.presence.removeState(...args);
        },
      },
    };
    const store = createPresenceStore();
    const source = bindRtmSource(store, client, {
      channel: CHANNEL,
      userId: 'ann',
      state: { hand: 'up' },
    });
    await source.join({ token });
    await expect(source.replaceSelfState({})).rejects.toMatchObject({
      code: 'RTM_SET_STATE_FAILED',
    });
    failRemove = false;
    await source.setRole('host');
    expect(removed).toEqual([['hand'], ['hand']]);
    expect(
      cloud
        .channel(CHANNEL)
        .members()
        .find((m) => m.userId === 'ann')?.states,
    ).toEqual({ role: 'host' });
  });

  it('resyncs over several whoNow pages (TOPN mode), as ONE snapshot', async () => {
    for (const pagedTotalOccupancy of ['page', 'channel'] as const) {
      const { cloud, token, viewer } = setup({ ...PAGED, pagedTotalOccupancy });
      const me = viewer('me');
      await me.source.join({ token });
      cloud.crowd(CHANNEL).join(30);
      const updates: number[] = [];
      me.store.flush();
      me.store.subscribe((s) => updates.push(s.members.size));
      await me.source.resync();
      me.store.flush();
      expect(ids(me.store)).toEqual(truth(cloud));
      expect(updates).toEqual([31]);
      expect(selectCounts(me.store.getState()).total).toBe(31);
    }
  });

  it('a resync cut short by the possible whoNow paging bug loses nobody and keeps known states', async () => {
    const { clock, cloud, token } = setup(PAGED);
    const real = cloud.createRtmClient(APP_ID, 'me');
    const asked: string[] = [];
    const client = withWhoNow(real, (...args: Parameters<WhoNow>) => {
      asked.push(`${args[2]?.includedState ? 'states' : 'ids'}:${args[2]?.page ?? ''}`);
      return real.presence.whoNow(...args);
    });
    const store = createPresenceStore({ now: () => clock.now() });
    const source = bindRtmSource(store, client, { channel: CHANNEL, userId: 'me', timers: clock });
    await source.join({ token });
    cloud.crowd(CHANNEL).join(30, { states: { hand: 'up' } });
    await clock.advance(60_000); // INTERVAL ticks bring everyone in, with their states
    await source.resync();
    store.flush();
    const known = store.getState().members;
    expect(ids(store)).toEqual(truth(cloud));
    asked.length = 0;
    cloud.faults.add({ kind: 'rtm-whonow-early-end', channel: CHANNEL, times: 1 });
    await source.resync();
    // the state listing stopped after its first page; the id listing went on
    expect(asked.filter((a) => a.startsWith('states'))).toEqual(['states:']);
    expect(asked.filter((a) => a.startsWith('ids')).length).toBeGreaterThanOrEqual(4);
    expect(ids(store)).toEqual(truth(cloud));
    for (const [userId, member] of store.getState().members) {
      expect(member.state).toEqual(known.get(userId)?.state);
    }
    expect(
      [...store.getState().members.values()].filter((m) => m.state['hand'] === 'up'),
    ).toHaveLength(30);
    source.unbind();
  });

  it('events that arrive while whoNow is in flight survive the (older) snapshot', async () => {
    const { cloud, token } = setup();
    const real = cloud.createRtmClient(APP_ID, 'me');
    const crowd = cloud.crowd(CHANNEL);
    const client = withWhoNow(real, async (...args: Parameters<WhoNow>) => {
      const answer = await real.presence.whoNow(...args);
      crowd.join(['424242']); // joins after the answer was taken
      return answer;
    });
    const store = createPresenceStore();
    const source = bindRtmSource(store, client, { channel: CHANNEL, userId: 'me' });
    await source.join({ token });
    await source.resync();
    expect(ids(store)).toEqual(truth(cloud));
    expect(ids(store)).toContain('424242');
  });

  it('a failed automatic resync is retried with backoff, over several pages, until the list is fresh', async () => {
    const { clock, cloud, token } = setup(PAGED);
    const real = cloud.createRtmClient(APP_ID, 'me');
    let failures = 2; // two attempts; the listings run one after the other, so each fails at its first call
    const calls: string[] = [];
    const client = withWhoNow(real, (...args: Parameters<WhoNow>) => {
      calls.push(args[2]?.page ?? 'first');
      if (failures > 0) {
        failures--;
        return Promise.reject(new Error('whoNow -13001'));
      }
      return real.presence.whoNow(...args);
    });
    const errors: string[] = [];
    const store = createPresenceStore({ now: () => clock.now() });
    const source = bindRtmSource(store, client, {
      channel: CHANNEL,
      userId: 'me',
      timers: clock,
      onError: (e) => errors.push(e.code),
    });
    await source.join({ token });
    const crowd = cloud.crowd(CHANNEL);
    crowd.join(30);
    cloud.network.drop(real);
    crowd.leave(5);
    crowd.join(7);
    await clock.advance(1_000);
    cloud.network.restore(real, { isResumed: true });
    await clock.flush();
    expect(errors).toEqual(['RTM_RESYNC_FAILED']);
    expect(store.getState().staleness.stale).toBe(true);
    await clock.advance(5_000); // first retry fails
    expect(errors).toEqual(['RTM_RESYNC_FAILED', 'RTM_RESYNC_FAILED']);
    await clock.advance(10_000); // second retry pages through the server
    expect(ids(store)).toEqual(truth(cloud));
    expect(store.getState().staleness.stale).toBe(false);
    expect(calls.filter((c) => c !== 'first').length).toBeGreaterThanOrEqual(4); // several pages
    await clock.advance(120_000);
    expect(errors).toHaveLength(2); // no more retries once fresh
    source.unbind();
  });

  it('presence out of service (calls reject -13001/-13014, no event: §1b): stale with a typed error, fresh once it is back', async () => {
    const errors: string[] = [];
    const { clock, cloud, token, viewer } = setup();
    const me = viewer('me', { onError: (e) => errors.push(e.code) });
    await me.source.join({ token });
    cloud.crowd(CHANNEL).join(3);
    cloud.faults.presenceOutOfService(CHANNEL);
    await clock.flush();
    // 2.3.0 emits nothing: the next presence call is what finds out
    await expect(me.source.resync()).rejects.toMatchObject({ code: 'RTM_RESYNC_FAILED' });
    me.store.flush();
    const s = me.store.getState();
    expect(s.staleness.stale).toBe(true);
    // the store shows the more telling error
    expect(s.error?.code).toBe('PRESENCE_OUT_OF_SERVICE');
    expect(errors).toEqual([]); // the caller got the failure
    expect(ids(me.store)).toHaveLength(4); // kept
    cloud.faults.presenceOutOfService(CHANNEL, false);
    await clock.advance(5_000); // the recovery retry
    me.store.flush();
    cloud.faults.presenceOutOfService(CHANNEL, false);
    await clock.flush();
    me.store.flush();
    expect(me.store.getState().staleness.stale).toBe(false);
    expect(me.store.getState().error).toBeNull();
    expect(ids(me.store)).toEqual(truth(cloud));
  });

  it('presence out of service in a paged (TOPN) channel: resync over several pages once the service is back', async () => {
    const { clock, cloud, token } = setup(PAGED);
    const real = cloud.createRtmClient(APP_ID, 'me');
    const pages: string[] = [];
    const client = withWhoNow(real, (...args: Parameters<WhoNow>) => {
      pages.push(args[2]?.page ?? '');
      return real.presence.whoNow(...args);
    });
    const store = createPresenceStore({ now: () => clock.now() });
    const source = bindRtmSource(store, client, {
      channel: CHANNEL,
      userId: 'me',
      timers: clock,
      resyncRetryMs: 0, // only "when asked" below
    });
    await source.join({ token });
    const crowd = cloud.crowd(CHANNEL);
    crowd.join(30);
    cloud.faults.presenceOutOfService(CHANNEL);
    await clock.flush();
    await expect(source.count()).rejects.toMatchObject({ code: 'RTM_RESYNC_FAILED' });
    store.flush();
    expect(store.getState().error?.code).toBe('PRESENCE_OUT_OF_SERVICE');
    crowd.leave(4);
    crowd.join(6);
    cloud.faults.presenceOutOfService(CHANNEL, false);
    await clock.flush();
    pages.length = 0;
    await source.resync(); // "when asked"
    expect(pages.length).toBeGreaterThanOrEqual(4);
    expect(ids(store)).toEqual(truth(cloud));
    expect(store.getState().staleness.stale).toBe(false);
    expect(store.getState().error).toBeNull();
  });

  // The notes say the 21st call throws synchronously; a reading of the SDK's code says it rejects: both must work.
  it.each(['throw', 'reject'] as const)(
    'a 20,000-member server-paged (TOPN) resync completes exactly on a simulator that enforces 20 calls/s (-10021 delivered as %s)',
    async (delivery) => {
      const { clock, cloud, token, viewer } = setup(
        { topnThreshold: 100, whoNowPageSize: 50, pagedTotalOccupancy: 'channel' },
        { rateLimit: { delivery } },
      );
      const me = viewer('me');
      await me.source.join({ token });
      cloud.crowd(CHANNEL).join(19_999);
      await clock.advance(30_000); // the INTERVAL tick with the joins
      const started = clock.now();
      let done: unknown = null;
      void me.source.resync().then(
        () => (done = 'ok'),
        (e: unknown) => (done = e),
      );
      while (done === null && clock.now() - started < 300_000) await clock.advance(1_000);
      expect(done).toBe('ok');
      expect(ids(me.store)).toEqual(truth(cloud));
      expect(ids(me.store)).toHaveLength(20_000);
      console.info(
        `simulator (${delivery}): 20,000-member paged resync at the rate limit took ${((clock.now() - started) / 1_000).toFixed(0)} s simulated`,
      );
    },
    60_000,
  );

  it('degraded mode on the simulator: the 200-id SNAPSHOT makes nobody leave, the count stays the true total, fresh after recovery', async () => {
    const { clock, cloud, token, viewer } = setup();
    const me = viewer('me');
    await me.source.join({ token });
    cloud.crowd(CHANNEL).join(499);
    await clock.advance(30_000);
    await me.source.resync();
    expect(ids(me.store)).toHaveLength(500);
    const left: string[] = [];
    me.store.on('leave', ({ member }) => left.push(member.userId));
    cloud.faults.partialSnapshot(me.client, CHANNEL);
    await clock.flush();
    me.store.flush();
    expect(left).toEqual([]);
    expect(ids(me.store)).toHaveLength(500);
    expect(selectCounts(me.store.getState()).total).toBe(500);
    expect(me.store.getState().error?.code).toBe('PRESENCE_DEGRADED');
    expect(me.store.getState().staleness.stale).toBe(true);
    cloud.faults.presenceRecovered(me.client, CHANNEL);
    await clock.advance(5_000);
    me.store.flush();
    expect(me.store.getState().staleness.stale).toBe(false);
    expect(me.store.getState().error).toBeNull();
    expect(ids(me.store)).toEqual(truth(cloud));
  });

  it('kick (same uid logs in elsewhere): failed with RTM_SAME_UID_LOGIN, list kept', async () => {
    const { cloud, token, viewer } = setup();
    const me = viewer('me');
    await me.source.join({ token });
    cloud.crowd(CHANNEL).join(2);
    const second = cloud.device('other-tab').createRtmClient(APP_ID, 'me');
    await second.login({ token });
    me.store.flush();
    const s = me.store.getState();
    expect(s.status).toBe('failed');
    expect(s.error?.code).toBe('RTM_SAME_UID_LOGIN');
    expect(s.staleness.stale).toBe(true);
    expect(s.members.size).toBe(3);
  });

  it('an unrenewed token: failed with TOKEN_EXPIRED, list kept and stale', async () => {
    const { clock, cloud, viewer } = setup();
    const me = viewer('me');
    await me.source.join({ token: cloud.createToken({ expiresInSeconds: 120 }) });
    cloud.crowd(CHANNEL).join(2);
    await clock.advance(121_000);
    me.store.flush();
    const s = me.store.getState();
    expect(s.status).toBe('failed');
    expect(s.error?.code).toBe('TOKEN_EXPIRED');
    expect(s.staleness.stale).toBe(true);
    expect(s.members.size).toBe(3);
  });

  it('login timeout: a never-settling login rejects RTM_LOGIN_TIMEOUT', async () => {
    const { clock, cloud, token, viewer } = setup();
    cloud.faults.add({ kind: 'rtm-login-hang' });
    const me = viewer('me', { timeoutMs: 15_000 });
    const result = me.source.login({ token }).then(
      () => 'resolved',
      (e: { code: string }) => e.code,
    );
    await clock.advance(14_999);
    me.store.flush();
    expect(me.store.getState().status).toBe('connecting');
    await clock.advance(1);
    expect(await result).toBe('RTM_LOGIN_TIMEOUT');
    me.store.flush();
    expect(me.store.getState().status).toBe('failed');
    expect(me.store.getState().error?.code).toBe('RTM_LOGIN_TIMEOUT');
  });

  it('a bad token fails fast with TOKEN_INVALID in the store and RTM_LOGIN_FAILED from the step', async () => {
    const { cloud, viewer } = setup();
    const me = viewer('me');
    await expect(
      me.source.login({ token: cloud.createToken({ invalid: true }) }),
    ).rejects.toMatchObject({
      code: 'RTM_LOGIN_FAILED',
    });
    me.store.flush();
    expect(me.store.getState().error?.code).toBe('TOKEN_INVALID');
  });

  it('subscribe failure is a typed step error', async () => {
    const { cloud, token, viewer } = setup();
    cloud.faults.add({ kind: 'rtm-subscribe-fail', times: 1 });
    const me = viewer('me');
    await me.source.login({ token });
    await expect(me.source.subscribe()).rejects.toMatchObject({ code: 'RTM_SUBSCRIBE_FAILED' });
    await me.source.subscribe();
    expect(ids(me.store)).toEqual(['me']);
  });

  it('events for another channel are counted as foreign-channel', async () => {
    const { cloud, token, viewer } = setup();
    const me = viewer('me');
    await me.source.join({ token });
    await me.client.subscribe('other');
    cloud.crowd('other').join(2);
    me.store.flush();
    expect(me.store.getState().diagnostics.foreignChannel).toBeGreaterThanOrEqual(3);
    expect(ids(me.store)).toEqual(['me']);
  });

  it('count() is a cheap occupancy figure; leave() resets the store', async () => {
    const { cloud, token, viewer } = setup();
    const me = viewer('me');
    await me.source.join({ token });
    cloud.crowd(CHANNEL).join(4);
    expect(await me.source.count()).toBe(5);
    await me.source.leave();
    me.store.flush();
    expect(me.store.getState().members.size).toBe(0);
    expect(cloud.channel(CHANNEL).has('me')).toBe(false);
  });

  it('logout then join again works (no stale subscription bookkeeping)', async () => {
    const { cloud, token, viewer } = setup();
    const me = viewer('me');
    await me.source.join({ token });
    cloud.crowd(CHANNEL).join(2);
    await me.source.logout();
    me.store.flush();
    expect(me.store.getState().status).toBe('disconnected');
    await me.source.join({ token });
    me.store.flush();
    expect(me.store.getState().status).toBe('connected');
    expect(ids(me.store)).toEqual(truth(cloud));
  });

  it('unbind removes every listener it added and rejects pending steps', async () => {
    const { clock, cloud, token } = setup();
    cloud.faults.add({ kind: 'rtm-login-hang' });
    const real = cloud.createRtmClient(APP_ID, 'me');
    const live = new Map<string, number>();
    const counting: RtmClientLike = {
      addEventListener: ((name: string, fn: never) => {
        live.set(name, (live.get(name) ?? 0) + 1);
        real.addEventListener(name as 'presence', fn);
      }) as RtmClientLike['addEventListener'],
      removeEventListener: ((name: string, fn: never) => {
        live.set(name, (live.get(name) ?? 0) - 1);
        real.removeEventListener(name as 'presence', fn);
      }) as RtmClientLike['removeEventListener'],
      login: (o) => real.login(o),
      logout: () => real.logout(),
      subscribe: (c, o) => real.subscribe(c, o),
      unsubscribe: (c) => real.unsubscribe(c),
      presence: real.presence,
    };
    const store = createPresenceStore();
    const source = bindRtmSource(store, counting, {
      channel: CHANNEL,
      userId: 'me',
      timers: clock,
    });
    expect([...live.values()].reduce((a, b) => a + b, 0)).toBe(2);
    const pending = source.login({ token }).catch((e: { message: string }) => e.message);
    source.unbind();
    source.unbind();
    expect([...live.values()].every((n) => n === 0)).toBe(true);
    expect(await pending).toMatch(/unbound/);
    expect(clock.pendingTimers()).toBeGreaterThanOrEqual(0);
  });

  it('close() undoes exactly what was started (unsubscribe, logout) and leaves the store alone', async () => {
    const { cloud, token, viewer } = setup();
    const joined = viewer('joined');
    await joined.source.join({ token });
    cloud.crowd(CHANNEL).join(2);
    const before = ids(joined.store);
    const logout = vi.spyOn(joined.client, 'logout');
    const unsubscribe = vi.spyOn(joined.client, 'unsubscribe');
    const closing = joined.source.close();
    expect(joined.source.close()).toBe(closing);
    await closing;
    expect(unsubscribe).toHaveBeenCalledExactlyOnceWith(CHANNEL);
    expect(logout).toHaveBeenCalledOnce();
    expect(cloud.channel(CHANNEL).has('joined')).toBe(false);
    // the store is the caller's: nothing reset, nothing dispatched after close
    expect(ids(joined.store)).toEqual(before);

    const idle = viewer('idle');
    const idleLogout = vi.spyOn(idle.client, 'logout');
    const idleUnsubscribe = vi.spyOn(idle.client, 'unsubscribe');
    expect(idle.source.loginStarted).toBe(false);
    await idle.source.close();
    expect(idleLogout).not.toHaveBeenCalled();
    expect(idleUnsubscribe).not.toHaveBeenCalled();
  });

  it('join({ signal }) stops before the next step once the signal aborts; close() logs out', async () => {
    const { cloud, token, viewer } = setup();
    const me = viewer('me');
    const subscribe = vi.spyOn(me.client, 'subscribe');
    const logout = vi.spyOn(me.client, 'logout');
    const abort = new AbortController();
    const joining = me.source.join({ token, signal: abort.signal });
    expect(me.source.loginStarted).toBe(true);
    abort.abort();
    await expect(joining).rejects.toMatchObject({ name: 'AbortError' });
    expect(subscribe).not.toHaveBeenCalled();
    await me.source.close();
    expect(logout).toHaveBeenCalledOnce();
    expect(cloud.channel(CHANNEL).has('me')).toBe(false);
  });

  it('rejects bad options', () => {
    const { cloud } = setup();
    const client = cloud.createRtmClient(APP_ID, 'me');
    expect(() =>
      bindRtmSource(createPresenceStore(), client, { channel: '', userId: 'me' }),
    ).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
  });
});
