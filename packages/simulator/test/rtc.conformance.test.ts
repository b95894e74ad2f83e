/** Conformance: docs/agora-behaviour.md §2 "RTC in live mode". */
import type { IAgoraRTCRemoteUser, UID } from 'agora-rtc-react';
import { describe, expect, it } from 'vitest';
import { RTC_SERVER_TIMEOUT_MS, type SimulatedRtcClient, SimulatedRtcError } from '../src';
import { setup } from './helpers/cloud';

function recordRtc(client: SimulatedRtcClient) {
  const log: string[] = [];
  client.on('user-joined', (u: IAgoraRTCRemoteUser) => log.push(`joined:${u.uid}`));
  client.on('user-left', (u: IAgoraRTCRemoteUser, reason: string) =>
    log.push(`left:${u.uid}:${reason}`),
  );
  client.on('connection-state-change', (cur: string, prev: string, reason?: string) =>
    log.push(`state:${prev}->${cur}${reason ? ':' + reason : ''}`),
  );
  client.on('token-privilege-will-expire', () => log.push('will-expire'));
  client.on('token-privilege-did-expire', () => log.push('did-expire'));
  return log;
}

async function hostAndViewer() {
  const env = setup();
  const viewer = env.cloud.createRtcClient({ mode: 'live', codec: 'vp8' });
  const log = recordRtc(viewer);
  await viewer.join('app', 'live', null, 1);
  return { ...env, viewer, log };
}

describe('agora-notes §2 RTC in live mode', () => {
  it('"default role in live mode is audience"', () => {
    const { cloud } = setup();
    expect(cloud.createRtcClient({ mode: 'live' }).role).toBe('audience');
    expect(cloud.createRtcClient({ mode: 'live', role: 'host' }).role).toBe('host');
  });

  it('join: DISCONNECTED -> CONNECTING -> CONNECTED, uid and channelName set; leave: DISCONNECTING -> DISCONNECTED (LEAVE)', async () => {
    const { cloud } = setup();
    const c = cloud.createRtcClient();
    const log = recordRtc(c);
    const uid: UID = await c.join('app', 'live', null, 'u-1');
    expect(uid).toBe('u-1');
    expect([c.uid, c.channelName, c.connectionState]).toEqual(['u-1', 'live', 'CONNECTED']);
    await c.leave();
    expect(log).toEqual([
      'state:DISCONNECTED->CONNECTING',
      'state:CONNECTING->CONNECTED',
      'state:CONNECTED->DISCONNECTING',
      'state:DISCONNECTING->DISCONNECTED:LEAVE',
    ]);
    expect(c.uid).toBeUndefined();
  });

  it('join without a uid gets a numeric one', async () => {
    const { cloud } = setup();
    const c = cloud.createRtcClient();
    expect(typeof (await c.join('app', 'live', null))).toBe('number');
  });

  it('"In live mode user-joined / user-left fire for HOSTS only" ("Audience members are invisible to RTC")', async () => {
    const { cloud, viewer, log } = await hostAndViewer();
    const crowd = cloud.crowd('live');
    crowd.join(1000); // audience
    const [h] = crowd.join(1, { role: 'host' });
    const other = cloud.createRtcClient();
    await other.join('app', 'live', null, 2); // audience: invisible
    crowd.leave([h!]);
    crowd.leave(10);
    expect(log.filter((l) => !l.startsWith('state'))).toEqual([`joined:${h}`, `left:${h}:Quit`]);
    expect(viewer.remoteUsers).toEqual([]);
    expect(cloud.rtcChannel('live').users()).toHaveLength(992);
  });

  it('"also when an audience member becomes host; user-left reason BecomeAudience when a host steps down"', async () => {
    const { cloud, viewer, log } = await hostAndViewer();
    const c = cloud.createRtcClient();
    await c.join('app', 'live', null, 2);
    await c.setClientRole('host');
    expect(viewer.remoteUsers.map((u) => u.uid)).toEqual([2]);
    await c.setClientRole('audience');
    const [x] = cloud.crowd('live').join(1);
    cloud.crowd('live').setRole(x!, 'host');
    cloud.crowd('live').setRole(x!, 'audience');
    expect(log.filter((l) => !l.startsWith('state'))).toEqual([
      'joined:2',
      'left:2:BecomeAudience',
      `joined:${Number(x)}`,
      `left:${Number(x)}:BecomeAudience`,
    ]);
  });

  it('"ServerTimeOut after ~20 s without packets": a crashed host', async () => {
    const { cloud, clock, log } = await hostAndViewer();
    const [h] = cloud.crowd('live').join(1, { role: 'host' });
    cloud.crowd('live').crash([h!]);
    await clock.advance(19_999);
    expect(log.at(-1)).toBe(`joined:${h}`);
    await clock.advance(1);
    expect(log.at(-1)).toBe(`left:${h}:ServerTimeOut`);
    const host = cloud.createRtcClient({ role: 'host' });
    await host.join('app', 'live', null, 7);
    cloud.crash(host);
    await clock.advance(20_000);
    expect(log.at(-1)).toBe('left:7:ServerTimeOut');
  });

  it('a crashed host that comes back within ~20 s resumes without user-left', async () => {
    const { cloud, clock, log } = await hostAndViewer();
    const crowd = cloud.crowd('live');
    const [h] = crowd.join(1, { role: 'host' });
    crowd.crash([h!]);
    await clock.advance(10_000);
    crowd.join([h!], { role: 'host' });
    await clock.advance(60_000);
    expect(log.filter((l) => !l.startsWith('state'))).toEqual([`joined:${h}`]);
    expect(cloud.rtcChannel('live').hosts()).toEqual([{ uid: Number(h), role: 'host' }]);
  });

  it('hosts already in the channel arrive as user-joined after join; remoteUsers keep object identity', async () => {
    const { cloud } = setup();
    const ids = cloud.crowd('live').join(2, { role: 'host' });
    const c = cloud.createRtcClient();
    const log = recordRtc(c);
    await c.join('app', 'live', null, 1);
    expect(log.filter((l) => l.startsWith('joined'))).toEqual(ids.map((id) => `joined:${id}`));
    const first = c.remoteUsers[0];
    cloud.crowd('live').join(1, { role: 'host' });
    expect(c.remoteUsers[0]).toBe(first);
    expect(c.remoteUsers[0]).toEqual({ uid: Number(ids[0]), hasAudio: false, hasVideo: false });
  });

  it('"unpublish before becoming audience": publishing needs host, stepping down needs unpublish', async () => {
    const { cloud } = setup();
    const c = cloud.createRtcClient();
    await c.join('app', 'live', null, 1);
    const track = { trackMediaType: 'audio' } as never;
    await expect(c.publish(track)).rejects.toBeInstanceOf(SimulatedRtcError);
    await c.setClientRole('host');
    await c.publish(track);
    expect(c.localTracks).toEqual([track]);
    await expect(c.setClientRole('audience')).rejects.toMatchObject({ code: 'INVALID_OPERATION' });
    await c.unpublish(c.localTracks);
    await c.setClientRole('audience');
    expect(c.role).toBe('audience');
  });

  it('fault: join failure rejects with an AgoraRTCError-shaped error and goes back to DISCONNECTED', async () => {
    const { cloud } = setup();
    cloud.faults.add({ kind: 'rtc-join-fail', times: 1 });
    const c = cloud.createRtcClient();
    const err = await c.join('app', 'live', null, 1).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Error);
    expect(err).toMatchObject({ code: 'CAN_NOT_GET_GATEWAY_SERVER', name: 'AgoraRTCException' });
    expect(c.connectionState).toBe('DISCONNECTED');
    await c.join('app', 'live', null, 1);
    expect(c.connectionState).toBe('CONNECTED');
  });

  it('fault: join never settles (stays CONNECTING); leave aborts it', async () => {
    const { cloud, clock } = setup();
    cloud.faults.add({ kind: 'rtc-join-hang' });
    const c = cloud.createRtcClient();
    const outcome = c.join('app', 'live', null, 1).then(
      () => 'joined',
      (e: { code: string }) => e.code,
    );
    await clock.advance(120_000);
    expect(c.connectionState).toBe('CONNECTING');
    await c.leave();
    expect(await outcome).toBe('OPERATION_ABORTED');
    expect(c.connectionState).toBe('DISCONNECTED');
  });

  it('a join while offline stays CONNECTING and completes when the network returns', async () => {
    const { cloud } = setup();
    const c = cloud.createRtcClient();
    cloud.network.drop(c);
    let uid: UID | undefined;
    const p = c.join('app', 'live', null, 3).then((u) => (uid = u));
    await Promise.resolve();
    expect(c.connectionState).toBe('CONNECTING');
    cloud.network.restore(c);
    await p;
    expect(uid).toBe(3);
    expect(c.connectionState).toBe('CONNECTED');
  });

  it('a bad token fails the join', async () => {
    const { cloud } = setup();
    const c = cloud.createRtcClient();
    await expect(
      c.join('app', 'live', cloud.createToken({ invalid: true }), 1),
    ).rejects.toMatchObject({
      code: 'CAN_NOT_GET_GATEWAY_SERVER',
    });
  });

  it('token events: token-privilege-will-expire 30 s before, token-privilege-did-expire at expiry', async () => {
    const { cloud, clock } = setup();
    const c = cloud.createRtcClient();
    const log = recordRtc(c);
    await c.join('app', 'live', cloud.createToken({ expiresInSeconds: 60 }), 1);
    await clock.advance(30_000);
    expect(log.at(-1)).toBe('will-expire');
    await clock.advance(30_000);
    expect(log.slice(-2)).toEqual(['did-expire', 'state:CONNECTED->DISCONNECTED:TOKEN_EXPIRE']);
  });

  it('renewToken postpones expiry', async () => {
    const { cloud, clock } = setup();
    const c = cloud.createRtcClient();
    const log = recordRtc(c);
    await c.join('app', 'live', cloud.createToken({ expiresInSeconds: 60 }), 1);
    await c.renewToken(cloud.createToken({ expiresInSeconds: 3600 }));
    await clock.advance(120_000);
    expect(log).not.toContain('did-expire');
  });

  it('network drop: RECONNECTING; back within ~20 s: CONNECTED; longer: others see ServerTimeOut', async () => {
    const { cloud, clock, log } = await hostAndViewer();
    const host = cloud.createRtcClient({ role: 'host' });
    const hostLog = recordRtc(host);
    await host.join('app', 'live', null, 5);
    cloud.network.drop(host);
    await clock.advance(10_000);
    cloud.network.restore(host);
    expect(hostLog.slice(-2)).toEqual([
      'state:CONNECTED->RECONNECTING:NETWORK_ERROR',
      'state:RECONNECTING->CONNECTED',
    ]);
    cloud.network.drop(host);
    await clock.advance(20_000);
    expect(log.at(-1)).toBe('left:5:ServerTimeOut');
    expect(host.connectionState).toBe('DISCONNECTED');
  });

  it('on/once/off/removeAllListeners/getListeners behave like the SDK EventEmitter', async () => {
    const { cloud } = setup();
    const c = cloud.createRtcClient();
    const seen: string[] = [];
    const fn = (s: string) => seen.push(`on:${s}`);
    c.on('connection-state-change', fn);
    c.once('connection-state-change', (s: string) => seen.push(`once:${s}`));
    expect(c.getListeners('connection-state-change')).toHaveLength(2);
    await c.join('app', 'live', null, 1);
    c.off('connection-state-change', fn);
    await c.leave();
    expect(seen).toEqual(['on:CONNECTING', 'once:CONNECTING', 'on:CONNECTED']);
    c.removeAllListeners();
    expect(c.getListeners('connection-state-change')).toEqual([]);
  });

  it('§1b RTC: "a second client in the SAME page with the same uid throws UID_CONFLICT"', async () => {
    const { cloud } = setup();
    const a = cloud.createRtcClient();
    const b = cloud.createRtcClient();
    const aLog = recordRtc(a);
    await a.join('app', 'live', null, 1);
    await expect(b.join('app', 'live', null, 1)).rejects.toMatchObject({ code: 'UID_CONFLICT' });
    expect(b.connectionState).toBe('DISCONNECTED');
    expect(a.connectionState).toBe('CONNECTED'); // the first one is untouched
    expect(aLog).toEqual(['state:DISCONNECTED->CONNECTING', 'state:CONNECTING->CONNECTED']);
  });

  it('§1b RTC: "the same uid joining from ANOTHER device closes the older client with UID_BANNED"', async () => {
    const { cloud } = setup();
    const watcher = cloud.createRtcClient({ role: 'host' });
    await watcher.join('app', 'live', null, 9);
    const older = cloud.createRtcClient({ role: 'host' });
    await older.join('app', 'live', null, 1);
    const olderLog = recordRtc(older);
    const watcherLog = recordRtc(watcher);
    const newer = cloud.device('phone').createRtcClient({ role: 'host' });
    await expect(newer.join('app', 'live', null, 1)).resolves.toBe(1);
    expect(olderLog).toEqual(['state:CONNECTED->DISCONNECTED:UID_BANNED']);
    expect(older.connectionState).toBe('DISCONNECTED');
    expect(older.remoteUsers).toEqual([]);
    expect(newer.connectionState).toBe('CONNECTED');
    expect(newer.remoteUsers.map((u) => u.uid)).toEqual([9]);
    expect(watcherLog).toEqual(['left:1:Quit', 'joined:1']);
    expect(cloud.rtcChannel('live').users()).toEqual([
      { uid: 9, role: 'host' },
      { uid: 1, role: 'host' },
    ]);
  });

  it("a crashed client's lingering uid rejoined from another device is not removed by the old timeout", async () => {
    const { cloud, clock } = setup();
    const older = cloud.createRtcClient({ role: 'host' });
    await older.join('app', 'live', null, 1);
    cloud.crash(older);
    const newer = cloud.device('phone').createRtcClient({ role: 'host' });
    await newer.join('app', 'live', null, 1);
    await clock.advance(RTC_SERVER_TIMEOUT_MS + 1);
    expect(cloud.rtcChannel('live').users()).toEqual([{ uid: 1, role: 'host' }]);
  });
});
