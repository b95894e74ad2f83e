/** Conformance: docs/agora-behaviour.md §1 "Reconnect" and link states. */
import { describe, expect, it } from 'vitest';
import { APP_ID, joined, setup } from './helpers/cloud';

describe('agora-notes §1 Reconnect', () => {
  it('"after every successful link login the SDK itself re-enters all subscribed channels and rewrites the local presence record"', async () => {
    const { cloud, clock } = setup();
    const w = await joined(cloud, 'w');
    const a = cloud.createRtmClient(APP_ID, 'alice', { presenceTimeout: 10 });
    await a.login();
    await a.subscribe('live');
    await a.presence.setState('live', 'MESSAGE', { hand: 'up' });
    cloud.network.drop(a);
    await clock.advance(20_000); // record timed out for others
    expect(w.log.types().at(-1)).toBe('REMOTE_TIMEOUT:alice');
    cloud.network.restore(a);
    expect(w.log.types().slice(-2)).toEqual(['REMOTE_JOIN:alice', 'REMOTE_STATE_CHANGED:alice']);
    // Resumed (< 115 s): the state survives.
    expect(w.log.presence.at(-1)!.stateChanged).toEqual({ hand: 'up' });
    expect(a.subscribedChannels).toEqual(['live']);
  });

  it('"isResumed: false after a reconnect means subscriptions and presence state were NOT restored" (isResumed false after ~115 s)', async () => {
    const { cloud, clock } = setup();
    const w = await joined(cloud, 'w');
    const a = await joined(cloud, 'alice');
    await a.client.presence.setState('live', 'MESSAGE', { hand: 'up' });
    cloud.network.drop(a.client);
    // Retries time out at 7, 16, 29, 50, 87 and 124 s; the SDK is suspended 115 s
    // after the first timeout (122 s), so the one at 124 s reports SUSPENDED.
    await clock.advance(123_999);
    expect(a.log.states()).not.toContain('SUSPENDED/RECONNECT_TIMEOUT');
    await clock.advance(1);
    expect(a.log.states().at(-1)).toBe('SUSPENDED/RECONNECT_TIMEOUT');
    cloud.network.restore(a.client);
    expect(a.log.link.at(-1)).toMatchObject({
      currentState: 'CONNECTED',
      reasonCode: 'RECONNECT_SUCCESS',
      isResumed: false,
      unrestoredChannels: [],
    });
    // Record still alive (300 s TTL) but its state is gone: others see {}.
    expect(w.log.presence.at(-1)).toMatchObject({
      eventType: 'REMOTE_STATE_CHANGED',
      publisher: 'alice',
      stateChanged: {},
    });
  });

  it('restore with an explicit isResumed', async () => {
    const { cloud } = setup();
    const a = await joined(cloud, 'alice');
    cloud.network.drop(a.client);
    cloud.network.restore(a.client, { isResumed: false });
    expect(a.log.link.at(-1)!.isResumed).toBe(false);
  });

  it('"while a client is disconnected longer than presenceTimeout others see it time out"', async () => {
    const { cloud, clock } = setup();
    const w = await joined(cloud, 'w');
    const a = await joined(cloud, 'alice');
    cloud.network.drop(a.client);
    await clock.advance(299_999);
    expect(w.log.types()).toEqual(['SNAPSHOT', 'REMOTE_JOIN:alice']);
    await clock.advance(1);
    expect(w.log.types()).toEqual(['SNAPSHOT', 'REMOTE_JOIN:alice', 'REMOTE_TIMEOUT:alice']);
  });

  it('a disconnected client misses events and calls reject -10025 until reconnected', async () => {
    const { cloud } = setup();
    const a = await joined(cloud, 'alice');
    cloud.network.drop(a.client);
    cloud.crowd('live').join(2);
    expect(a.log.types()).toEqual(['SNAPSHOT']);
    await expect(a.client.presence.whoNow('live', 'MESSAGE')).rejects.toMatchObject({
      code: -10025,
    });
    cloud.network.restore(a.client);
    cloud.crowd('live').join(1);
    expect(a.log.types()).toHaveLength(2);
  });

  it('reconnect re-evaluates interval mode silently when the channel grew meanwhile', async () => {
    const { cloud, clock } = setup({ presence: { instantEventThreshold: 8 } });
    const a = await joined(cloud, 'alice');
    cloud.network.drop(a.client);
    cloud.crowd('live').join(20);
    cloud.network.restore(a.client);
    cloud.crowd('live').join(1);
    expect(a.log.types()).toEqual(['SNAPSHOT']);
    await clock.advance(30_000);
    expect(a.log.presence[1]!.interval).toMatchObject({
      join: { userCount: 1 },
      totalOccupancy: 22,
    });
  });

  it('a client in interval mode keeps getting INTERVAL events after a reconnect', async () => {
    const { cloud, clock } = setup({ presence: { instantEventThreshold: 8 } });
    const a = await joined(cloud, 'alice');
    cloud.crowd('live').join(20);
    await clock.advance(30_000);
    cloud.network.drop(a.client);
    await clock.advance(5_000);
    cloud.network.restore(a.client);
    a.log.clear();
    cloud.crowd('live').join(2);
    await clock.advance(30_000);
    expect(a.log.types()).toEqual(['INTERVAL']);
    expect(a.log.presence[0]!.interval).toMatchObject({
      join: { userCount: 2 },
      totalOccupancy: 23,
    });
  });

  it('calling login() again while the link is down completes on restore with a SNAPSHOT and no late SUSPENDED', async () => {
    const { cloud, clock } = setup();
    const a = await joined(cloud, 'alice');
    cloud.network.drop(a.client);
    await clock.advance(3_000); // CONNECTING (AUTO_RECONNECT) now
    await expect(a.client.login()).rejects.toMatchObject({ code: -10017 });
    await clock.advance(5_000); // DISCONNECTED again: login() retries right now
    const again = a.client.login();
    expect(a.log.states().at(-1)).toBe('CONNECTING/RELOGIN');
    cloud.network.restore(a.client);
    await again;
    await clock.advance(200_000);
    expect(a.client.linkState).toBe('CONNECTED');
    expect(a.log.link.at(-1)).toMatchObject({
      currentState: 'CONNECTED',
      operation: 'LOGIN',
      reasonCode: 'RELOGIN',
      isResumed: true,
    });
    expect(a.log.types()).toEqual(['SNAPSHOT']); // a reconnect, not a login after FAILED
  });
});

describe('agora-notes §1b "Reconnect"', () => {
  it('"link-state operation AUTO_RECONNECT; affectedChannels is [] on login events; isResumed false after about 115 s suspended"', async () => {
    const { cloud, clock } = setup();
    const a = await joined(cloud, 'alice');
    await a.client.subscribe('lobby');
    expect(a.log.link.map((e) => e.affectedChannels)).toEqual([[], []]); // login events
    cloud.network.drop(a.client);
    await clock.advance(12_000);
    expect(
      a.log.link
        .slice(2)
        .map((e) => [e.currentState, e.operation, e.reasonCode, e.affectedChannels]),
    ).toEqual([
      ['DISCONNECTED', 'HEARTBEAT_TIMEOUT', 'KEEP_ALIVE_TIMEOUT', ['live', 'lobby']],
      ['CONNECTING', 'AUTO_RECONNECT', 'AUTO_RECONNECT', []],
      ['DISCONNECTED', 'SERVER_TIMEOUT', 'RECONNECT_TIMEOUT', []],
      ['CONNECTING', 'AUTO_RECONNECT', 'AUTO_RECONNECT', []],
    ]);
    cloud.network.restore(a.client);
    expect(a.log.link.at(-1)).toMatchObject({
      currentState: 'CONNECTED',
      operation: 'AUTO_RECONNECT',
      reasonCode: 'RECONNECT_SUCCESS',
      affectedChannels: ['live', 'lobby'],
      isResumed: true,
    });
    // A second outage past the SDK's suspension: isResumed false.
    cloud.network.drop(a.client);
    await clock.advance(200_000);
    expect(a.log.states()).toContain('SUSPENDED/RECONNECT_TIMEOUT');
    cloud.network.restore(a.client);
    expect(a.log.link.at(-1)).toMatchObject({ reasonCode: 'RECONNECT_SUCCESS', isResumed: false });
  });
});

describe('agora-notes §1b "Link down after a first connection"', () => {
  it('"subscribe is queued and resolves when the link is back" (queuedSubscribe "at-once", what the SDK code reading suggests: resolves at once, then subscribes on reconnect with a SNAPSHOT)', async () => {
    const { cloud, clock } = setup({ queuedSubscribe: 'at-once' });
    const w = await joined(cloud, 'w');
    const a = await joined(cloud, 'alice', 'lobby');
    cloud.network.drop(a.client);
    await clock.advance(1_000);
    a.log.clear();
    await expect(a.client.subscribe('live')).resolves.toMatchObject({ channelName: 'live' });
    expect(cloud.channel('live').has('alice')).toBe(false); // nothing reached the server yet
    expect(a.client.subscribeOptionsOf('live')).toMatchObject({ withPresence: true });
    cloud.network.restore(a.client);
    expect(cloud.channel('live').has('alice')).toBe(true);
    expect(a.log.types()).toEqual(['SNAPSHOT']);
    expect(a.log.presence[0]!.channelName).toBe('live');
    expect(w.log.types().at(-1)).toBe('REMOTE_JOIN:alice');
  });

  it('"subscribe is queued and resolves when the link is back" (the default, as the notes say): resolves only when the link is back', async () => {
    const { cloud, clock } = setup();
    const a = await joined(cloud, 'alice', 'lobby');
    cloud.network.drop(a.client);
    let resolved = false;
    void a.client.subscribe('live').then(() => (resolved = true));
    await clock.advance(5_000);
    expect(resolved).toBe(false);
    cloud.network.restore(a.client);
    await clock.flush();
    expect(resolved).toBe(true);
    expect(cloud.channel('live').has('alice')).toBe(true);
  });

  it('subscribe before any connection (first login still CONNECTING) rejects -10025', async () => {
    const { cloud } = setup();
    const c = cloud.createRtmClient(APP_ID, 'u');
    cloud.network.drop(c);
    void c.login().catch(() => undefined);
    await expect(c.subscribe('live')).rejects.toMatchObject({ code: -10025 });
  });

  it('"setState / removeState reject -10025 only when IDLE": while the link is down the state is cached and sent when it is back', async () => {
    const { cloud, clock } = setup();
    const w = await joined(cloud, 'w');
    const a = await joined(cloud, 'alice');
    cloud.network.drop(a.client);
    await clock.advance(1_000);
    await expect(
      a.client.presence.setState('live', 'MESSAGE', { hand: 'up' }),
    ).resolves.toBeDefined();
    await expect(a.client.presence.getState('alice', 'live', 'MESSAGE')).resolves.toBeDefined(); // own state: any link state but IDLE
    await expect(a.client.presence.getState('w', 'live', 'MESSAGE')).rejects.toMatchObject({
      code: -10025,
    });
    await expect(a.client.presence.whoNow('live', 'MESSAGE')).rejects.toMatchObject({
      code: -10025,
    });
    expect(cloud.channel('live').members()).toContainEqual({ userId: 'alice', states: {} });
    cloud.network.restore(a.client);
    expect(cloud.channel('live').members()).toContainEqual({
      userId: 'alice',
      states: { hand: 'up' },
    });
    expect(w.log.presence.at(-1)).toMatchObject({
      eventType: 'REMOTE_STATE_CHANGED',
      stateChanged: { hand: 'up' },
    });
    await a.client.logout();
    await expect(a.client.presence.setState('live', 'MESSAGE', { x: '1' })).rejects.toMatchObject({
      code: -10025,
    });
    await expect(a.client.presence.removeState('live', 'MESSAGE')).rejects.toMatchObject({
      code: -10025,
    });
  });

  it('"Unsubscribing a channel never subscribed, or while IDLE, resolves"; unsubscribe while down cancels a queued subscribe', async () => {
    const { cloud, clock } = setup();
    const c = cloud.createRtmClient(APP_ID, 'u');
    await expect(c.unsubscribe('live')).resolves.toMatchObject({ channelName: 'live' }); // IDLE
    await c.login();
    await expect(c.unsubscribe('never')).resolves.toMatchObject({ channelName: 'never' });
    cloud.network.drop(c);
    await clock.advance(1_000);
    const queued = c.subscribe('live'); // resolves on reconnect (the notes) or at once
    await c.unsubscribe('live');
    await expect(queued).resolves.toMatchObject({ channelName: 'live' }); // the cancel settles it
    cloud.network.restore(c);
    expect(cloud.channel('live').has('u')).toBe(false);
    expect(c.subscribedChannels).toEqual([]);
  });
});
