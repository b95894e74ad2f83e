/**
 * Conformance: docs/agora-behaviour.md §1 "Presence event" and "What the SDK's code
 * does". Each test is named after the note it checks.
 */
import { describe, expect, it } from 'vitest';
import { APP_ID, joined, record, setup } from './helpers/cloud';

describe('agora-notes §1 Presence event shape', () => {
  it('"PresenceEvent (exact shape)": SNAPSHOT carries snapshot, others [] with interval null and publisher', async () => {
    const { cloud, clock } = setup();
    const a = await joined(cloud, 'alice');
    await joined(cloud, 'bob');
    const [snap, join] = a.log.presence;
    expect(snap).toStrictEqual({
      eventType: 'SNAPSHOT',
      channelType: 'MESSAGE',
      channelName: 'live',
      publisher: '',
      stateChanged: {},
      interval: null,
      snapshot: [{ userId: 'alice', states: {}, statesCount: 0 }],
      timestamp: clock.now(),
    });
    expect(join).toStrictEqual({
      eventType: 'REMOTE_JOIN',
      channelType: 'MESSAGE',
      channelName: 'live',
      publisher: 'bob',
      stateChanged: {},
      interval: null,
      snapshot: [],
      timestamp: clock.now(),
    });
  });

  it('"interval: IntervalDetail | null; // INTERVAL only" with join/leave/timeout/userStateList/totalOccupancy', async () => {
    const { cloud, clock } = setup({ presence: { instantEventThreshold: 8, intervalSeconds: 10 } });
    const a = await joined(cloud, 'alice');
    cloud.crowd('live').join(10);
    a.log.clear();
    await clock.advance(10_000);
    const ev = a.log.presence[0]!;
    expect(Object.keys(ev).sort()).toEqual(
      [
        'channelName',
        'channelType',
        'eventType',
        'interval',
        'publisher',
        'snapshot',
        'stateChanged',
        'timestamp',
      ].sort(),
    );
    expect(ev).toMatchObject({
      eventType: 'INTERVAL',
      publisher: '',
      snapshot: [],
      stateChanged: {},
    });
    expect(Object.keys(ev.interval!).sort()).toEqual([
      'join',
      'leave',
      'timeout',
      'totalOccupancy',
      'userStateList',
    ]);
  });
});

describe('agora-notes §1 SNAPSHOT', () => {
  it('"SNAPSHOT ... emitted on subscribe (with presence) ... It includes the local user (unless it subscribed with beQuiet)"', async () => {
    const { cloud } = setup();
    cloud.crowd('live').join(['1', '2']);
    const a = await joined(cloud, 'alice');
    expect(a.log.presence[0]!.snapshot!.map((u) => u.userId)).toEqual(['1', '2', 'alice']);
    const q = await joined(cloud, 'quiet', 'live', { beQuiet: true });
    expect(q.log.presence[0]!.snapshot!.map((u) => u.userId)).toEqual(['1', '2', 'alice']);
  });

  it('SNAPSHOT carries states of members and the state set before subscribing', async () => {
    const { cloud } = setup();
    cloud.crowd('live').join(['1'], { states: { role: 'fan' } });
    const c = cloud.createRtmClient(APP_ID, 'alice');
    const log = record(c);
    await c.login();
    await c.presence.setState('live', 'MESSAGE', { hand: 'up' });
    await c.subscribe('live');
    expect(log.presence[0]!.snapshot).toEqual([
      { userId: '1', states: { role: 'fan' }, statesCount: 1 },
      { userId: 'alice', states: { hand: 'up' }, statesCount: 1 },
    ]);
  });

  it('"State set before subscribing is cached and sent on subscribe"', async () => {
    const { cloud } = setup();
    const w = await joined(cloud, 'w');
    const c = cloud.createRtmClient(APP_ID, 'alice');
    await c.login();
    await c.presence.setState('live', 'MESSAGE', { hand: 'up' });
    expect(w.log.types()).toEqual(['SNAPSHOT']);
    await c.subscribe('live');
    expect(w.log.presence.slice(1)).toMatchObject([
      { eventType: 'REMOTE_JOIN', publisher: 'alice', stateChanged: {} },
      { eventType: 'REMOTE_STATE_CHANGED', publisher: 'alice', stateChanged: { hand: 'up' } },
    ]);
    expect(cloud.channel('live').members()).toContainEqual({
      userId: 'alice',
      states: { hand: 'up' },
    });
  });

  it('"SNAPSHOT ... on login() after FAILED"', async () => {
    const { cloud } = setup();
    const a = await joined(cloud, 'alice');
    const other = cloud.device('phone').createRtmClient(APP_ID, 'alice');
    await other.login(); // kicks a
    a.log.clear();
    await a.client.login();
    expect(a.log.types()).toEqual(['SNAPSHOT']);
    expect(a.log.presence[0]!.snapshot!.map((u) => u.userId)).toEqual(['alice']);
  });

  it('"A plain reconnect of the link does NOT emit a new SNAPSHOT"', async () => {
    const { cloud, clock } = setup();
    const a = await joined(cloud, 'alice');
    cloud.network.drop(a.client);
    await clock.advance(10_000);
    cloud.network.restore(a.client);
    expect(a.log.types()).toEqual(['SNAPSHOT']);
    expect(a.log.states()).toContain('DISCONNECTED/KEEP_ALIVE_TIMEOUT');
    expect(a.log.states().at(-1)).toBe('CONNECTED/RECONNECT_SUCCESS');
  });
});

describe('agora-notes §1 Degraded mode', () => {
  it('"The fallback\'s own snapshot holds only the first page (up to 200 userIds) with EMPTY states. So a SNAPSHOT can be partial"', async () => {
    const { cloud } = setup();
    const ids = cloud.crowd('live').join(300, { states: { hand: 'up' } });
    const a = await joined(cloud, 'alice');
    a.log.clear();
    cloud.faults.partialSnapshot(a.client, 'live');
    const snap = a.log.presence[0]!;
    expect(snap.eventType).toBe('SNAPSHOT');
    expect(snap.snapshot).toHaveLength(200);
    expect(snap.snapshot![0]).toEqual({ userId: ids[0], states: {}, statesCount: 0 });
    // Re-subscribing rebuilds the full list.
    await a.client.unsubscribe('live');
    await a.client.subscribe('live');
    expect(a.log.presence.at(-1)!.snapshot).toHaveLength(301);
  });

  it('§1b "Degraded mode": whoNow answers from the same server: first 200 ids, empty states, nextPage \'\', totalOccupancy = the true count', async () => {
    const { cloud, clock } = setup();
    const ids = cloud.crowd('live').join(300, { states: { hand: 'up' } });
    const a = await joined(cloud, 'alice');
    cloud.faults.partialSnapshot(a.client, 'live');
    const who = await a.client.presence.whoNow('live', 'MESSAGE', { includedState: true });
    expect(who.totalOccupancy).toBe(301);
    expect(who.nextPage).toBe('');
    expect(who.occupants).toHaveLength(200);
    expect(who.occupants[0]).toEqual({ userId: ids[0], states: {}, statesCount: 0 });
    expect(who.occupants.every((o) => o.statesCount === 0)).toBe(true);
    const count = await a.client.presence.whoNow('live', 'MESSAGE', { includedUserId: false });
    expect(count).toMatchObject({ totalOccupancy: 301, occupants: [] });
    // Still in interval mode (200 >= 50): the ticks carry the true count.
    a.log.clear();
    cloud.crowd('live').leave([ids[299]!]); // beyond the partial list: still reported
    await clock.advance(30_000);
    expect(a.log.presence.at(-1)!.interval).toMatchObject({
      leave: { users: [ids[299]], userCount: 1 },
      totalOccupancy: 300,
    });
    // Presence recovers: a full SNAPSHOT with states; whoNow is local again.
    a.log.clear();
    cloud.faults.presenceRecovered(a.client, 'live');
    expect(a.log.types()).toEqual(['SNAPSHOT']);
    expect(a.log.presence[0]!.snapshot).toHaveLength(300);
    expect(a.log.presence[0]!.snapshot![0]!.states).toEqual({ hand: 'up' });
    const after = await a.client.presence.whoNow('live', 'MESSAGE');
    expect(after.occupants).toHaveLength(300);
  });

  it('§1b "Degraded mode": REMOTE_JOIN/LEAVE still arrive (from the message server), without states', async () => {
    const { cloud } = setup();
    const crowd = cloud.crowd('live');
    const ids = crowd.join(10);
    const a = await joined(cloud, 'alice');
    cloud.faults.partialSnapshot(a.client, 'live', 5); // a small first page keeps single events
    a.log.clear();
    const [newcomer] = crowd.join(1, { states: { name: 'Nia' } });
    crowd.leave([ids[9]!]); // not in the partial list
    crowd.setState(ids[0]!, { hand: 'up' }); // the message server carries no states
    expect(a.log.types()).toEqual([`REMOTE_JOIN:${newcomer}`, `REMOTE_LEAVE:${ids[9]}`]);
    expect(a.log.presence[0]!.stateChanged).toEqual({});
    const who = await a.client.presence.whoNow('live', 'MESSAGE');
    expect(who.totalOccupancy).toBe(cloud.channel('live').occupancy());
    expect(who.occupants.map((o) => o.userId)).toEqual(ids.slice(0, 5));
    // Recovering without a SNAPSHOT ("may re-emit") just completes the local list.
    cloud.faults.presenceRecovered(a.client, 'live', { snapshot: false });
    expect(a.log.types()).toHaveLength(2);
    expect((await a.client.presence.whoNow('live', 'MESSAGE')).occupants).toHaveLength(11);
  });
});

describe('agora-notes §1 REMOTE_* events', () => {
  it('§1b "REMOTE_JOIN carries stateChanged: {}. The joiner\'s states reach others as a following REMOTE_STATE_CHANGED (instant mode)"', async () => {
    const { cloud } = setup();
    const a = await joined(cloud, 'alice');
    const [plain] = cloud.crowd('live').join(1);
    const [named] = cloud.crowd('live').join(1, { states: { name: 'Nia', role: 'audience' } });
    expect(a.log.presence.slice(1).map((e) => [e.eventType, e.publisher, e.stateChanged])).toEqual([
      ['REMOTE_JOIN', plain, {}],
      ['REMOTE_JOIN', named, {}],
      ['REMOTE_STATE_CHANGED', named, { name: 'Nia', role: 'audience' }],
    ]);
  });

  it("§1b \"... or in a later INTERVAL's userStateList when they change; a joiner's states are NOT added to the join tick's userStateList\"", async () => {
    const { cloud, clock } = setup();
    const a = await joined(cloud, 'alice');
    const crowd = cloud.crowd('live');
    crowd.join(60); // interval mode
    await clock.advance(30_000);
    a.log.clear();
    const [joiner] = crowd.join(1, { states: { name: 'Nia' } });
    await clock.advance(30_000);
    expect(a.log.presence).toHaveLength(1);
    expect(a.log.presence[0]!.interval).toMatchObject({
      join: { users: [joiner], userCount: 1 },
      userStateList: [],
    });
    crowd.setState(joiner!, { hand: 'up' });
    await clock.advance(30_000);
    expect(a.log.presence[1]!.interval!.userStateList).toEqual([
      { userId: joiner, states: { name: 'Nia', hand: 'up' }, statesCount: 2 },
    ]);
    // The local replica (whoNow) knows the joiner's states all along.
    const who = await a.client.presence.whoNow('live', 'MESSAGE', { includedState: true });
    expect(who.occupants.find((o) => o.userId === joiner)!.states).toEqual({
      name: 'Nia',
      hand: 'up',
    });
  });

  it('"REMOTE_JOIN / REMOTE_LEAVE / REMOTE_TIMEOUT: one user (publisher). Leave is graceful"', async () => {
    const { cloud } = setup();
    const a = await joined(cloud, 'alice');
    const b = await joined(cloud, 'bob');
    await b.client.unsubscribe('live');
    const c = await joined(cloud, 'carol');
    await c.client.logout();
    expect(a.log.types()).toEqual([
      'SNAPSHOT',
      'REMOTE_JOIN:bob',
      'REMOTE_LEAVE:bob',
      'REMOTE_JOIN:carol',
      'REMOTE_LEAVE:carol',
    ]);
  });

  it('"timeout means the user\'s presence record expired (presenceTimeout ... sent as that record\'s time-to-live)": crash', async () => {
    const { cloud, clock } = setup();
    const a = await joined(cloud, 'alice');
    const b = cloud.createRtmClient(APP_ID, 'bob', { presenceTimeout: 20 });
    await b.login();
    await b.subscribe('live');
    cloud.crash(b);
    await clock.advance(19_999);
    expect(a.log.types()).toEqual(['SNAPSHOT', 'REMOTE_JOIN:bob']);
    await clock.advance(1);
    expect(a.log.types()).toEqual(['SNAPSHOT', 'REMOTE_JOIN:bob', 'REMOTE_TIMEOUT:bob']);
    expect(cloud.channel('live').has('bob')).toBe(false);
  });

  it('"A closed tab may linger for up to 5 minutes unless the app sets a smaller value"', async () => {
    const { cloud, clock } = setup();
    const a = await joined(cloud, 'alice');
    const b = await joined(cloud, 'bob');
    cloud.crash(b.client);
    await clock.advance(299_000);
    expect(cloud.channel('live').has('bob')).toBe(true);
    await clock.advance(1_000);
    expect(a.log.types().at(-1)).toBe('REMOTE_TIMEOUT:bob');
  });

  it('"The SDK never emits REMOTE_* events about the local user itself"', async () => {
    const { cloud } = setup();
    const a = await joined(cloud, 'alice');
    await a.client.presence.setState('live', 'MESSAGE', { x: '1' });
    await a.client.presence.removeState('live', 'MESSAGE');
    expect(a.log.types()).toEqual(['SNAPSHOT']);
  });

  it('"REMOTE_STATE_CHANGED: stateChanged is a copy of the publisher\'s WHOLE state map ... removing every key gives {}"', async () => {
    const { cloud } = setup();
    const a = await joined(cloud, 'alice');
    const b = await joined(cloud, 'bob');
    await b.client.presence.setState('live', 'MESSAGE', { hand: 'up', mic: 'on' });
    await b.client.presence.setState('live', 'MESSAGE', { hand: 'down' });
    await b.client.presence.removeState('live', 'MESSAGE', { states: ['mic'] });
    await b.client.presence.removeState('live', 'MESSAGE');
    const changes = a.log.presence
      .filter((e) => e.eventType === 'REMOTE_STATE_CHANGED')
      .map((e) => e.stateChanged);
    expect(changes).toEqual([
      { hand: 'up', mic: 'on' },
      { hand: 'down', mic: 'on' },
      { hand: 'down' },
      {},
    ]);
  });

  it('"beQuiet: true: the user writes no presence record, so others get no REMOTE_JOIN and do not see it in SNAPSHOT or whoNow ... State set while quiet stays local"', async () => {
    const { cloud } = setup();
    const a = await joined(cloud, 'alice');
    const q = await joined(cloud, 'quiet', 'live', { beQuiet: true });
    await q.client.presence.setState('live', 'MESSAGE', { hand: 'up' });
    expect(a.log.types()).toEqual(['SNAPSHOT']);
    const who = await a.client.presence.whoNow('live', 'MESSAGE');
    expect(who.occupants.map((o) => o.userId)).toEqual(['alice']);
    expect(cloud.channel('live').has('quiet')).toBe(false);
    await q.client.unsubscribe('live');
    expect(a.log.types()).toEqual(['SNAPSHOT']);
  });

  it('"Temporary state is dropped on unsubscribe"', async () => {
    const { cloud } = setup();
    const a = await joined(cloud, 'alice');
    await joined(cloud, 'bob');
    await a.client.presence.setState('live', 'MESSAGE', { hand: 'up' });
    await a.client.unsubscribe('live');
    await a.client.subscribe('live');
    expect(cloud.channel('live').members()).toContainEqual({ userId: 'alice', states: {} });
  });

  it('§1b "ERROR_OUT_OF_SERVICE is never emitted": presence that is unavailable shows up as rejected calls, -13014 / -13001 from presence APIs', async () => {
    const { cloud } = setup();
    const a = await joined(cloud, 'alice');
    const bob = await joined(cloud, 'bob');
    cloud.faults.presenceOutOfService('live');
    cloud.crowd('live').join(3); // not seen while down
    expect(a.log.types()).toEqual(['SNAPSHOT', 'REMOTE_JOIN:bob']);
    const unavailable = { code: -13001, name: 'RtmUnavailableError' };
    await expect(a.client.presence.whoNow('live', 'MESSAGE')).rejects.toMatchObject(unavailable);
    await expect(a.client.presence.getState('bob', 'live', 'MESSAGE')).rejects.toMatchObject(
      unavailable,
    );
    await expect(
      a.client.presence.setState('live', 'MESSAGE', { hand: 'up' }),
    ).rejects.toMatchObject(unavailable);
    await expect(a.client.presence.removeState('live', 'MESSAGE')).rejects.toMatchObject(
      unavailable,
    );
    // Other channels are unaffected.
    await expect(a.client.presence.whoNow('other', 'MESSAGE')).resolves.toBeDefined();
    const late = await joined(cloud, 'late'); // subscribe still resolves, but no SNAPSHOT
    expect(late.log.types()).toEqual([]);
    cloud.faults.presenceOutOfService('live', false);
    expect(a.log.types().at(-1)).toBe('SNAPSHOT');
    expect(late.log.types()).toEqual(['SNAPSHOT']);
    expect(late.log.presence.at(-1)!.snapshot!.map((u) => u.userId)).toEqual(
      cloud
        .channel('live')
        .members()
        .map((m) => m.userId),
    );
    const all = [...a.log.presence, ...bob.log.presence, ...late.log.presence];
    expect(all.map((e) => e.eventType)).not.toContain('ERROR_OUT_OF_SERVICE');
  });

  it('§1b presenceOutOfService with code -13014 (RTM_ERROR_PRESENCE_INACTIVE)', async () => {
    const { cloud } = setup();
    const a = await joined(cloud, 'alice');
    cloud.faults.presenceOutOfService('live', true, { code: -13014 });
    await expect(a.client.presence.whoNow('live', 'MESSAGE')).rejects.toMatchObject({
      code: -13014,
      errorCode: -13014,
      name: 'RtmUnavailableError',
      operation: 'whoNow',
    });
  });
});

describe('agora-notes §1 interval mode', () => {
  it('§1b "The REMOTE_JOIN that reaches the threshold is still emitted, then the channel switches to interval mode"', async () => {
    const { cloud } = setup();
    const a = await joined(cloud, 'alice');
    const crowd = cloud.crowd('live');
    crowd.join(48); // 49 with self: still single events
    expect(a.log.types().filter((t) => t.startsWith('REMOTE_JOIN'))).toHaveLength(48);
    const [reaching] = crowd.join(1); // 50 >= 50: still a REMOTE_JOIN, then interval mode
    expect(a.log.types().at(-1)).toBe(`REMOTE_JOIN:${reaching}`);
    crowd.join(5);
    expect(a.log.presence).toHaveLength(50); // SNAPSHOT + 49 REMOTE_JOIN
  });

  it('§1b "(so a crowd of 10,000 gives 49 REMOTE_JOINs with the default threshold 50 when one member was already there, not 48)"', async () => {
    const { cloud, clock } = setup();
    const a = await joined(cloud, 'alice');
    cloud.crowd('live').join(10_000);
    expect(a.log.types().filter((t) => t.startsWith('REMOTE_JOIN'))).toHaveLength(49);
    await clock.advance(30_000);
    expect(a.log.presence.at(-1)!.interval!.join.userCount).toBe(10_000 - 49);
  });

  it('"every interval (default 30 s) one INTERVAL event carries the joins, leaves and timeouts of THAT interval only"', async () => {
    const { cloud, clock } = setup({ presence: { instantEventThreshold: 8 } });
    const a = await joined(cloud, 'alice');
    const crowd = cloud.crowd('live', { presenceTimeout: 5 });
    const first = crowd.join(10); // reaches 8 at the 7th join, still a REMOTE_JOIN
    a.log.clear();
    await clock.advance(30_000);
    expect(a.log.presence).toHaveLength(1);
    expect(a.log.presence[0]!.interval).toMatchObject({
      join: { users: first.slice(7), userCount: 3 },
      leave: { users: [], userCount: 0 },
      timeout: { users: [], userCount: 0 },
      totalOccupancy: 11,
    });
    crowd.leave([first[0]!]);
    crowd.crash([first[1]!]);
    await clock.advance(30_000);
    expect(a.log.presence[1]!.interval).toMatchObject({
      join: { users: [], userCount: 0 },
      leave: { users: [first[0]], userCount: 1 },
      timeout: { users: [first[1]], userCount: 1 },
      totalOccupancy: 9,
    });
    expect(a.log.presence[1]!.timestamp - a.log.presence[0]!.timestamp).toBe(30_000);
  });

  it('"a join and a leave of one user within one interval cancel out" (and with nothing else changed there is no tick at all)', async () => {
    const { cloud, clock } = setup({ presence: { instantEventThreshold: 8 } });
    const a = await joined(cloud, 'alice');
    const crowd = cloud.crowd('live');
    crowd.join(10);
    await clock.advance(30_000);
    a.log.clear();
    const [x] = crowd.join(1);
    crowd.leave([x!]);
    const [y] = crowd.join(1);
    await clock.advance(30_000);
    expect(a.log.presence).toHaveLength(1);
    expect(a.log.presence[0]!.interval).toMatchObject({
      join: { users: [y] },
      leave: { users: [] },
      totalOccupancy: 12,
    });
    a.log.clear();
    const [z] = crowd.join(1);
    crowd.leave([z!]);
    await clock.advance(30_000);
    expect(a.log.presence).toEqual([]);
  });

  it('§1b "INTERVAL only when something changed": no empty ticks; a state change alone is enough', async () => {
    const { cloud, clock } = setup({ presence: { instantEventThreshold: 8 } });
    const a = await joined(cloud, 'alice');
    const crowd = cloud.crowd('live');
    const ids = crowd.join(10);
    await clock.advance(30_000);
    a.log.clear();
    await clock.advance(300_000); // ten quiet intervals
    expect(a.log.presence).toEqual([]);
    crowd.setState(ids[0]!, { hand: 'up' });
    await clock.advance(30_000);
    expect(a.log.types()).toEqual(['INTERVAL']);
    await clock.advance(90_000);
    expect(a.log.types()).toEqual(['INTERVAL']);
  });

  it('a leave and rejoin within one interval cancel out, but a changed state still arrives in userStateList', async () => {
    const { cloud, clock } = setup({ presence: { instantEventThreshold: 8 } });
    const a = await joined(cloud, 'alice');
    const crowd = cloud.crowd('live');
    const ids = crowd.join(10);
    crowd.setState(ids[0]!, { hand: 'up' });
    await clock.advance(30_000);
    a.log.clear();
    crowd.leave([ids[0]!]);
    crowd.join([ids[0]!]); // back without the raised hand
    await clock.advance(30_000);
    expect(a.log.presence[0]!.interval).toMatchObject({
      join: { users: [] },
      leave: { users: [] },
      userStateList: [{ userId: ids[0], states: {}, statesCount: 0 }],
    });
  });

  it('"userStateList with the full current state of each user whose state changed"', async () => {
    const { cloud, clock } = setup({ presence: { instantEventThreshold: 8 } });
    const a = await joined(cloud, 'alice');
    const crowd = cloud.crowd('live');
    const ids = crowd.join(10, { states: { seat: 'a' } });
    await clock.advance(30_000);
    a.log.clear();
    crowd.setState(ids[3]!, { hand: 'up' });
    crowd.setState(ids[3]!, { mic: 'on' });
    await clock.advance(30_000);
    expect(a.log.presence[0]!.interval!.userStateList).toEqual([
      { userId: ids[3], states: { seat: 'a', hand: 'up', mic: 'on' }, statesCount: 3 },
    ]);
  });

  it('"The local user never appears in the INTERVAL lists but is counted in totalOccupancy"', async () => {
    const { cloud, clock } = setup({ presence: { instantEventThreshold: 8 } });
    const a = await joined(cloud, 'alice');
    cloud.crowd('live').join(10);
    await a.client.presence.setState('live', 'MESSAGE', { hand: 'up' });
    a.log.clear();
    await clock.advance(30_000);
    const iv = a.log.presence[0]!.interval!;
    expect([...iv.join.users, ...iv.userStateList.map((u) => u.userId)]).not.toContain('alice');
    expect(iv.totalOccupancy).toBe(11);
  });

  it('"When the count drops below the threshold (checked on leave and timeout) the SDK sends one final INTERVAL and returns to single events"', async () => {
    const { cloud, clock } = setup({ presence: { instantEventThreshold: 8 } });
    const a = await joined(cloud, 'alice');
    const crowd = cloud.crowd('live');
    const ids = crowd.join(8); // 9 with self
    await clock.advance(30_000);
    a.log.clear();
    crowd.leave([ids[0]!]); // 8: still interval
    expect(a.log.presence).toHaveLength(0);
    crowd.leave([ids[1]!]); // 7 < 8: final INTERVAL now
    expect(a.log.types()).toEqual(['INTERVAL']);
    expect(a.log.presence[0]!.interval).toMatchObject({
      leave: { users: [ids[0], ids[1]] },
      totalOccupancy: 7,
    });
    crowd.leave([ids[2]!]);
    expect(a.log.types()).toEqual(['INTERVAL', `REMOTE_LEAVE:${ids[2]}`]);
    await clock.advance(60_000);
    expect(a.log.presence).toHaveLength(2); // no timer left
  });

  it('"Interval mode is decided CLIENT-side": a beQuiet client counts without itself', async () => {
    const { cloud } = setup({ presence: { instantEventThreshold: 8 } });
    const crowd = cloud.crowd('live');
    crowd.join(6);
    const a = await joined(cloud, 'alice'); // 7
    const q = await joined(cloud, 'q', 'live', { beQuiet: true }); // sees 7
    const [eighth] = crowd.join(1); // alice: 8 -> REMOTE_JOIN, then interval; q: 8 -> too
    crowd.leave(1); // both 7 -> final interval
    expect(a.log.types().slice(1)).toEqual([`REMOTE_JOIN:${eighth}`, 'INTERVAL']);
    expect(q.log.types().slice(1)).toEqual([`REMOTE_JOIN:${eighth}`, 'INTERVAL']);
  });

  it('"instant-event threshold clamped 8..128; interval clamped 10..300"', async () => {
    const { cloud, clock } = setup({ presence: { instantEventThreshold: 2, intervalSeconds: 1 } });
    const a = await joined(cloud, 'alice');
    cloud.crowd('live').join(7); // 8 with self
    expect(a.log.presence).toHaveLength(8); // SNAPSHOT + 7 REMOTE_JOIN (the 7th reaches 8)
    a.log.clear();
    cloud.crowd('live').join(1);
    await clock.advance(9_999);
    expect(a.log.presence).toHaveLength(0);
    await clock.advance(1);
    expect(a.log.types()).toEqual(['INTERVAL']);
  });

  it('subscribing to a big channel starts in interval mode right after the SNAPSHOT', async () => {
    const { cloud, clock } = setup();
    cloud.crowd('live').join(100);
    const a = await joined(cloud, 'alice');
    cloud.crowd('live').join(3);
    expect(a.log.types()).toEqual(['SNAPSHOT']);
    await clock.advance(30_000);
    expect(a.log.presence[1]!.interval).toMatchObject({
      join: { userCount: 3 },
      totalOccupancy: 104,
    });
  });

  it('adding 10,000 viewers to a client in interval mode emits no callback until the INTERVAL', async () => {
    const { cloud, clock } = setup();
    const a = await joined(cloud, 'alice');
    cloud.crowd('live').join(100);
    await clock.advance(30_000);
    a.log.clear();
    cloud.crowd('live').join(10_000);
    expect(a.log.presence).toHaveLength(0);
    await clock.advance(30_000);
    expect(a.log.presence).toHaveLength(1);
    expect(a.log.presence[0]!.interval).toMatchObject({
      join: { userCount: 10_000 },
      totalOccupancy: 10_101,
    });
  });

  it('"TOPN mode: ... totalOccupancy is the server\'s count"', async () => {
    const { cloud, clock } = setup({ presence: { topnThreshold: 60 } });
    const a = await joined(cloud, 'alice', 'live', { beQuiet: true });
    cloud.crowd('live').join(100);
    await clock.advance(30_000);
    expect(a.log.presence.at(-1)!.interval!.totalOccupancy).toBe(100);
    const who = await a.client.presence.whoNow('live', 'MESSAGE');
    expect(who.nextPage).not.toBe(''); // went to the server, paged
  });
});
