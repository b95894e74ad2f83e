/** Conformance: docs/agora-behaviour.md §1 "Presence API" (whoNow, state, whereNow). */
import { describe, expect, it } from 'vitest';
import { APP_ID, joined, setup } from './helpers/cloud';

async function loggedIn(cloud: ReturnType<typeof setup>['cloud'], userId = 'reader') {
  const c = cloud.createRtmClient(APP_ID, userId);
  await c.login();
  return c;
}

describe('agora-notes §1 whoNow', () => {
  it("\"While subscribed with presence ... whoNow answers from the SDK's local replica: no paging, nextPage is '', totalOccupancy is the local count\"", async () => {
    const { cloud } = setup();
    cloud.crowd('live').join(120, { states: { k: 'v' } });
    const a = await joined(cloud, 'alice');
    const who = await a.client.presence.whoNow('live', 'MESSAGE');
    expect(who.nextPage).toBe('');
    expect(who.totalOccupancy).toBe(121);
    expect(who.occupants).toHaveLength(121);
    expect(who.occupants[0]).toEqual({ userId: expect.any(String), states: {}, statesCount: 0 });
    const withState = await a.client.presence.whoNow('live', 'MESSAGE', { includedState: true });
    expect(withState.occupants[0]).toMatchObject({ states: { k: 'v' }, statesCount: 1 });
  });

  it('the local replica is what the client saw: a disconnected client answers from its stale list', async () => {
    const { cloud } = setup();
    const a = await joined(cloud, 'alice');
    cloud.network.drop(a.client);
    cloud.crowd('live').join(3);
    cloud.network.restore(a.client);
    // Refreshed silently on reconnect (re-enter), without events.
    const who = await a.client.presence.whoNow('live', 'MESSAGE');
    expect(who.totalOccupancy).toBe(4);
    expect(a.log.types()).toEqual(['SNAPSHOT']);
  });

  it("\"Otherwise it asks the server: page size = the max instant events value (default 50) ... nextPage is an opaque cursor ('' on the last page). Loop on nextPage until ''\"", async () => {
    const { cloud } = setup();
    const ids = cloud.crowd('live').join(120);
    const r = await loggedIn(cloud);
    const seen: string[] = [];
    const pages: number[] = [];
    let page: string | undefined;
    do {
      const res = await r.presence.whoNow('live', 'MESSAGE', page ? { page } : {});
      pages.push(res.occupants.length);
      seen.push(...res.occupants.map((o) => o.userId));
      page = res.nextPage || undefined;
    } while (page);
    expect(pages).toEqual([50, 50, 20]);
    expect(seen).toEqual(ids);
  });

  it("\"totalOccupancy ... (the d.ts says per page when paginated)\": default 'page', option 'channel'", async () => {
    const a = setup();
    a.cloud.crowd('live').join(70);
    const r1 = await loggedIn(a.cloud);
    const p1 = await r1.presence.whoNow('live', 'MESSAGE');
    const p2 = await r1.presence.whoNow('live', 'MESSAGE', { page: p1.nextPage });
    expect([p1.totalOccupancy, p2.totalOccupancy]).toEqual([50, 20]);
    const b = setup({ presence: { pagedTotalOccupancy: 'channel' } });
    b.cloud.crowd('live').join(70);
    const r2 = await loggedIn(b.cloud);
    expect((await r2.presence.whoNow('live', 'MESSAGE')).totalOccupancy).toBe(70);
  });

  it('"Possible SDK bug: with includedState: true, an expired user in a page can end paging early" (fault rtm-whonow-early-end)', async () => {
    const { cloud } = setup();
    cloud.crowd('live').join(120);
    const r = await loggedIn(cloud);
    cloud.faults.add({ kind: 'rtm-whonow-early-end', channel: 'live', times: 1 });
    const withState = await r.presence.whoNow('live', 'MESSAGE', { includedState: true });
    expect(withState.occupants).toHaveLength(50);
    expect(withState.nextPage).toBe(''); // cut short: 70 more members exist
    // paging without states is unaffected, and the fault was used up
    const plain = await r.presence.whoNow('live', 'MESSAGE');
    expect(plain.nextPage).not.toBe('');
    const again = await r.presence.whoNow('live', 'MESSAGE', { includedState: true });
    expect(again.nextPage).not.toBe('');
  });

  it('server pages carry states with includedState: true', async () => {
    const { cloud } = setup();
    const [id] = cloud.crowd('live').join(1, { states: { hand: 'up' } });
    const r = await loggedIn(cloud);
    const res = await r.presence.whoNow('live', 'MESSAGE', { includedState: true });
    expect(res.occupants).toEqual([{ userId: id, states: { hand: 'up' }, statesCount: 1 }]);
    expect((await r.presence.whoNow('live', 'MESSAGE')).occupants[0]).toEqual({
      userId: id,
      states: {},
      statesCount: 0,
    });
  });

  it('whoNowPageSize is configurable', async () => {
    const { cloud } = setup({ presence: { whoNowPageSize: 100 } });
    cloud.crowd('live').join(150);
    const r = await loggedIn(cloud);
    const p1 = await r.presence.whoNow('live', 'MESSAGE');
    expect(p1.occupants).toHaveLength(100);
  });

  it('paging survives members leaving between pages (cursor is positional, not an offset)', async () => {
    const { cloud } = setup();
    const crowd = cloud.crowd('live');
    const ids = crowd.join(100);
    const r = await loggedIn(cloud);
    const p1 = await r.presence.whoNow('live', 'MESSAGE');
    crowd.leave(ids.slice(0, 30)); // all from page 1
    const p2 = await r.presence.whoNow('live', 'MESSAGE', { page: p1.nextPage });
    expect(p2.occupants.map((o) => o.userId)).toEqual(ids.slice(50));
    expect(p2.nextPage).toBe('');
  });

  it('"includedUserId: false gives a cheap count"', async () => {
    const { cloud } = setup();
    cloud.crowd('live').join(500);
    const r = await loggedIn(cloud);
    expect(await r.presence.whoNow('live', 'MESSAGE', { includedUserId: false })).toEqual({
      totalOccupancy: 500,
      occupants: [],
      nextPage: '',
      timestamp: cloud.clock.now(),
    });
  });

  it('an invalid page cursor is a typed error, not a silent first page', async () => {
    const { cloud } = setup();
    const r = await loggedIn(cloud);
    await expect(r.presence.whoNow('live', 'MESSAGE', { page: 'garbage!' })).rejects.toMatchObject({
      code: -10014,
    });
  });

  it('"getOnlineUsers(...) // alias of whoNow"', async () => {
    const { cloud } = setup();
    cloud.crowd('live').join(3);
    const r = await loggedIn(cloud);
    expect(await r.presence.getOnlineUsers('live', 'MESSAGE')).toEqual(
      await r.presence.whoNow('live', 'MESSAGE'),
    );
  });
});

describe('agora-notes §1 state API', () => {
  it('"setState(channel, MESSAGE, Record<string, string>) // up to 32 keys; triggers REMOTE_STATE_CHANGED for others"', async () => {
    const { cloud } = setup();
    const a = await joined(cloud, 'alice');
    const many = Object.fromEntries(Array.from({ length: 33 }, (_, i) => [`k${i}`, 'v']));
    await expect(a.client.presence.setState('live', 'MESSAGE', many)).rejects.toMatchObject({
      code: -13005,
    });
    await expect(
      a.client.presence.setState('live', 'MESSAGE', { n: 1 as unknown as string }),
    ).rejects.toMatchObject({ code: -13007 });
    // A rejected call changes nothing.
    expect(cloud.channel('live').members()).toEqual([{ userId: 'alice', states: {} }]);
  });

  it('"getState(userId, channel, MESSAGE)"', async () => {
    const { cloud } = setup();
    const [id] = cloud.crowd('live').join(1, { states: { hand: 'up' } });
    const r = await loggedIn(cloud);
    expect(await r.presence.getState(id!, 'live', 'MESSAGE')).toEqual({
      userId: id,
      states: { hand: 'up' },
      statesCount: 1,
      timestamp: cloud.clock.now(),
    });
    await expect(r.presence.getState('nobody', 'live', 'MESSAGE')).rejects.toMatchObject({
      code: -13011,
    });
  });

  it('"whereNow(userId) / getUserChannels(userId) -> { channels: { channelName, channelType }[], totalChannel }"', async () => {
    const { cloud } = setup();
    const a = await joined(cloud, 'alice', 'one');
    await a.client.subscribe('two');
    expect(await a.client.presence.whereNow('alice')).toEqual({
      channels: [
        { channelName: 'one', channelType: 'MESSAGE' },
        { channelName: 'two', channelType: 'MESSAGE' },
      ],
      totalChannel: 2,
      timestamp: cloud.clock.now(),
    });
    expect(await a.client.presence.getUserChannels('nobody')).toMatchObject({
      channels: [],
      totalChannel: 0,
    });
  });

  it('only MESSAGE channels are simulated: other channel types are a typed error', async () => {
    const { cloud } = setup();
    const r = await loggedIn(cloud);
    await expect(r.presence.whoNow('live', 'STREAM')).rejects.toMatchObject({ code: -10019 });
  });
});

describe('agora-notes §1 subscribe', () => {
  it('§1 "Re-subscribing a channel already subscribed is a no-op (options compared), not an error"', async () => {
    const { cloud } = setup();
    const a = await joined(cloud, 'alice');
    const w = await joined(cloud, 'w');
    await expect(a.client.subscribe('live')).resolves.toMatchObject({ channelName: 'live' });
    await expect(a.client.subscribe('live', { withPresence: true })).resolves.toBeDefined();
    expect(a.log.types()).toEqual(['SNAPSHOT', 'REMOTE_JOIN:w']);
    expect(w.log.types()).toEqual(['SNAPSHOT']);
    // Other options: the SDK re-joins with them.
    await a.client.subscribe('live', { withPresence: false });
    expect(a.client.subscribeOptionsOf('live')).toMatchObject({ withPresence: false });
    expect(w.log.types()).toEqual(['SNAPSHOT']); // the record stays: no leave/join flap
  });

  it('fault: subscribe failure rejects -11021 and leaves no record', async () => {
    const { cloud } = setup();
    cloud.faults.add({ kind: 'rtm-subscribe-fail', channel: 'live', times: 1 });
    const c = await loggedIn(cloud, 'alice');
    await expect(c.subscribe('live')).rejects.toMatchObject({
      code: -11021,
      name: 'RtmUnavailableError',
    });
    expect(cloud.channel('live').occupancy()).toBe(0);
    expect(c.subscribedChannels).toEqual([]);
    await c.subscribe('live');
    expect(cloud.channel('live').has('alice')).toBe(true);
  });

  it('§1b "50 channels": "At most 50 subscribed message channels (MESSAGE_CHANNEL_COUNT)"; the 51st rejects -11005 RtmLimitExceededError', async () => {
    const { cloud } = setup({ rateLimit: false });
    const c = await loggedIn(cloud, 'alice');
    for (let i = 0; i < 50; i++) await c.subscribe(`c${i}`, { withPresence: false });
    await expect(c.subscribe('c50')).rejects.toMatchObject({
      code: -11005,
      name: 'RtmLimitExceededError',
    });
    await c.subscribe('c0', { withPresence: false }); // a re-subscribe is not a new channel
    await c.unsubscribe('c0');
    await expect(c.subscribe('c50')).resolves.toBeDefined();
  });

  it('withPresence: false receives no presence events but still writes a record', async () => {
    const { cloud } = setup();
    const a = await joined(cloud, 'alice', 'live', { withPresence: false });
    cloud.crowd('live').join(2);
    expect(a.log.presence).toEqual([]);
    expect(cloud.channel('live').has('alice')).toBe(true);
  });
});

describe('agora-notes §1b "Validation"', () => {
  const rejection = (p: Promise<unknown>) =>
    p.then(
      () => 'ok',
      (e: { code: number; name: string }) => `${e.code} ${e.name}`,
    );

  it('"setState({}) -> -13003"', async () => {
    const { cloud } = setup();
    const { client } = await joined(cloud, 'alice');
    expect(await rejection(client.presence.setState('live', 'MESSAGE', {}))).toBe(
      '-13003 RtmInvalidArgumentError',
    );
  });

  it('"a state key over 32 bytes or with characters outside the allowed set -> -13008 / -13006"', async () => {
    const { cloud } = setup();
    const { client } = await joined(cloud, 'alice');
    const set = (key: string) =>
      rejection(client.presence.setState('live', 'MESSAGE', { [key]: 'v' }));
    expect(await set('k'.repeat(32))).toBe('ok');
    expect(await set('k'.repeat(33))).toBe('-13008 RtmInvalidArgumentError');
    expect(await set('é'.repeat(17))).toBe('-13008 RtmInvalidArgumentError'); // 34 bytes
    for (const bad of ['a*b', 'a.b', '_a', 'é', 'a/b']) {
      expect(await set(bad)).toBe('-13006 RtmInvalidArgumentError');
    }
    expect(await set('hand_up-1')).toBe('ok');
  });

  it('"a value over 16,384 bytes -> -13009"; more than 32 keys -> -13005', async () => {
    const { cloud } = setup();
    const { client } = await joined(cloud, 'alice');
    const set = (state: Record<string, string>) =>
      rejection(client.presence.setState('live', 'MESSAGE', state));
    expect(await set({ k: 'v'.repeat(16_384) })).toBe('ok');
    expect(await set({ k: 'v'.repeat(16_385) })).toBe('-13009 RtmLimitExceededError');
    expect(await set({ k: 'é'.repeat(8_193) })).toBe('-13009 RtmLimitExceededError'); // bytes, not chars
    const many = Object.fromEntries(Array.from({ length: 31 }, (_, i) => [`k${i}`, 'v']));
    expect(await set(many)).toBe('ok'); // 31 + k = 32 keys
    expect(await set({ extra: 'v' })).toBe('-13005 RtmLimitExceededError');
    expect(cloud.channel('live').members()[0]!.states).not.toHaveProperty('extra');
  });

  it('"whoNow with includedUserId: false, includedState: true -> -13003"', async () => {
    const { cloud } = setup();
    const { client } = await joined(cloud, 'alice');
    expect(
      await rejection(
        client.presence.whoNow('live', 'MESSAGE', { includedUserId: false, includedState: true }),
      ),
    ).toBe('-13003 RtmInvalidArgumentError');
    expect(
      await rejection(client.presence.whoNow('live', 'MESSAGE', { includedUserId: false })),
    ).toBe('ok');
  });
});

describe('agora-notes §1b "Error class names"', () => {
  it('"bogus token at login -> RtmInvalidArgumentError"; "login while CONNECTING -> RtmUnavailableError"', async () => {
    const { cloud } = setup();
    const c = cloud.createRtmClient(APP_ID, 'alice');
    await expect(c.login({ token: cloud.createToken({ invalid: true }) })).rejects.toMatchObject({
      code: -10005,
      name: 'RtmInvalidArgumentError',
    });
    const d = cloud.createRtmClient(APP_ID, 'bob');
    cloud.network.drop(d);
    void d.login().catch(() => undefined);
    await expect(d.login()).rejects.toMatchObject({
      code: -10017,
      name: 'RtmUnavailableError',
      operation: 'login',
    });
  });
});

describe('agora-notes §1b "withMessage"', () => {
  it('"withMessage defaults to true: a presence-only subscriber should pass withMessage: false" (the options are recorded with the SDK defaults)', async () => {
    const { cloud } = setup();
    const a = await joined(cloud, 'alice');
    expect(a.client.subscribeOptionsOf('live')).toEqual({
      withMessage: true,
      withPresence: true,
      beQuiet: false,
      withMetadata: false,
      withLock: false,
    });
    await a.client.subscribe('quiet-room', { withMessage: false });
    expect(a.client.subscribeOptionsOf('quiet-room')).toMatchObject({
      withMessage: false,
      withPresence: true,
    });
    expect(a.client.subscribeOptionsOf('never')).toBeUndefined();
    await a.client.unsubscribe('quiet-room');
    expect(a.client.subscribeOptionsOf('quiet-room')).toBeUndefined();
  });
});

describe('channel names (agora-rtm-sdk 2.3.0 checks them with its user-ID rule)', () => {
  it('subscribe / unsubscribe / presence calls reject an invalid channel name with -10008 RtmInvalidArgumentError', async () => {
    const { cloud } = setup();
    const c = await loggedIn(cloud, 'alice');
    const invalid = { code: -10008, name: 'RtmInvalidArgumentError' };
    for (const bad of ['', 'a.b', '_live', 'x'.repeat(65), 'a/b']) {
      await expect(c.subscribe(bad)).rejects.toMatchObject(invalid);
      await expect(c.unsubscribe(bad)).rejects.toMatchObject(invalid);
      await expect(c.presence.whoNow(bad, 'MESSAGE')).rejects.toMatchObject(invalid);
      await expect(c.presence.setState(bad, 'MESSAGE', { a: '1' })).rejects.toMatchObject(invalid);
    }
    await expect(c.subscribe('live-2:b@c')).resolves.toBeDefined();
  });
});
