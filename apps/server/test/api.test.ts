import { signNcsBody } from '@audience-presence/ncs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { deliver, ncsBody, openFeed, startServer, type RunningServer } from './helpers/harness';

const SECRET = 'api-secret';
const READ_TOKEN = 'read-token-api';

interface Page {
  hosts: { uid: number }[];
  audience: { uid: number }[];
  counts: { hosts: number; audience: number };
  nextCursor: string | null;
}

describe('read API, logs and metrics (black box)', () => {
  let server: RunningServer;
  const auth = { authorization: `Bearer ${READ_TOKEN}` };
  const page = async (query: string): Promise<Page> => {
    const res = await fetch(`${server.url}/channels/paged/presence${query}`, { headers: auth });
    expect(res.status).toBe(200);
    return (await res.json()) as Page;
  };
  beforeAll(async () => {
    server = await startServer({
      NCS_SECRET: SECRET,
      PRESENCE_READ_TOKEN: READ_TOKEN,
      RATE_LIMIT_READS_PER_MINUTE: '200',
    });
    // 3 hosts and 9 audience members, joined out of uid order
    for (const uid of [30, 10, 20]) {
      await deliver(server.url, ncsBody(103, { channelName: 'paged', uid, clientSeq: 1 }), SECRET);
    }
    for (const uid of [9, 1, 8, 2, 7, 3, 6, 4, 5]) {
      await deliver(server.url, ncsBody(105, { channelName: 'paged', uid, clientSeq: 1 }), SECRET);
    }
  }, 30_000);
  afterAll(async () => {
    await server.stop();
  });

  it('finding 1: pages presence (default 500, ?limit=, opaque cursor), hosts then audience by uid', async () => {
    const all = await page('');
    expect(all.hosts.map((m) => m.uid)).toEqual([10, 20, 30]);
    expect(all.audience.map((m) => m.uid)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(all.nextCursor).toBeNull();
    const seen: number[] = [];
    let cursor: string | null = '';
    let pages = 0;
    while (cursor !== null) {
      const p: Page = await page(`?limit=5${cursor ? `&cursor=${cursor}` : ''}`);
      expect(p.hosts.length + p.audience.length).toBeLessThanOrEqual(5);
      expect(p.counts).toEqual({ hosts: 3, audience: 9 }); // the channel's, not the page's
      seen.push(...p.hosts.map((m) => m.uid), ...p.audience.map((m) => m.uid));
      cursor = p.nextCursor;
      pages += 1;
    }
    expect(pages).toBe(3);
    expect(seen).toEqual([10, 20, 30, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('finding 1: a cursor is stable while members before it leave and join', async () => {
    const first = await page('?limit=6');
    expect(first.audience.map((m) => m.uid)).toEqual([1, 2, 3]);
    // before the cursor: audience uid 2 leaves and host 15 joins
    await deliver(
      server.url,
      ncsBody(106, { channelName: 'paged', uid: 2, clientSeq: 2, reason: 1 }),
      SECRET,
    );
    await deliver(
      server.url,
      ncsBody(103, { channelName: 'paged', uid: 15, clientSeq: 1 }),
      SECRET,
    );
    const next = await page(`?limit=6&cursor=${first.nextCursor ?? ''}`);
    // exactly who comes after uid 3, no repeat, no skip
    expect(next.audience.map((m) => m.uid)).toEqual([4, 5, 6, 7, 8, 9]);
    expect(next.nextCursor).toBeNull();
    await deliver(server.url, ncsBody(105, { channelName: 'paged', uid: 2, clientSeq: 3 }), SECRET);
    await deliver(
      server.url,
      ncsBody(104, { channelName: 'paged', uid: 15, clientSeq: 2, reason: 1 }),
      SECRET,
    );
  });

  it('finding 1: 400 for a bad cursor or limit; /count answers counts only', async () => {
    for (const query of [
      '?limit=0',
      '?limit=5001',
      '?limit=abc',
      '?cursor=zzz',
      '?cursor=' + Buffer.from('x1').toString('base64url'),
    ]) {
      const res = await fetch(`${server.url}/channels/paged/presence${query}`, { headers: auth });
      expect(res.status).toBe(400);
      const body = (await res.json()) as { error: { code: string } };
      expect(['BAD_REQUEST', 'BAD_CURSOR']).toContain(body.error.code);
    }
    expect((await page('?limit=5000')).audience).toHaveLength(9);
    const count = await fetch(`${server.url}/channels/paged/count`, { headers: auth });
    expect(await count.json()).toEqual({ channelName: 'paged', counts: { hosts: 3, audience: 9 } });
  });

  it('finding 10: HEAD /healthz, /readyz, and a lower-case "bearer" scheme', async () => {
    const head = await fetch(`${server.url}/healthz`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
    const readyz = await fetch(`${server.url}/readyz`);
    expect(readyz.status).toBe(200);
    expect(await readyz.json()).toEqual({ ok: true });
    const lower = await fetch(`${server.url}/channels/paged/count`, {
      headers: { authorization: `bearer ${READ_TOKEN}` },
    });
    expect(lower.status).toBe(200);
    // a prefix or an extension of the token is not the token
    for (const wrong of [READ_TOKEN.slice(0, -1), `${READ_TOKEN}x`, '']) {
      const res = await fetch(`${server.url}/channels/paged/count?access_token=${wrong}`);
      expect(res.status).toBe(401);
    }
  });

  it('issue 14: GET /channels/:c/stats with the read token, by event time, audience only', async () => {
    // a minute start inside the 24 h window: the whole trace falls in that minute
    const ts = Math.floor(Date.now() / 60_000) * 60 - 600;
    const minute = ts * 1000;
    const send = (type: number, payload: Record<string, unknown>) =>
      deliver(server.url, ncsBody(type, { channelName: 'watched', ...payload }), SECRET);
    await send(103, { uid: 1, clientSeq: 1, ts });
    // delivered out of order: the leave first
    await send(106, { uid: 5, clientSeq: 2, reason: 1, ts: ts + 30 });
    await send(105, { uid: 5, clientSeq: 1, ts });
    await send(105, { uid: 6, clientSeq: 1, ts: ts + 10 });
    expect((await fetch(`${server.url}/channels/watched/stats`)).status).toBe(401);
    const res = await fetch(`${server.url}/channels/watched/stats`, { headers: auth });
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const body = (await res.json()) as { timeline: { t: number }[] };
    expect(body).toMatchObject({
      channelName: 'watched',
      now: { hosts: 1, audience: 1 },
      peak: { audience: 2, at: (ts + 10) * 1000 },
      uniqueViewers: 2,
      watch: { sessions: 1, averageSeconds: 30, medianSeconds: 30 },
    });
    expect(Object.keys(body).sort()).toEqual(
      ['channelName', 'now', 'peak', 'timeline', 'uniqueViewers', 'watch'].sort(),
    );
    expect(body.timeline[0]).toEqual({ t: minute, peak: 2, joins: 2, leaves: 1 });
    const post = await fetch(`${server.url}/channels/watched/stats`, { method: 'POST' });
    expect(post.status).toBe(405);
  });

  it('logs JSON lines with a request id, and never a token, a signature or a body', async () => {
    const body = ncsBody(105, { channelName: 'logged', uid: 77, clientSeq: 1 });
    const unsigned = await fetch(`${server.url}/ncs`, {
      method: 'POST',
      body,
      headers: { 'agora-signature-v2': 'ab'.repeat(32), 'x-request-id': 'spoofed' },
    });
    expect(unsigned.status).toBe(401);
    const requestId = unsigned.headers.get('x-request-id');
    expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
    await fetch(`${server.url}/channels/paged/count?access_token=${READ_TOKEN}`);
    const lines = () =>
      server
        .output()
        .split('\n')
        .filter((l) => l.startsWith('{'))
        .map((l) => JSON.parse(l) as Record<string, unknown>);
    // pino writes asynchronously: wait (bounded) for both requests' lines before reading them
    await vi.waitFor(
      () => {
        expect(lines().find((l) => l['reqId'] === requestId)).toBeDefined();
        expect(server.output()).toContain('/channels/paged/count');
      },
      { timeout: 5_000, interval: 50 },
    );
    const refused = lines().find((l) => l['reqId'] === requestId);
    expect(refused).toMatchObject({ level: 40, status: 401, msg: 'ncs delivery refused' });
    const output = server.output();
    expect(output).not.toContain(READ_TOKEN);
    expect(output).not.toContain('ab'.repeat(32));
    expect(output).not.toContain('"uid":77');
  });

  it('findings 7 and 8 through the server: an out-of-range ts is a 400, an odd-length signature a 401', async () => {
    const poison = ncsBody(105, { channelName: 'poison', uid: 1, clientSeq: 1, ts: 1e306 });
    const res = await deliver(server.url, poison, SECRET);
    expect(res.status).toBe(400);
    const count = await fetch(`${server.url}/channels/poison/count`, { headers: auth });
    expect(count.status).toBe(200);
    const body = ncsBody(105, { channelName: 'poison', uid: 2, clientSeq: 1 });
    const odd = await fetch(`${server.url}/ncs`, {
      method: 'POST',
      body,
      headers: { 'agora-signature-v2': `${signNcsBody(body, SECRET)}0` },
    });
    expect(odd.status).toBe(401);
  });

  it('serves /metrics to a direct local client only, not through a proxy', async () => {
    const res = await fetch(`${server.url}/metrics`);
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text).toMatch(/^ap_ncs_deliveries_total\{outcome="applied"\} \d+$/m);
    expect(text).toMatch(/^ap_ncs_deliveries_total\{outcome="unauthorized"\} \d+$/m);
    expect(text).toContain('ap_ncs_delivery_duration_seconds_bucket');
    expect(text).toMatch(/^ap_sse_streams 0$/m);
    expect(text).toContain('process_resident_memory_bytes');
    const proxied = await fetch(`${server.url}/metrics`, {
      headers: { 'x-forwarded-for': '198.51.100.1' },
    });
    expect(proxied.status).toBe(403);
  });
});

describe('rate limits and METRICS_TOKEN (black box)', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer({
      NCS_SECRET: SECRET,
      RATE_LIMIT_READS_PER_MINUTE: '5',
      METRICS_TOKEN: 'metrics-secret',
    });
  }, 30_000);
  afterAll(async () => {
    await server.stop();
  });

  it('answers 429 RATE_LIMITED past the reads-per-minute limit, and never limits /ncs', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 7; i += 1) {
      statuses.push((await fetch(`${server.url}/channels/rl/count`)).status);
    }
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429, 429]);
    const limited = await fetch(`${server.url}/channels/rl/presence`);
    expect(limited.status).toBe(429);
    expect(await limited.json()).toMatchObject({ ok: false, error: { code: 'RATE_LIMITED' } });
    for (let uid = 1; uid <= 10; uid += 1) {
      const res = await deliver(
        server.url,
        ncsBody(105, { channelName: 'rl', uid, clientSeq: 1 }),
        SECRET,
      );
      expect(res.status).toBe(200);
    }
  });

  it('requires METRICS_TOKEN for /metrics once it is set, even from loopback', async () => {
    expect((await fetch(`${server.url}/metrics`)).status).toBe(403);
    const wrong = await fetch(`${server.url}/metrics`, {
      headers: { authorization: 'Bearer nope' },
    });
    expect(wrong.status).toBe(403);
    const ok = await fetch(`${server.url}/metrics`, {
      headers: { authorization: 'Bearer metrics-secret' },
    });
    expect(ok.status).toBe(200);
  });
});

describe('issue 14: the SSE stats event (black box)', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer({ NCS_SECRET: SECRET, STATS_INTERVAL_SECONDS: '1' });
  }, 30_000);
  afterAll(async () => {
    await server.stop();
  });

  it('sends the channel stats on its feed every STATS_INTERVAL_SECONDS, without an SSE id', async () => {
    const ts = Math.floor(Date.now() / 1000) - 5;
    await deliver(
      server.url,
      ncsBody(105, { channelName: 'dash', uid: 9, clientSeq: 1, ts }),
      SECRET,
    );
    const feed = await openFeed(`${server.url}/channels/dash/events`);
    const [snapshot, stats] = await feed.waitFor(2, 10_000);
    expect(snapshot?.event).toBe('snapshot');
    expect(stats).toMatchObject({
      id: undefined,
      event: 'stats',
      data: { channelName: 'dash', now: { audience: 1 }, uniqueViewers: 1 },
    });
    await deliver(
      server.url,
      ncsBody(105, { channelName: 'dash', uid: 10, clientSeq: 1, ts }),
      SECRET,
    );
    // the join, then (within about a second) stats that show it
    const later = await feed.waitFor(4, 10_000);
    feed.close();
    expect(later[2]?.event).toBe('join');
    expect(later[3]).toMatchObject({ event: 'stats', data: { now: { audience: 2 } } });
  }, 30_000);
});
