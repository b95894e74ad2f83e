import { afterEach, describe, expect, it } from 'vitest';
import { createMemoryPresenceStore, type NcsPresenceStore } from '@audience-presence/ncs';
import type { FastifyInstance } from 'fastify';
import { createServer } from '../src/app';
import { loadConfig } from '../src/config';
import type { AuthorizeToken } from '../src/token-auth';

const config = loadConfig({
  NCS_SECRET: 's',
  AGORA_APP_ID: '0123456789abcdef0123456789abcdef',
  AGORA_APP_CERTIFICATE: 'fedcba9876543210fedcba9876543210',
});

let app: FastifyInstance | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

async function serve(
  options: { authorize?: AuthorizeToken; store?: NcsPresenceStore } = {},
): Promise<FastifyInstance> {
  app = await createServer(config, options.store ?? createMemoryPresenceStore(), {
    logger: false,
    ...(options.authorize ? { authorize: options.authorize } : {}),
  });
  return app;
}

function token(server: FastifyInstance, body: unknown, cookie = 'session=ok') {
  return server.inject({
    method: 'POST',
    url: '/token',
    headers: { cookie },
    payload: body as object,
  });
}

describe('createServer with an authorize hook (an app embedding the server)', () => {
  const authorize: AuthorizeToken = async (request) => {
    if (request.headers.cookie !== 'session=ok') throw new Error('no session');
    return { uid: 42, channels: ['show-*'], host: false };
  };

  it('issues tokens for what the hook grants, and nothing else', async () => {
    const server = await serve({ authorize });
    const ok = await token(server, { channelName: 'show-1' });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({
      uid: 42,
      rtmUserId: '42',
      role: 'audience',
      channelName: 'show-1',
    });
    expect((await token(server, { channelName: 'show-1', role: 'host' })).json()).toMatchObject({
      error: { code: 'HOST_NOT_ALLOWED' },
    });
    expect((await token(server, { channelName: 'backstage' })).json()).toMatchObject({
      error: { code: 'CHANNEL_NOT_ALLOWED' },
    });
    const refused = await token(server, { channelName: 'show-1' }, 'session=forged');
    expect(refused.statusCode).toBe(401);
    // the hook's own error text stays in the log
    expect(refused.json()).toEqual({
      ok: false,
      error: { code: 'TOKEN_AUTH_INVALID', message: 'The caller could not be authenticated.' },
    });
  });

  it('never issues uid 0, even when the hook grants it', async () => {
    const server = await serve({
      authorize: async () => ({ uid: 0, channels: ['*'], host: true }),
    });
    const res = await token(server, { channelName: 'x' });
    expect(res.statusCode).toBe(403);
    expect(res.json()).toMatchObject({ error: { code: 'UID_NOT_ALLOWED' } });
  });
});

describe('error answers', () => {
  it('carry a code and a fixed message, never the internal error text', async () => {
    const store = createMemoryPresenceStore();
    const failing = Object.assign(Object.create(store) as NcsPresenceStore, {
      presence: () => Promise.reject(new Error('WRONGPASS redis://admin:hunter2@10.0.0.5')),
    });
    const server = await serve({ store: failing });
    for (const url of ['/channels/x/presence', '/channels/x/count']) {
      const res = await server.inject({ method: 'GET', url });
      expect(res.statusCode).toBe(503);
      expect(res.body).not.toContain('hunter2');
      expect(res.json()).toEqual({
        ok: false,
        error: { code: 'STORE_UNAVAILABLE', message: 'The presence store is unavailable.' },
      });
    }
    const notFound = await server.inject({ method: 'GET', url: '/nope' });
    expect(notFound.statusCode).toBe(404);
    expect(notFound.json()).toMatchObject({ error: { code: 'NOT_FOUND' } });
    const post = await server.inject({ method: 'POST', url: '/channels/x/presence' });
    expect(post.statusCode).toBe(405);
  });
});
