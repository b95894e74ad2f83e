/** Conformance: docs/agora-behaviour.md §3 "Notification Center Service (NCS) webhooks for RTC". */
import { describe, expect, it } from 'vitest';
import { type NcsRequest, signedNcsHeaders } from '../src';
import { setup } from './helpers/cloud';

function receiver(status: (r: NcsRequest) => number = () => 200) {
  const got: NcsRequest[] = [];
  return {
    got,
    target: (r: NcsRequest) => {
      got.push(r);
      return status(r);
    },
  };
}

describe('agora-notes §3 NCS', () => {
  it('"Test vector (checked by computation)": secret `secret` gives the documented SHA1 and SHA256', async () => {
    const body =
      '{"eventMs":1560408533119,"eventType":10,"noticeId":"4eb720f0-8da7-11e9-a43e-53f411c2761f","notifyMs":1560408533119,"payload":{"a":"1","b":2},"productId":1}';
    expect(await signedNcsHeaders('secret', body)).toEqual({
      'Agora-Signature': '033c62f40f687675f17f0f41f91a40c71c0f134c',
      'Agora-Signature-V2': '6d3320c60b11101395b7fc8f9068748808a0aa1bfa064438e39d1bc2c7d74d99',
    });
  });

  it('"Headers: Agora-Signature = hex HMAC-SHA1 and Agora-Signature-V2 = hex HMAC-SHA256 of the RAW body bytes"', async () => {
    const { cloud, clock } = setup();
    const r = receiver();
    const ncs = cloud.ncs({ secret: 's3cret', target: r.target });
    cloud.crowd('live').join(1);
    await clock.advance(0);
    await ncs.idle();
    const [req] = r.got;
    expect(req!.headers).toMatchObject(await signedNcsHeaders('s3cret', req!.body));
    expect(req!.headers['Content-Type']).toBe('application/json');
    expect(JSON.parse(req!.body)).toEqual(req!.notice);
  });

  it("RTC event types (productId 1): 105/106 audience join/leave, 103/104 host join/leave, 111/112 role change, with the table's payload", async () => {
    const { cloud, clock } = setup();
    const r = receiver();
    const ncs = cloud.ncs({ secret: 's', target: r.target });
    const crowd = cloud.crowd('live');
    const [v] = crowd.join(1);
    await clock.advance(65_000);
    crowd.setRole(v!, 'host');
    crowd.setRole(v!, 'audience');
    crowd.leave([v!]);
    const host = cloud.createRtcClient({ role: 'host' });
    await host.join('app', 'live', null, 4_000_000_000);
    await host.leave();
    await clock.advance(0);
    await ncs.idle();
    const uid = Number(v);
    expect(r.got.map((q) => q.notice.eventType)).toEqual([105, 111, 112, 106, 103, 104]);
    const t0 = Math.floor(1_700_000_000_000 / 1000);
    expect(r.got[0]!.notice).toMatchObject({
      productId: 1,
      payload: { channelName: 'live', uid, platform: 7, ts: t0 },
    });
    expect(r.got[1]!.notice.payload).toEqual({
      channelName: 'live',
      uid,
      clientSeq: expect.any(Number),
      ts: t0 + 65,
    });
    expect(r.got[3]!.notice.payload).toMatchObject({ reason: 1, duration: 65 });
    expect(r.got[4]!.notice.payload.uid).toBe(4_000_000_000); // unsigned 32-bit, > int32
  });

  it('"clientSeq grows per user with each of that user\'s events (values > 2^31, < 2^53)"', async () => {
    const { cloud, clock } = setup();
    const r = receiver();
    const ncs = cloud.ncs({ secret: 's', target: r.target });
    const crowd = cloud.crowd('live');
    const [a, b] = crowd.join(2);
    crowd.setRole(a!, 'host');
    crowd.leave([b!, a!]);
    await clock.advance(0);
    await ncs.idle();
    for (const id of [a, b]) {
      // In event order (the noticeId's first part counts events), whatever the arrival order.
      const seqs = r.got
        .filter((q) => q.notice.payload.uid === Number(id))
        .sort((x, y) => parseInt(x.notice.noticeId, 10) - parseInt(y.notice.noticeId, 10))
        .map((q) => q.notice.payload.clientSeq);
      expect(seqs.length).toBeGreaterThan(1);
      expect([...seqs].sort((x, y) => x - y)).toEqual(seqs);
      expect(new Set(seqs).size).toBe(seqs.length);
      for (const s of seqs) expect(s > 2 ** 31 && s < 2 ** 53).toBe(true);
    }
  });

  it('"leave reason: 1 quit, 2 timeout (>10 s silent), 12 token error or expired"', async () => {
    const { cloud, clock } = setup();
    const r = receiver();
    const ncs = cloud.ncs({ secret: 's', target: r.target });
    const crowd = cloud.crowd('live');
    const [a, b] = crowd.join(2);
    crowd.leave([a!]);
    crowd.crash([b!]);
    const c = cloud.createRtcClient();
    await c.join('app', 'live', cloud.createToken({ expiresInSeconds: 40 }), 9);
    await clock.advance(60_000);
    await ncs.idle();
    const reasons = r.got
      .filter((q) => q.notice.eventType === 106)
      .map((q) => [q.notice.payload.uid, q.notice.payload.reason]);
    expect(reasons).toEqual([
      [Number(a), 1],
      [Number(b), 2],
      [9, 12],
    ]);
  });

  it('"noticeId: opaque string, stable across retries. notifyMs: send time in ms, CHANGES on every retry" and "gives up after 3 retries"', async () => {
    const { cloud, clock } = setup();
    const r = receiver(() => 500);
    const ncs = cloud.ncs({ secret: 's', target: r.target, retryDelaysMs: [1_000, 2_000, 4_000] });
    cloud.crowd('live').join(1);
    for (let i = 0; i < 4; i++) {
      await clock.advance(5_000);
      await ncs.idle();
    }
    expect(r.got.map((q) => q.attempt)).toEqual([0, 1, 2, 3]);
    expect(new Set(r.got.map((q) => q.notice.noticeId)).size).toBe(1);
    expect(new Set(r.got.map((q) => q.notice.notifyMs)).size).toBe(4);
    expect(ncs.gaveUp).toHaveLength(1);
    // Different bodies => different signatures for each retry.
    expect(new Set(r.got.map((q) => q.headers['Agora-Signature-V2'])).size).toBe(4);
  });

  it('a receiver that fails once gets a retry and then succeeds (at-least-once)', async () => {
    const { cloud, clock } = setup();
    let n = 0;
    const r = receiver(() => (n++ === 0 ? 503 : 200));
    const ncs = cloud.ncs({ secret: 's', target: r.target });
    cloud.crowd('live').join(1);
    await clock.advance(0);
    await ncs.idle();
    await clock.advance(5_000);
    await ncs.idle();
    expect(ncs.log.map((l) => l.status)).toEqual([503, 200]);
    expect(ncs.gaveUp).toEqual([]);
  });

  it('"Delivery is at-least-once and NOT in order": duplicates, lost acks and reordering', async () => {
    const { cloud, clock } = setup();
    const r = receiver();
    const ncs = cloud.ncs({
      secret: 's',
      target: r.target,
      duplicateRate: 0.5,
      lostAckRate: 0.3,
      reorderWindowMs: 2_000,
      seed: 7,
    });
    const ids = cloud.crowd('live').join(40);
    await clock.advance(120_000);
    await ncs.idle();
    await clock.advance(120_000);
    await ncs.idle();
    const noticeIds = r.got.map((q) => q.notice.noticeId);
    expect(noticeIds.length).toBeGreaterThan(40);
    expect(new Set(noticeIds).size).toBe(40); // every notice arrived, some more than once
    const firstArrival = [...new Set(r.got.map((q) => q.notice.payload.uid))];
    expect(firstArrival).not.toEqual(ids.map(Number)); // reordered
    expect([...firstArrival].sort()).toEqual(ids.map(Number).sort());
  });

  it('posts to a URL with fetch', async () => {
    const { cloud, clock } = setup();
    const calls: { url: string; init: RequestInit }[] = [];
    const fakeFetch = (async (url: string, init: RequestInit) => {
      calls.push({ url, init });
      return new Response('{}', { status: 200 });
    }) as unknown as typeof fetch;
    const ncs = cloud.ncs({ secret: 's', target: 'https://example.test/ncs', fetch: fakeFetch });
    cloud.crowd('live').join(1);
    await clock.advance(0);
    await ncs.idle();
    expect(calls).toHaveLength(1);
    expect(calls[0]!.url).toBe('https://example.test/ncs');
    expect(calls[0]!.init.method).toBe('POST');
    expect(ncs.log[0]!.status).toBe(200);
  });

  it('"The Console\'s Check button sends test events with channel test_webhook and uid 12121212"', async () => {
    const { cloud, clock } = setup();
    const r = receiver();
    const ncs = cloud.ncs({ secret: 's', target: r.target });
    ncs.check();
    await clock.advance(0);
    await ncs.idle();
    expect(r.got[0]!.notice.payload).toMatchObject({ channelName: 'test_webhook', uid: 12121212 });
  });

  it('channels filter and stop()', async () => {
    const { cloud, clock } = setup();
    const r = receiver();
    const ncs = cloud.ncs({ secret: 's', target: r.target, channels: ['a'] });
    cloud.crowd('a').join(1);
    cloud.crowd('b').join(1);
    await clock.advance(0);
    await ncs.idle();
    ncs.stop();
    cloud.crowd('a').join(1);
    await clock.advance(0);
    await ncs.idle();
    expect(r.got.map((q) => q.notice.payload.channelName)).toEqual(['a']);
  });

  it('bad options are typed errors', () => {
    const { cloud } = setup();
    expect(() => cloud.ncs({ secret: '', target: () => 200 })).toThrow(TypeError);
    expect(() => cloud.ncs({ secret: 's', target: () => 200, duplicateRate: 2 })).toThrow(
      RangeError,
    );
  });
});
