import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  deliver,
  ncsBody,
  openFeed,
  runToExit,
  startServer,
  type RunningServer,
} from './helpers/harness';

const SECRET = 'current-secret';
const OLD_SECRET = 'previous-secret';
const READ_TOKEN = 'read-token-123';

describe('server startup', () => {
  it('refuses to start without NCS_SECRET, with a clear message', async () => {
    const { code, output } = await runToExit({ PORT: '0' });
    expect(code).toBe(1);
    expect(output).toContain('NCS_SECRET is required');
  });

  it('shuts down cleanly on SIGTERM even with a live feed open', async () => {
    const server = await startServer({ NCS_SECRET: 's' });
    const feed = await openFeed(`${server.url}/channels/x/events`);
    await feed.waitFor(1);
    const started = Date.now();
    expect(await server.stop()).toBe(0);
    expect(Date.now() - started).toBeLessThan(4000);
    feed.close();
  }, 30_000);

  it('refuses half an Agora token configuration', async () => {
    const { code, output } = await runToExit({ PORT: '0', NCS_SECRET: 's', AGORA_APP_ID: 'abc' });
    expect(code).toBe(1);
    expect(output).toContain('AGORA_APP_CERTIFICATE');
  });
});

describe('server with in-memory storage (black box)', () => {
  let server: RunningServer;
  const auth = { authorization: `Bearer ${READ_TOKEN}` };
  beforeAll(async () => {
    server = await startServer({
      NCS_SECRET: `${SECRET}, ${OLD_SECRET}`,
      PRESENCE_READ_TOKEN: READ_TOKEN,
      CORS_ORIGINS: 'http://localhost:5173',
    });
  }, 30_000);
  afterAll(async () => {
    await server.stop();
  });

  it('answers /healthz', async () => {
    const res = await fetch(`${server.url}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true });
  });

  it('accepts deliveries signed with either rotated secret and serves the presence shape', async () => {
    const host = ncsBody(103, {
      channelName: 'shape',
      uid: 1,
      clientSeq: 1,
      ts: 1_700_000_001,
      account: 'host-1',
    });
    const viewer = ncsBody(105, {
      channelName: 'shape',
      uid: 4_000_000_001,
      clientSeq: 9,
      ts: 1_700_000_002,
      platform: 2,
    });
    const a = await deliver(server.url, host, SECRET);
    const b = await deliver(server.url, viewer, OLD_SECRET);
    expect([a.status, b.status]).toEqual([200, 200]);
    expect(await a.json()).toMatchObject({ ok: true, status: 'applied' });
    const res = await fetch(`${server.url}/channels/shape/presence`, { headers: auth });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      channelName: 'shape',
      hosts: [
        { uid: 1, role: 'host', platform: 'web', joinedAt: 1_700_000_001_000, account: 'host-1' },
      ],
      audience: [
        { uid: 4_000_000_001, role: 'audience', platform: 'ios', joinedAt: 1_700_000_002_000 },
      ],
      counts: { hosts: 1, audience: 1 },
      nextCursor: null,
    });
  });

  it('answers a duplicate and the Console check with 200 JSON', async () => {
    const body = ncsBody(105, { channelName: 'dup', uid: 5, clientSeq: 1 });
    await deliver(server.url, body, SECRET);
    const again = await deliver(server.url, body, SECRET);
    expect(again.status).toBe(200);
    expect(await again.json()).toMatchObject({ ok: true, status: 'duplicate' });
    const check = ncsBody(103, { channelName: 'test_webhook', uid: 12121212, clientSeq: 1 });
    const res = await deliver(server.url, check, SECRET);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ ok: true, status: 'ignored', ignored: 'test-event' });
  });

  it('answers 401 to missing or bad signatures, 400 to malformed JSON, 413 over 64 KB', async () => {
    const body = ncsBody(103, { channelName: 'sec', uid: 1, clientSeq: 1 });
    const unsigned = await fetch(`${server.url}/ncs`, { method: 'POST', body });
    expect(unsigned.status).toBe(401);
    expect(await unsigned.json()).toMatchObject({
      ok: false,
      error: { code: 'SIGNATURE_MISSING' },
    });
    expect((await deliver(server.url, body, 'not-the-secret')).status).toBe(401);
    const malformed = await deliver(server.url, '{"noticeId": ', SECRET);
    expect(malformed.status).toBe(400);
    expect(await malformed.json()).toMatchObject({ error: { code: 'MALFORMED_JSON' } });
    const huge = await deliver(server.url, JSON.stringify({ pad: 'x'.repeat(65 * 1024) }), SECRET);
    expect(huge.status).toBe(413);
    const presence = await fetch(`${server.url}/channels/sec/presence`, { headers: auth });
    expect((await presence.json()).counts).toEqual({ hosts: 0, audience: 0 });
  });

  it('requires the read token on read endpoints (header or access_token) and sends CORS headers', async () => {
    const denied = await fetch(`${server.url}/channels/shape/presence`);
    expect(denied.status).toBe(401);
    expect(
      (
        await fetch(`${server.url}/channels/shape/presence`, {
          headers: { authorization: 'Bearer nope' },
        })
      ).status,
    ).toBe(401);
    const viaQuery = await fetch(
      `${server.url}/channels/shape/presence?access_token=${READ_TOKEN}`,
      {
        headers: { origin: 'http://localhost:5173' },
      },
    );
    expect(viaQuery.status).toBe(200);
    // the allow-listed origin, never '*'
    expect(viaQuery.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
    const preflight = await fetch(`${server.url}/channels/shape/events`, {
      method: 'OPTIONS',
      headers: {
        origin: 'http://localhost:5173',
        'access-control-request-method': 'GET',
        'access-control-request-headers': 'authorization,last-event-id',
      },
    });
    expect(preflight.status).toBe(204);
    // the live feed (a hijacked reply) carries the same CORS headers
    const feed = await fetch(`${server.url}/channels/shape/events?access_token=${READ_TOKEN}`, {
      headers: { origin: 'http://localhost:5173' },
    });
    expect(feed.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
    await feed.body?.cancel();
    const stranger = await fetch(
      `${server.url}/channels/shape/presence?access_token=${READ_TOKEN}`,
      {
        headers: { origin: 'https://evil.example' },
      },
    );
    expect(stranger.headers.get('access-control-allow-origin')).toBeNull();
    expect(preflight.headers.get('access-control-allow-headers')).toContain('last-event-id');
  });

  it('streams a snapshot, then join / role / leave with reasons, each with an id', async () => {
    await deliver(server.url, ncsBody(105, { channelName: 'feed', uid: 10, clientSeq: 1 }), SECRET);
    const feed = await openFeed(`${server.url}/channels/feed/events`, auth);
    const [snapshot] = await feed.waitFor(1);
    expect(snapshot?.event).toBe('snapshot');
    expect(snapshot?.data).toMatchObject({
      channelName: 'feed',
      audience: [{ uid: 10 }],
      counts: { audience: 1 },
    });
    await deliver(server.url, ncsBody(105, { channelName: 'feed', uid: 11, clientSeq: 1 }), SECRET);
    await deliver(server.url, ncsBody(111, { channelName: 'feed', uid: 11, clientSeq: 2 }), SECRET);
    await deliver(
      server.url,
      ncsBody(106, { channelName: 'feed', uid: 10, clientSeq: 2, reason: 2 }),
      SECRET,
    );
    await deliver(
      server.url,
      ncsBody(105, { channelName: 'elsewhere', uid: 10, clientSeq: 1 }),
      SECRET,
    );
    const messages = await feed.waitFor(4);
    feed.close();
    expect(messages.slice(1).map((m) => [m.event, m.data])).toEqual([
      [
        'join',
        expect.objectContaining({
          type: 'join',
          member: expect.objectContaining({ uid: 11, role: 'audience' }),
        }),
      ],
      ['role', expect.objectContaining({ uid: 11, role: 'host' })],
      ['leave', expect.objectContaining({ uid: 10, reason: 2, reasonName: 'timeout' })],
    ]);
    const ids = messages.map((m) => Number(m.id?.split('.').pop()));
    expect(ids).toEqual([1, 2, 3, 4]);
  });

  it('answers /token with 404 when no Agora credentials are configured', async () => {
    const res = await fetch(`${server.url}/token`, { method: 'POST', body: '{"channelName":"x"}' });
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ error: { code: 'TOKEN_DISABLED' } });
  });
});
