import { readFileSync, readdirSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { createNcsFastifyPlugin, type NcsFastifyPluginOptions } from '../src/fastify';
import {
  createMemoryPresenceStore,
  signNcsBody,
  type NcsOutcome,
  type NcsPresenceStore,
} from '../src/index';
import { gatedStore, noticeBody, signedHeaders } from './helpers/fixtures';

const SECRET = 'ncs-secret';
const join = (uid = 42) =>
  noticeBody({ eventType: 105, payload: { uid, clientSeq: 1, platform: 7 } });

let app: FastifyInstance | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

async function start(
  options: Partial<NcsFastifyPluginOptions> & { store: NcsPresenceStore },
  extra?: (instance: FastifyInstance) => void,
): Promise<string> {
  app = Fastify({ logger: false });
  extra?.(app);
  await app.register(createNcsFastifyPlugin({ secrets: [SECRET], ...options }));
  await app.listen({ port: 0, host: '127.0.0.1' });
  return `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
}

describe('createNcsFastifyPlugin', () => {
  it('verifies the HMAC over the raw bytes, whatever the Content-Type (or none)', async () => {
    const store = createMemoryPresenceStore();
    const base = await start({ store });
    // whitespace and key order a JSON parser would not keep: only raw bytes verify
    const body = `{ "noticeId":"raw-1",  "productId":1,"eventType":105,"notifyMs":1,
      "payload":{"channelName":"stage","ts":1700000000,"uid":9,"clientSeq":1,"platform":7} }`;
    for (const type of ['application/json', 'text/plain', 'application/octet-stream', null]) {
      const headers: Record<string, string> = { 'agora-signature-v2': signNcsBody(body, SECRET) };
      if (type) headers['content-type'] = type;
      const res = await fetch(`${base}/ncs`, {
        method: 'POST',
        // a Blob without a type sends no Content-Type at all
        body: type ? body : new Blob([body]),
        headers,
      });
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({
        ok: true,
        status: type === 'application/json' ? 'applied' : 'duplicate',
        noticeId: 'raw-1',
      });
    }
    expect((await store.presence('stage')).audience.map((m) => m.uid)).toEqual([9]);
  });

  it('answers like the other receivers: 401, 400, 405 with Allow, 404 elsewhere', async () => {
    const base = await start({ store: createMemoryPresenceStore() });
    const body = join();
    const wrong = await fetch(`${base}/ncs`, {
      method: 'POST',
      body,
      headers: signedHeaders(body, 'wrong'),
    });
    expect(wrong.status).toBe(401);
    expect(await wrong.json()).toEqual({
      ok: false,
      error: {
        code: 'SIGNATURE_INVALID',
        message: 'The NCS signature does not match any configured secret.',
      },
    });
    const bad = await fetch(`${base}/ncs`, {
      method: 'POST',
      body: '{oops',
      headers: { ...signedHeaders('{oops', SECRET), 'content-type': 'application/json' },
    });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ error: { code: 'MALFORMED_JSON' } });
    for (const method of ['GET', 'PUT', 'DELETE']) {
      const res = await fetch(`${base}/ncs`, { method });
      expect(res.status).toBe(405);
      expect(res.headers.get('allow')).toBe('POST');
      expect(await res.json()).toEqual({ ok: false, error: { code: 'METHOD_NOT_ALLOWED' } });
    }
    expect((await fetch(`${base}/ncs`, { method: 'HEAD' })).status).toBe(405);
    expect((await fetch(`${base}/other`, { method: 'POST' })).status).toBe(404);
  });

  it('answers 413 with the receiver JSON from a declared length and from a chunked upload that never ends', async () => {
    const base = await start({ store: createMemoryPresenceStore(), maxBodyBytes: 1024 });
    const huge = JSON.stringify({ pad: 'x'.repeat(2048) });
    const res = await fetch(`${base}/ncs`, {
      method: 'POST',
      body: huge,
      headers: signedHeaders(huge, SECRET),
    });
    expect(res.status).toBe(413);
    expect(await res.json()).toEqual({
      ok: false,
      error: { code: 'BODY_TOO_LARGE', message: 'The body exceeds 1024 bytes.' },
    });
    const { port } = new URL(base);
    const status = await new Promise<number>((resolve, reject) => {
      const req = httpRequest({ port, host: '127.0.0.1', method: 'POST', path: '/ncs' }, (r) =>
        resolve(r.statusCode ?? 0),
      );
      req.on('error', reject);
      const chunk = Buffer.alloc(512, 120);
      const pump = () => {
        while (req.write(chunk)) {
          /* until the socket pushes back or is closed */
        }
      };
      req.on('drain', pump);
      pump();
    });
    expect(status).toBe(413);
  });

  it('leaves the parsers of the rest of the app alone (encapsulated), and honours path', async () => {
    const store = createMemoryPresenceStore();
    const base = await start({ store, path: '/hooks/agora' }, (instance) => {
      instance.post('/echo', (request) => ({ got: request.body }));
    });
    const echo = await fetch(`${base}/echo`, {
      method: 'POST',
      body: '{"a":1}',
      headers: { 'content-type': 'application/json' },
    });
    expect(await echo.json()).toEqual({ got: { a: 1 } }); // parsed JSON, not a Buffer
    const body = join(5);
    const res = await fetch(`${base}/hooks/agora`, {
      method: 'POST',
      body,
      headers: { ...signedHeaders(body, SECRET), 'content-type': 'application/json' },
    });
    expect(await res.json()).toMatchObject({ status: 'applied' });
    expect((await fetch(`${base}/ncs`, { method: 'POST' })).status).toBe(404);
  });

  it('reports every outcome with its status and a duration, and survives a throwing onOutcome', async () => {
    const seen: [NcsOutcome, number][] = [];
    const store = createMemoryPresenceStore();
    const base = await start({
      store,
      maxBodyBytes: 1024,
      onOutcome: (outcome, info) => {
        expect(info.durationMs).toBeGreaterThanOrEqual(0);
        seen.push([outcome, info.status]);
        throw new Error('metrics are down');
      },
    });
    const post = (body: string, headers: Record<string, string>) =>
      fetch(`${base}/ncs`, { method: 'POST', body, headers });
    const body = join(1);
    expect((await post(body, signedHeaders(body, SECRET))).status).toBe(200);
    await post(body, signedHeaders(body, SECRET));
    await post(body, {});
    await post('[]', signedHeaders('[]', SECRET));
    const huge = 'x'.repeat(2000);
    await post(huge, signedHeaders(huge, SECRET));
    await fetch(`${base}/ncs`);
    expect(seen).toEqual([
      ['applied', 200],
      ['duplicate', 200],
      ['unauthorized', 401],
      ['bad_request', 400],
      ['too_large', 413],
      ['method_not_allowed', 405],
    ]);
  });
});

describe('createNcsFastifyPlugin under concurrency (answers batched per turn)', () => {
  it('gives each of 300 concurrent deliveries on 16 keep-alive connections its own answer', async () => {
    const store = createMemoryPresenceStore();
    const base = await start({ store });
    const { Agent } = await import('node:http');
    const agent = new Agent({ keepAlive: true, maxSockets: 16 });
    const { port } = new URL(base);
    const post = (body: string) =>
      new Promise<{ http: number; noticeId?: string }>((resolve, reject) => {
        const req = httpRequest(
          { port, host: '127.0.0.1', method: 'POST', path: '/ncs', agent },
          (res) => {
            let text = '';
            res.setEncoding('utf8');
            res.on('data', (chunk: string) => (text += chunk));
            res.on('end', () =>
              resolve({
                ...(JSON.parse(text) as { noticeId?: string }),
                http: res.statusCode ?? 0,
              }),
            );
          },
        );
        req.on('error', reject);
        req.setHeader('content-type', 'application/json');
        req.setHeader('agora-signature-v2', signNcsBody(body, SECRET));
        req.end(body);
      });
    const bodies = Array.from({ length: 300 }, (_, i) => join(1000 + i));
    const answers = await Promise.all(bodies.map(post));
    agent.destroy();
    answers.forEach((answer, i) => {
      expect(answer.http).toBe(200);
      expect(answer.noticeId).toBe(JSON.parse(bodies[i] as string).noticeId);
    });
    expect((await store.presence('stage')).counts.audience).toBe(300);
  });
});

describe('createNcsFastifyPlugin when the client hangs up', () => {
  it('still stores the delivery, answers nobody, and keeps serving', async () => {
    const { inner: store, store: slow, release, stored } = gatedStore();
    const base = await start({ store: slow });
    const { port } = new URL(base);
    const body = join(7);
    const req = httpRequest({ port, host: '127.0.0.1', method: 'POST', path: '/ncs' });
    req.on('error', () => {}); // we hang up ourselves
    req.setHeader('content-type', 'application/json');
    req.setHeader('agora-signature-v2', signNcsBody(body, SECRET));
    req.end(body);
    await new Promise((resolve) => setTimeout(resolve, 50));
    req.destroy();
    await new Promise((resolve) => setTimeout(resolve, 20));
    release();
    await expect.poll(stored).toBe(1);
    const next = join(8);
    const res = await fetch(`${base}/ncs`, {
      method: 'POST',
      body: next,
      headers: { ...signedHeaders(next, SECRET), 'content-type': 'application/json' },
    });
    expect(await res.json()).toMatchObject({ status: 'applied' });
    expect((await store.presence('stage')).audience.map((m) => m.uid)).toEqual([7, 8]);
  });
});

describe('framework neutrality', () => {
  it('the root entry never loads fastify, and the plugin imports only its types', () => {
    const dir = new URL('../src/', import.meta.url);
    const sources = readdirSync(dir).filter(
      (f) => f.endsWith('.ts') && !/\.test(-d)?\.ts$/.test(f),
    );
    for (const file of sources) {
      const text = readFileSync(new URL(file, dir), 'utf8');
      if (file === 'fastify.ts') {
        // every import of fastify is `import type`: nothing is loaded at runtime
        expect(text).not.toMatch(/^import (?!type )[^;]*from 'fastify'/m);
        expect(text).toMatch(/^import type \{[^}]*\} from 'fastify';/m);
      } else {
        expect(text, file).not.toMatch(/from '(fastify|\.\/fastify)'/);
      }
    }
  });
});
