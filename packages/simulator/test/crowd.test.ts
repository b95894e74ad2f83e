import { describe, expect, it } from 'vitest';
import { APP_ID, joined, setup } from './helpers/cloud';

describe('crowd', () => {
  it('members are numeric-string userIds unique in the cloud, present in RTM and RTC', () => {
    const { cloud } = setup();
    const a = cloud.crowd('a').join(2);
    const b = cloud.crowd('b').join(2, { role: 'host' });
    expect(new Set([...a, ...b]).size).toBe(4);
    for (const id of [...a, ...b]) expect(String(Number(id))).toBe(id);
    expect(cloud.channel('a').occupancy()).toBe(2);
    expect(
      cloud
        .rtcChannel('b')
        .hosts()
        .map((u) => u.uid),
    ).toEqual(b.map(Number));
    expect(cloud.crowd('b').members()).toEqual(b.map((userId) => ({ userId, role: 'host' })));
  });

  it('{ rtc: false } keeps the crowd out of RTC', () => {
    const { cloud } = setup();
    cloud.crowd('live', { rtc: false }).join(3);
    expect(cloud.rtcChannel('live').users()).toEqual([]);
  });

  it('leave(n) and crash(n) take the oldest live members; crashed ones are no longer members but linger on the server', async () => {
    const { cloud, clock } = setup();
    const crowd = cloud.crowd('live', { presenceTimeout: 10 });
    const ids = crowd.join(5);
    expect(crowd.leave(2)).toEqual(ids.slice(0, 2));
    expect(crowd.crash(1)).toEqual([ids[2]]);
    expect(crowd.size).toBe(2);
    expect(cloud.channel('live').occupancy()).toBe(3);
    await clock.advance(10_000);
    expect(cloud.channel('live').occupancy()).toBe(2);
  });

  it('setState merges keys; removeState removes keys or all', () => {
    const { cloud } = setup();
    const crowd = cloud.crowd('live');
    const [id] = crowd.join(1, { states: { seat: '1' } });
    crowd.setState(id!, { hand: 'up' });
    expect(cloud.channel('live').members()[0]!.states).toEqual({ seat: '1', hand: 'up' });
    crowd.removeState(id!, ['seat']);
    expect(cloud.channel('live').members()[0]!.states).toEqual({ hand: 'up' });
    crowd.removeState(id!);
    expect(cloud.channel('live').members()[0]!.states).toEqual({});
  });

  it('bad input is a typed error and changes nothing', () => {
    const { cloud } = setup();
    const crowd = cloud.crowd('live');
    crowd.join(2);
    expect(() => crowd.join(-1)).toThrow(RangeError);
    expect(() => crowd.join(1.5)).toThrow(RangeError);
    expect(() => crowd.join(['ok', ''])).toThrow(TypeError);
    expect(() => crowd.leave(['nobody'])).toThrow(RangeError);
    expect(() => crowd.setState('nobody', {})).toThrow(RangeError);
    expect(() => crowd.setRole('nobody', 'host')).toThrow(RangeError);
    expect(() => crowd.churn({ joinsPerSecond: -1, leavesPerSecond: 0 })).toThrow(RangeError);
    expect(() => cloud.crowd('live', { seed: 2 })).toThrow(Error);
    expect(cloud.channel('live').occupancy()).toBe(2);
  });

  it('churn: joins and leaves at the given rates, crashes time out, stop() stops it, same seed same run', async () => {
    const run = async (seed: number) => {
      const { cloud, clock } = setup();
      const crowd = cloud.crowd('live', { presenceTimeout: 5, seed });
      crowd.join(100);
      const stop = crowd.churn({ joinsPerSecond: 20, leavesPerSecond: 10, crashFraction: 0.5 });
      await clock.advance(10_000);
      stop();
      const sizeAtStop = crowd.size;
      await clock.advance(10_000);
      return {
        sizeAtStop,
        after: crowd.size,
        server: cloud.channel('live').occupancy(),
        ids: crowd.members().map((m) => m.userId),
      };
    };
    const a = await run(3);
    expect(a.sizeAtStop).toBe(100 + 200 - 100);
    expect(a.after).toBe(a.sizeAtStop);
    expect(a.server).toBe(a.after); // crashed records expired
    expect(await run(3)).toEqual(a);
    expect((await run(4)).ids).not.toEqual(a.ids);
  });

  it('churn is visible to a subscribed client as events', async () => {
    const { cloud, clock } = setup();
    const w = await joined(cloud, 'w');
    const crowd = cloud.crowd('live');
    crowd.churn({ joinsPerSecond: 4, leavesPerSecond: 2 });
    await clock.advance(5_000);
    crowd.stopChurn();
    const joins = w.log.types().filter((t) => t.startsWith('REMOTE_JOIN')).length;
    const leaves = w.log.types().filter((t) => t.startsWith('REMOTE_LEAVE')).length;
    expect([joins, leaves]).toEqual([20, 10]);
  });
});

describe('faults and tokens', () => {
  it('fault filters: userId/channel match, times counts down, remover removes', async () => {
    const { cloud } = setup();
    const remove = cloud.faults.add({ kind: 'rtm-subscribe-fail', userId: 'bob', times: 2 });
    const alice = cloud.createRtmClient(APP_ID, 'alice');
    const bob = cloud.createRtmClient(APP_ID, 'bob');
    await alice.login();
    await bob.login();
    await alice.subscribe('x');
    await expect(bob.subscribe('x')).rejects.toMatchObject({ code: -11021 });
    remove();
    await bob.subscribe('x');
    expect(() => cloud.faults.add({ kind: 'rtm-login-hang', times: 0 })).toThrow(RangeError);
    cloud.faults.add({ kind: 'rtm-subscribe-fail' });
    cloud.faults.clear();
    await bob.subscribe('y');
  });

  it('an expired token fails login with TOKEN_EXPIRED (-10009)', async () => {
    const { cloud, clock } = setup();
    const token = cloud.createToken({ expiresInSeconds: 1 });
    await clock.advance(1_000);
    const c = cloud.createRtmClient(APP_ID, 'u');
    await expect(c.login({ token })).rejects.toMatchObject({ code: -10009 });
    expect(c.linkState).toBe('FAILED');
    expect(() => cloud.createToken({ expiresInSeconds: 0 })).toThrow(RangeError);
  });
});
