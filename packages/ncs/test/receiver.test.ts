import { Agent, createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createMemoryPresenceStore,
  createNcsHandler,
  createNcsNodeHandler,
  signNcsBody,
  type NcsPresenceStore,
} from '../src/index';
import Fastify from 'fastify';
import { createNcsFastifyPlugin } from '../src/fastify';
import { gatedStore, noticeBody, signedHeaders } from './helpers/fixtures';

const SECRET = 'ncs-secret';
const join = () => noticeBody({ eventType: 105, payload: { uid: 42, clientSeq: 1, platform: 7 } });

/** One delivery: status and parsed JSON body. */
type Send = (
  body: string,
  headers?: Record<string, string>,
) => Promise<{ status: number; json: unknown }>;

function describeReceiver(
  name: string,
  setup: (store: NcsPresenceStore) => Promise<{ send: Send; stop: () => Promise<void> }>,
) {
  describe(name, () => {
    let store: NcsPresenceStore;
    let send: Send;
    let stop: () => Promise<void>;
    beforeAll(async () => {
      store = createMemoryPresenceStore();
      ({ send, stop } = await setup(store));
    });
    afterAll(() => stop());

    it('stores a signed delivery, then answers 200 with JSON', async () => {
      const body = join();
      const res = await send(body, signedHeaders(body, SECRET));
      expect(res).toEqual({
        status: 200,
        json: { ok: true, status: 'applied', noticeId: JSON.parse(body).noticeId },
      });
      expect((await store.presence('stage')).audience.map((m) => m.uid)).toContain(42);
      const again = await send(body, signedHeaders(body, SECRET));
      expect(again.json).toMatchObject({ ok: true, status: 'duplicate' });
    });

    it('answers 200 "ignored" for other products and the Console check', async () => {
      const other = noticeBody({ eventType: 101, productId: 3 });
      expect(await send(other, signedHeaders(other, SECRET))).toMatchObject({
        status: 200,
        json: { ok: true, status: 'ignored', ignored: 'other-product' },
      });
      const check = noticeBody({
        eventType: 103,
        payload: { channelName: 'test_webhook', uid: 12121212, clientSeq: 1 },
      });
      expect(await send(check, signedHeaders(check, SECRET))).toMatchObject({
        status: 200,
        json: { ignored: 'test-event' },
      });
      expect((await store.presence('test_webhook')).counts).toEqual({ hosts: 0, audience: 0 });
    });

    it('answers 401 to a missing or wrong signature and stores nothing', async () => {
      const body = noticeBody({ eventType: 103, payload: { uid: 77, clientSeq: 1 } });
      expect(await send(body)).toMatchObject({
        status: 401,
        json: { ok: false, error: { code: 'SIGNATURE_MISSING' } },
      });
      expect(await send(body, signedHeaders(body, 'wrong'))).toMatchObject({
        status: 401,
        json: { error: { code: 'SIGNATURE_INVALID' } },
      });
      expect((await store.presence('stage')).hosts).toEqual([]);
    });

    it('answers 400 to malformed JSON and to a malformed event', async () => {
      expect(await send('{oops', signedHeaders('{oops', SECRET))).toMatchObject({
        status: 400,
        json: { error: { code: 'MALFORMED_JSON' } },
      });
      const bad =
        '{"noticeId":"x","productId":1,"eventType":105,"payload":{"channelName":"stage","ts":1,"uid":-4,"clientSeq":1}}';
      expect(await send(bad, signedHeaders(bad, SECRET))).toMatchObject({
        status: 400,
        json: { error: { code: 'MALFORMED_EVENT' } },
      });
    });

    it('answers 413 to a body over 64 KB', async () => {
      const huge = JSON.stringify({ pad: 'x'.repeat(70 * 1024) });
      expect(await send(huge, signedHeaders(huge, SECRET))).toMatchObject({
        status: 413,
        json: { error: { code: 'BODY_TOO_LARGE' } },
      });
    });
  });
}

describeReceiver('createNcsHandler (fetch)', (store) => {
  const handler = createNcsHandler({ secrets: [SECRET], store });
  const send: Send = async (body, headers = {}) => {
    const res = await handler(new Request('http://x/ncs', { method: 'POST', body, headers }));
    return { status: res.status, json: await res.json() };
  };
  return Promise.resolve({ send, stop: () => Promise.resolve() });
});

describeReceiver('createNcsNodeHandler (node:http)', async (store) => {
  const server: Server = createServer(createNcsNodeHandler({ secrets: SECRET, store }));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const send: Send = async (body, headers = {}) => {
    const res = await fetch(`http://127.0.0.1:${port}/ncs`, { method: 'POST', body, headers });
    return { status: res.status, json: await res.json() };
  };
  return { send, stop: () => new Promise<void>((resolve) => server.close(() => resolve())) };
});

describeReceiver('createNcsFastifyPlugin (fastify)', async (store) => {
  const app = Fastify({ logger: false });
  await app.register(createNcsFastifyPlugin({ secrets: SECRET, store }));
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as AddressInfo;
  const send: Send = async (body, headers = {}) => {
    const res = await fetch(`http://127.0.0.1:${port}/ncs`, { method: 'POST', body, headers });
    return { status: res.status, json: await res.json() };
  };
  return { send, stop: () => app.close() };
});

describe('body limits while streaming', () => {
  it('fetch handler: refuses a chunked body once it passes the limit, without reading the rest', async () => {
    let pulled = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled += 1;
        controller.enqueue(new Uint8Array(16 * 1024));
      },
    });
    const handler = createNcsHandler({ secrets: SECRET, store: createMemoryPresenceStore() });
    const res = await handler(
      new Request('http://x/ncs', { method: 'POST', body: stream, duplex: 'half' } as RequestInit),
    );
    expect(res.status).toBe(413);
    expect(pulled).toBeLessThan(10); // an endless body stops after ~64 KB
  });

  it('node handler: answers 413 to a chunked upload that never ends, and closes the connection', async () => {
    const server = createServer(
      createNcsNodeHandler({ secrets: SECRET, store: createMemoryPresenceStore() }),
    );
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const status = await new Promise<number>((resolve, reject) => {
      const req = httpRequest({ port, host: '127.0.0.1', method: 'POST', path: '/ncs' }, (res) =>
        resolve(res.statusCode ?? 0),
      );
      req.on('error', reject);
      const chunk = Buffer.alloc(8 * 1024, 120);
      const pump = () => {
        while (req.write(chunk)) {
          /* keep writing until the socket pushes back or is closed */
        }
      };
      req.on('drain', pump);
      pump();
    });
    expect(status).toBe(413);
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('answers 405 to anything but POST, and 503 when the store fails (so NCS retries)', async () => {
    const failing = {
      ...createMemoryPresenceStore(),
      apply: () => Promise.reject(new Error('down')),
    };
    const handler = createNcsHandler({ secrets: SECRET, store: failing });
    expect((await handler(new Request('http://x/ncs'))).status).toBe(405);
    const body = join();
    const res = await handler(
      new Request('http://x/ncs', { method: 'POST', body, headers: signedHeaders(body, SECRET) }),
    );
    expect(res.status).toBe(503);
    expect(await res.json()).toMatchObject({ ok: false, error: { code: 'STORAGE_FAILED' } });
  });

  it('refuses to build a receiver without a secret', () => {
    expect(() => createNcsHandler({ secrets: [], store: createMemoryPresenceStore() })).toThrow(
      /secret/,
    );
  });
});

describe('store before acknowledging', () => {
  it('does not answer until the store has finished storing', async () => {
    const { inner: store, store: slow, release } = gatedStore();
    const handler = createNcsHandler({ secrets: SECRET, store: slow });
    const body = join();
    let answered = false;
    const pending = handler(
      new Request('http://x/ncs', { method: 'POST', body, headers: signedHeaders(body, SECRET) }),
    ).then((res) => {
      answered = true;
      return res;
    });
    await new Promise((r) => setTimeout(r, 50));
    expect(answered).toBe(false);
    release();
    expect((await pending).status).toBe(200);
    expect((await store.presence('stage')).counts.audience).toBe(1);
  });
});

describe('node handler: answers batched per event-loop turn', () => {
  async function listen(
    store: NcsPresenceStore,
  ): Promise<{ port: number; close: () => Promise<void> }> {
    const server = createServer(createNcsNodeHandler({ secrets: SECRET, store }));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    return {
      port,
      close: () =>
        new Promise<void>((resolve) => {
          server.closeAllConnections();
          server.close(() => resolve());
        }),
    };
  }

  /** A raw POST with the given header lines (name case and repeats kept as written). */
  function post(
    port: number,
    body: string,
    rawHeaders: [string, string][],
    agent: Agent | false = false,
  ): Promise<{ status: number; json: { status?: string; noticeId?: string } }> {
    return new Promise((resolve, reject) => {
      const req = httpRequest(
        { port, host: '127.0.0.1', method: 'POST', path: '/ncs', agent },
        (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => (text += chunk));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, json: JSON.parse(text) }));
        },
      );
      req.on('error', reject);
      for (const [name, value] of rawHeaders) req.appendHeader(name, value);
      req.end(body);
    });
  }

  it('gives each of 300 concurrent deliveries on 16 keep-alive connections its own answer', async () => {
    const store = createMemoryPresenceStore();
    const { port, close } = await listen(store);
    const agent = new Agent({ keepAlive: true, maxSockets: 16 });
    const bodies = Array.from({ length: 300 }, (_, i) =>
      noticeBody({ eventType: 105, payload: { uid: 1000 + i, clientSeq: 1, platform: 7 } }),
    );
    const answers = await Promise.all(
      bodies.map((body) =>
        post(port, body, [['agora-signature-v2', signNcsBody(body, SECRET)]], agent),
      ),
    );
    agent.destroy();
    answers.forEach((answer, i) => {
      expect(answer.status).toBe(200);
      // an answer batched with others must still belong to its own request
      expect(answer.json).toMatchObject({
        status: 'applied',
        noticeId: JSON.parse(bodies[i] as string).noticeId,
      });
    });
    expect((await store.presence('stage')).counts.audience).toBe(300);
    await close();
  });

  it('reads the signature header in any letter case, and the first of repeated ones', async () => {
    const store = createMemoryPresenceStore();
    const { port, close } = await listen(store);
    const body = join();
    const good = signNcsBody(body, SECRET);
    const bad = signNcsBody(body, 'wrong');
    expect((await post(port, body, [['Agora-Signature-V2', good]])).status).toBe(200);
    const other = noticeBody({ eventType: 105, payload: { uid: 43, clientSeq: 1 } });
    const otherGood = signNcsBody(other, SECRET);
    expect(
      (
        await post(port, other, [
          ['AGORA-SIGNATURE-V2', bad],
          ['agora-signature-v2', otherGood],
        ])
      ).status,
    ).toBe(401);
    expect(
      (
        await post(port, other, [
          ['agora-signature-v2', otherGood],
          ['Agora-Signature-V2', bad],
        ])
      ).json,
    ).toMatchObject({ status: 'applied' });
    await close();
  });

  it('answers 413 from a declared Content-Length before reading the body', async () => {
    const { port, close } = await listen(createMemoryPresenceStore());
    const status = await new Promise<number>((resolve, reject) => {
      const req = httpRequest(
        {
          port,
          host: '127.0.0.1',
          method: 'POST',
          path: '/ncs',
          headers: { 'Content-Length': String(65 * 1024) },
        },
        (res) => resolve(res.statusCode ?? 0),
      );
      req.on('error', reject);
      req.write('{'); // the rest never comes: the answer must not wait for it
    });
    expect(status).toBe(413);
    await close();
  });

  it('stores a delivery whose client hung up before the answer, and keeps serving', async () => {
    const { inner: store, store: slow, release, stored } = gatedStore();
    const { port, close } = await listen(slow);
    const body = join();
    const req = httpRequest({ port, host: '127.0.0.1', method: 'POST', path: '/ncs' });
    req.on('error', () => {}); // we hang up ourselves
    req.setHeader('agora-signature-v2', signNcsBody(body, SECRET));
    req.end(body);
    await new Promise((resolve) => setTimeout(resolve, 50));
    req.destroy();
    await new Promise((resolve) => setTimeout(resolve, 20));
    release();
    await expect.poll(stored).toBe(1);
    const next = noticeBody({ eventType: 105, payload: { uid: 44, clientSeq: 1 } });
    expect(
      (await post(port, next, [['agora-signature-v2', signNcsBody(next, SECRET)]])).json,
    ).toMatchObject({ status: 'applied' });
    expect((await store.presence('stage')).counts.audience).toBe(2);
    await close();
  });
});

describe('storeTimeoutMs and onOutcome (every handler)', () => {
  /** A store whose apply never settles: a stalled Redis, seen from the receiver. */
  const stalled = (): NcsPresenceStore => ({
    ...createMemoryPresenceStore(),
    apply: () => new Promise(() => {}),
  });

  /** The three handlers behind one `post(body, headers)`. */
  const handlers: [
    string,
    (
      options: Parameters<typeof createNcsHandler>[0],
    ) => Promise<{ post: Send; stop: () => Promise<void> }>,
  ][] = [
    [
      'fetch',
      (options) => {
        const handler = createNcsHandler(options);
        const post: Send = async (body, headers = {}) => {
          const res = await handler(new Request('http://x/ncs', { method: 'POST', body, headers }));
          return { status: res.status, json: await res.json() };
        };
        return Promise.resolve({ post, stop: () => Promise.resolve() });
      },
    ],
    [
      'node',
      async (options) => {
        const server = createServer(createNcsNodeHandler(options));
        await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
        const { port } = server.address() as AddressInfo;
        const post: Send = async (body, headers = {}) => {
          const res = await fetch(`http://127.0.0.1:${port}/ncs`, {
            method: 'POST',
            body,
            headers,
          });
          return { status: res.status, json: await res.json() };
        };
        return {
          post,
          stop: () =>
            new Promise<void>((resolve) => {
              server.closeAllConnections();
              server.close(() => resolve());
            }),
        };
      },
    ],
    [
      'fastify',
      async (options) => {
        const app = Fastify({ logger: false });
        await app.register(createNcsFastifyPlugin(options));
        await app.listen({ port: 0, host: '127.0.0.1' });
        const { port } = app.server.address() as AddressInfo;
        const post: Send = async (body, headers = {}) => {
          const res = await fetch(`http://127.0.0.1:${port}/ncs`, {
            method: 'POST',
            body,
            headers,
          });
          return { status: res.status, json: await res.json() };
        };
        return { post, stop: () => app.close() };
      },
    ],
  ];

  for (const [name, make] of handlers) {
    it(`${name}: answers 503 STORAGE_TIMEOUT when the store does not settle in time, and reports it`, async () => {
      const outcomes: [string, number, number][] = [];
      const { post, stop } = await make({
        secrets: SECRET,
        store: stalled(),
        storeTimeoutMs: 150,
        onOutcome: (outcome, { status, durationMs }) =>
          outcomes.push([outcome, status, durationMs]),
      });
      const body = join();
      const started = performance.now();
      const res = await post(body, signedHeaders(body, SECRET));
      const took = performance.now() - started;
      await stop();
      expect(res).toEqual({
        status: 503,
        json: {
          ok: false,
          error: {
            code: 'STORAGE_TIMEOUT',
            message: 'The store did not answer within 150 ms; NCS will retry.',
          },
        },
      });
      // not a timing assert on speed: the bound must have been waited for, and honoured
      expect(took).toBeGreaterThanOrEqual(140);
      expect(outcomes).toHaveLength(1);
      expect(outcomes[0]?.slice(0, 2)).toEqual(['store_timeout', 503]);
      expect(outcomes[0]?.[2]).toBeGreaterThanOrEqual(140);
    });

    it(`${name}: reports store errors and keeps answering when onOutcome throws`, async () => {
      const outcomes: string[] = [];
      const failing = {
        ...createMemoryPresenceStore(),
        apply: () => Promise.reject(new Error('x')),
      };
      const { post, stop } = await make({
        secrets: SECRET,
        store: failing,
        onOutcome: (outcome) => {
          outcomes.push(outcome);
          throw new Error('the metrics registry is broken');
        },
      });
      const body = join();
      expect((await post(body, signedHeaders(body, SECRET))).status).toBe(503);
      expect((await post(body, {})).status).toBe(401);
      await stop();
      expect(outcomes).toEqual(['store_error', 'unauthorized']);
    });
  }

  it('leaves no timer holding the process open once a delivery is answered', async () => {
    // The shared deadline timer stays armed after a quick 200 (for up to
    // storeTimeoutMs): it must be unref'd, or a server that closes would wait.
    const handler = createNcsHandler({
      secrets: SECRET,
      store: createMemoryPresenceStore(),
      storeTimeoutMs: 60_000,
    });
    const timers = () => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
    const before = timers();
    const body = noticeBody({ eventType: 105, payload: { uid: 7, clientSeq: 1, platform: 7 } });
    const res = await handler(
      new Request('http://x/ncs', { method: 'POST', body, headers: signedHeaders(body, SECRET) }),
    );
    expect(res.status).toBe(200);
    expect(timers()).toBe(before);
  });

  it('times out each stalled delivery from its own arrival, and never one the store answered', async () => {
    // One timer serves every delivery in flight: a delivery that arrives later
    // must still get its whole storeTimeoutMs, and one stored meanwhile its 200.
    const store = createMemoryPresenceStore();
    const gates = new Map<number, () => void>();
    const gated: NcsPresenceStore = {
      ...store,
      apply: (event) =>
        'uid' in event && event.uid >= 100
          ? new Promise<void>((resolve) => gates.set(event.uid, resolve)).then(() =>
              store.apply(event),
            )
          : store.apply(event),
    };
    const handler = createNcsHandler({ secrets: SECRET, store: gated, storeTimeoutMs: 200 });
    const deliver = async (uid: number) => {
      const body = noticeBody({ eventType: 105, payload: { uid, clientSeq: 1, platform: 7 } });
      const started = performance.now();
      const res = await handler(
        new Request('http://x/ncs', { method: 'POST', body, headers: signedHeaders(body, SECRET) }),
      );
      return { uid, status: res.status, took: performance.now() - started };
    };
    const first = deliver(100); // stalls
    const quick = deliver(1); // stored at once
    await new Promise((resolve) => setTimeout(resolve, 120));
    const second = deliver(101); // stalls, 120 ms after the first
    const answered = deliver(102); // stored after 100 ms, inside its bound
    setTimeout(() => gates.get(102)?.(), 100);
    const results = await Promise.all([first, quick, second, answered]);
    expect(results.map(({ uid, status }) => [uid, status])).toEqual([
      [100, 503],
      [1, 200],
      [101, 503],
      [102, 200],
    ]);
    // the bound was waited for, each from its own start (not a speed assert)
    expect(results[0]?.took).toBeGreaterThanOrEqual(190);
    expect(results[2]?.took).toBeGreaterThanOrEqual(190);
    expect((await store.presence('stage')).counts.audience).toBe(2);
  });

  it('a late success after the 503 is harmless: the retry is a duplicate', async () => {
    const { inner: store, store: slowOnce, release } = gatedStore({ firstOnly: true });
    const handler = createNcsHandler({ secrets: SECRET, store: slowOnce, storeTimeoutMs: 50 });
    const body = join();
    const deliver = () =>
      handler(
        new Request('http://x/ncs', { method: 'POST', body, headers: signedHeaders(body, SECRET) }),
      );
    expect((await deliver()).status).toBe(503);
    release();
    await expect.poll(async () => (await store.presence('stage')).counts.audience).toBe(1);
    const retry = await deliver();
    expect(await retry.json()).toMatchObject({ ok: true, status: 'duplicate' });
  });

  it('refuses a storeTimeoutMs that is not a positive integer', () => {
    for (const storeTimeoutMs of [0, -1, 1.5, Number.NaN, 2 ** 31]) {
      expect(() =>
        createNcsHandler({ secrets: SECRET, store: createMemoryPresenceStore(), storeTimeoutMs }),
      ).toThrow(/storeTimeoutMs/);
    }
  });
});
