import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deliver, ncsBody, openFeed, startServer, type RunningServer } from './helpers/harness';
import { rawClient, rssBytes, waitUntil, type RawClient } from './helpers/net';

const SECRET = 'limits-secret';
const MB = 1024 * 1024;

function get(path: string): string {
  return `GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n`;
}

/** Samples the server's RSS every 100 ms for `ms` and returns the highest. */
async function peakRss(pid: number, ms: number): Promise<number> {
  let peak = rssBytes(pid);
  const until = Date.now() + ms;
  while (Date.now() < until) {
    await new Promise((r) => setTimeout(r, 100));
    peak = Math.max(peak, rssBytes(pid));
  }
  return peak;
}

describe('finding 1: slow readers of a 100,000-member channel (black box, loopback)', () => {
  let server: RunningServer;
  const clients: RawClient[] = [];
  beforeAll(async () => {
    server = await startServer(
      {
        NCS_SECRET: SECRET,
        SEED_MEMBERS: '100000',
        SEED_CHANNEL: 'big',
        SSE_MAX_STREAMS: '1000',
        SSE_MAX_STREAMS_PER_IP: '1000',
        RATE_LIMIT_READS_PER_MINUTE: '0',
        LOG_LEVEL: 'warn',
      },
      undefined,
      { entry: 'test/helpers/seeded-main.ts' },
    );
  }, 60_000);
  afterAll(async () => {
    for (const client of clients) client.socket.destroy();
    await server?.stop();
  });

  it('keeps RSS growth under 200 MB with 200 stuck SSE clients and 200 stuck page readers', async () => {
    const count = await fetch(`${server.url}/channels/big/count`);
    expect(await count.json()).toEqual({
      channelName: 'big',
      counts: { hosts: 0, audience: 100_000 },
    });
    // one full read of each first, so the shared snapshot and sorted lists exist before the baseline
    const feed = await openFeed(`${server.url}/channels/big/events`);
    await feed.waitFor(1, 30_000);
    feed.close();
    await (await fetch(`${server.url}/channels/big/presence?limit=5000`)).arrayBuffer();
    const before = rssBytes(server.pid);

    for (let i = 0; i < 200; i += 1) {
      const sse = await rawClient(server.port, { paused: true });
      sse.socket.write(get('/channels/big/events'));
      const page = await rawClient(server.port, { paused: true });
      page.socket.write(get('/channels/big/presence?limit=5000'));
      clients.push(sse, page);
    }
    // Let the server write all it can into the 400 sockets nobody reads.
    const peak = await peakRss(server.pid, 4000);
    const growth = peak - before;
    console.log(
      `slow readers: RSS ${Math.round(before / MB)} MB -> peak ${Math.round(peak / MB)} MB (+${Math.round(growth / MB)} MB)`,
    );
    expect(growth).toBeLessThan(200 * MB);
    // and the server still serves everyone else
    const res = await deliver(
      server.url,
      ncsBody(105, { channelName: 'other', uid: 1, clientSeq: 1 }),
      SECRET,
    );
    expect(res.status).toBe(200);
  }, 60_000);
});

describe('finding 2: SSE caps, with the server at 256 open files (black box)', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer(
      {
        NCS_SECRET: SECRET,
        SSE_MAX_STREAMS: '100',
        SSE_MAX_STREAMS_PER_IP: '1000',
        RATE_LIMIT_READS_PER_MINUTE: '0',
        LOG_LEVEL: 'warn',
      },
      undefined,
      { nofile: 256 },
    );
  }, 30_000);
  afterAll(async () => {
    await server?.stop();
  });

  it('answers 503 beyond the global cap, closes those sockets, and /ncs keeps serving', async () => {
    const clients: RawClient[] = [];
    try {
      for (let i = 0; i < 240; i += 1) {
        const client = await rawClient(server.port);
        client.socket.write(get('/channels/crowd/events'));
        clients.push(client);
      }
      await waitUntil(
        () => clients.every((c) => /^HTTP\/1\.1 \d{3}/.test(c.received())),
        'every stream to be answered',
      );
      const statuses = clients.map((c) => c.received().slice(9, 12));
      expect(statuses.filter((s) => s === '200')).toHaveLength(100);
      expect(statuses.filter((s) => s === '503')).toHaveLength(140);
      const refused = clients.filter((c) => c.received().startsWith('HTTP/1.1 503'));
      expect(refused[0]?.received()).toContain('STREAMS_FULL');
      // the refused sockets are closed by the server, so they hold no descriptor
      await Promise.all(refused.map((c) => c.closed));
      // NCS still gets through, many times over
      for (let uid = 1; uid <= 30; uid += 1) {
        const res = await deliver(
          server.url,
          ncsBody(105, { channelName: 'crowd', uid, clientSeq: 1 }),
          SECRET,
        );
        expect(res.status).toBe(200);
      }
      const open = clients.filter((c) => c.received().startsWith('HTTP/1.1 200'));
      await waitUntil(
        () => open.every((c) => c.received().includes('"uid":30')),
        'the open streams to see the joins',
      );
      const metrics = await (await fetch(`${server.url}/metrics`)).text();
      expect(metrics).toMatch(/^ap_sse_streams 100$/m);
      expect(metrics).toMatch(/^ap_sse_rejected_total\{reason="global"\} 140$/m);
    } finally {
      for (const client of clients) client.socket.destroy();
    }
  }, 60_000);
});

describe('finding 2: SSE cap per client IP (black box)', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer({ NCS_SECRET: SECRET, SSE_MAX_STREAMS_PER_IP: '3' });
  }, 30_000);
  afterAll(async () => {
    await server?.stop();
  });

  it('answers 429 to the stream over the per-IP cap, spoofed X-Forwarded-For or not, and frees the slot on close', async () => {
    const feeds = await Promise.all(
      [1, 2, 3].map(() => openFeed(`${server.url}/channels/ip/events`)),
    );
    const over = await fetch(`${server.url}/channels/ip/events`, {
      headers: { 'x-forwarded-for': '203.0.113.9' }, // ignored: TRUST_PROXY is off
    });
    expect(over.status).toBe(429);
    expect(await over.json()).toMatchObject({ ok: false, error: { code: 'TOO_MANY_STREAMS' } });
    feeds[0]?.close();
    await waitUntil(async () => {
      const again = await fetch(`${server.url}/channels/ip/events`);
      const ok = again.status === 200;
      await again.body?.cancel();
      return ok;
    }, 'a slot to free up');
    for (const feed of feeds) feed.close();
  }, 30_000);
});

describe('finding 3: slow clients are closed within the configured seconds (black box)', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer({
      NCS_SECRET: SECRET,
      HEADERS_TIMEOUT_SECONDS: '2',
      REQUEST_TIMEOUT_SECONDS: '3',
      CONNECTION_TIMEOUT_SECONDS: '3',
    });
  }, 30_000);
  afterAll(async () => {
    await server?.stop();
  });

  /** Sends `text` one byte every `ms` until the socket closes; resolves with when it closed. */
  async function trickle(text: string, ms: number): Promise<number> {
    const client = await rawClient(server.port);
    let i = 0;
    const timer = setInterval(() => {
      if (i < text.length && !client.socket.destroyed) client.socket.write(text[i++] as string);
    }, ms);
    const closedAfter = await Promise.race([
      client.closed,
      new Promise<number>((r) => setTimeout(() => r(Number.POSITIVE_INFINITY), 10_000)),
    ]);
    clearInterval(timer);
    client.socket.destroy();
    return closedAfter;
  }

  it('closes a client that sends its headers byte by byte (headersTimeout)', async () => {
    const closedAfter = await trickle(
      `GET /healthz HTTP/1.1\r\nHost: x\r\nX-Pad: ${'a'.repeat(200)}\r\n\r\n`,
      200,
    );
    expect(closedAfter).toBeLessThan(2000 + 1500);
  }, 20_000);

  it('closes a client that sends its body byte by byte (requestTimeout)', async () => {
    const body = ncsBody(105, { channelName: 'slow', uid: 1, clientSeq: 1 });
    const head = `POST /ncs HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n`;
    const client = await rawClient(server.port);
    client.socket.write(head);
    let i = 0;
    const timer = setInterval(() => {
      if (i < body.length && !client.socket.destroyed) client.socket.write(body[i++] as string);
    }, 200);
    const closedAfter = await Promise.race([
      client.closed,
      new Promise<number>((r) => setTimeout(() => r(Number.POSITIVE_INFINITY), 10_000)),
    ]);
    clearInterval(timer);
    client.socket.destroy();
    expect(closedAfter).toBeLessThan(3000 + 1500);
  }, 20_000);

  it('closes a connection that never sends anything', async () => {
    const client = await rawClient(server.port);
    const closedAfter = await Promise.race([
      client.closed,
      new Promise<number>((r) => setTimeout(() => r(Number.POSITIVE_INFINITY), 10_000)),
    ]);
    client.socket.destroy();
    expect(closedAfter).toBeLessThan(3000 + 1500);
  }, 20_000);
});
