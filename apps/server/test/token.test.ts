import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SignJWT, exportJWK, generateKeyPair, type JWTPayload } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from './helpers/harness';

const APP_ID = '0123456789abcdef0123456789abcdef';
const CERTIFICATE = 'fedcba9876543210fedcba9876543210';
const JWT_SECRET = 'the-app-backend-shares-this-32-byte+secret';
const ORIGIN = 'http://localhost:5173';
const AGORA = { NCS_SECRET: 's', AGORA_APP_ID: APP_ID, AGORA_APP_CERTIFICATE: CERTIFICATE };

/** A JWT as the app's backend would mint it for a signed-in user. */
function jwt(
  claims: JWTPayload,
  { secret = JWT_SECRET, expiresIn = '5m' }: { secret?: string; expiresIn?: string | number } = {},
): Promise<string> {
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'HS256' })
    .setIssuedAt()
    .setExpirationTime(expiresIn)
    .sign(new TextEncoder().encode(secret));
}

function requestToken(server: RunningServer, body: unknown, bearer?: string): Promise<Response> {
  return fetch(`${server.url}/token`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      origin: ORIGIN,
      ...(bearer === undefined ? {} : { authorization: `Bearer ${bearer}` }),
    },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

async function errorCode(res: Response): Promise<string> {
  return ((await res.json()) as { error: { code: string } }).error.code;
}

describe('POST /token with HS256 JWTs from the app backend (black box)', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer({ ...AGORA, TOKEN_JWT_SECRET: JWT_SECRET, CORS_ORIGINS: ORIGIN });
  }, 30_000);
  afterAll(async () => {
    await server.stop();
  });

  it('issues RTC and RTM tokens for the uid in the JWT and never exposes the certificate', async () => {
    const auth = await jwt({ uid: 4_000_000_000, channels: ['live'], host: true });
    const res = await requestToken(
      server,
      { channelName: 'live', role: 'host', expiresIn: 600 },
      auth,
    );
    const text = await res.text();
    expect(res.status).toBe(200);
    // the allow-listed origin, never '*'
    expect(res.headers.get('access-control-allow-origin')).toBe(ORIGIN);
    const body = JSON.parse(text);
    expect(body).toMatchObject({
      appId: APP_ID,
      channelName: 'live',
      uid: 4_000_000_000,
      role: 'host',
      rtmUserId: '4000000000',
    });
    // AccessToken2 tokens start with "007"
    expect(body.rtcToken).toMatch(/^007/);
    expect(body.rtmToken).toMatch(/^007/);
    expect(body.rtcToken).not.toBe(body.rtmToken);
    expect(body.expiresAt).toBeGreaterThan(Date.now() + 590_000);
    expect(body.expiresAt).toBeLessThan(Date.now() + 610_000);
    for (const form of [
      CERTIFICATE,
      CERTIFICATE.toUpperCase(),
      Buffer.from(CERTIFICATE).toString('base64'),
    ]) {
      expect(text).not.toContain(form);
    }
    expect(server.output()).not.toContain(CERTIFICATE);
    // the caller's JWT is a credential too: never logged
    expect(server.output()).not.toContain(auth);
  });

  it('rejects bad requests with 400 and a reason', async () => {
    const auth = await jwt({ uid: 7, channels: ['*'], host: true });
    for (const body of [
      '{',
      '{"channelName":""}',
      '{"channelName":"ok","uid":-1}',
      '{"channelName":"ok","role":"admin"}',
      '{"channelName":"ok","expiresIn":10}',
    ]) {
      const res = await requestToken(server, body, auth);
      expect(res.status).toBe(400);
      const json = await res.json();
      expect(json.error.code).toBe('BAD_REQUEST');
      expect(JSON.stringify(json)).not.toContain(CERTIFICATE);
    }
    expect((await fetch(`${server.url}/token`)).status).toBe(405);
  });

  it('answers 401 without a JWT, with a wrong signature, and with an expired one', async () => {
    const noJwt = await requestToken(server, { channelName: 'live' });
    expect(noJwt.status).toBe(401);
    expect(await errorCode(noJwt)).toBe('TOKEN_AUTH_REQUIRED');
    const forged = await jwt(
      { uid: 7, channels: ['live'], host: true },
      { secret: 'an-attacker-guessed-this-other-32-byte-key' },
    );
    const wrong = await requestToken(server, { channelName: 'live' }, forged);
    expect(wrong.status).toBe(401);
    expect(await errorCode(wrong)).toBe('TOKEN_AUTH_INVALID');
    const expired = await jwt(
      { uid: 7, channels: ['live'] },
      { expiresIn: Math.floor(Date.now() / 1000) - 60 },
    );
    const late = await requestToken(server, { channelName: 'live' }, expired);
    expect(late.status).toBe(401);
    expect(await errorCode(late)).toBe('TOKEN_AUTH_INVALID');
    // an unsigned token ("alg": "none") is never accepted
    const [, payload] = (await jwt({ uid: 7, channels: ['live'], host: true })).split('.');
    const none = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${payload}.`;
    expect((await requestToken(server, { channelName: 'live' }, none)).status).toBe(401);
    // and the scheme is case-insensitive (RFC 9110 §11.1)
    const ok = await fetch(`${server.url}/token`, {
      method: 'POST',
      headers: { authorization: `bearer ${await jwt({ uid: 7, channels: ['live'] })}` },
      body: '{"channelName":"live"}',
    });
    expect(ok.status).toBe(200);
  });

  it('answers 403 for a channel, a role or a uid the JWT does not grant, and never uid 0', async () => {
    const viewer = await jwt({ uid: 7, channels: ['live', 'room-*'] });
    const elsewhere = await requestToken(server, { channelName: 'backstage' }, viewer);
    expect(elsewhere.status).toBe(403);
    expect(await errorCode(elsewhere)).toBe('CHANNEL_NOT_ALLOWED');
    expect((await requestToken(server, { channelName: 'room-12' }, viewer)).status).toBe(200);
    const host = await requestToken(server, { channelName: 'live', role: 'host' }, viewer);
    expect(host.status).toBe(403);
    expect(await errorCode(host)).toBe('HOST_NOT_ALLOWED');
    const other = await requestToken(server, { channelName: 'live', uid: 8 }, viewer);
    expect(other.status).toBe(403);
    expect(await errorCode(other)).toBe('UID_NOT_ALLOWED');
    const otherRtm = await requestToken(
      server,
      { channelName: 'live', rtmUserId: 'admin' },
      viewer,
    );
    expect(await errorCode(otherRtm)).toBe('UID_NOT_ALLOWED');
    // uid 0 is Agora's "any uid" wildcard: never issued, even when the backend says so
    const wildcard = await jwt({ uid: 0, channels: ['*'], host: true });
    const zero = await requestToken(server, { channelName: 'live' }, wildcard);
    expect(zero.status).toBe(403);
    expect(await errorCode(zero)).toBe('UID_NOT_ALLOWED');
    const zeroBySub = await jwt({ sub: '0', channels: ['*'] });
    expect((await requestToken(server, { channelName: 'live' }, zeroBySub)).status).toBe(403);
  });

  it('caps the expiry at TOKEN_MAX_EXPIRES_IN (default one hour)', async () => {
    const auth = await jwt({ sub: '9', channels: ['live'] });
    const res = await requestToken(server, { channelName: 'live', expiresIn: 86_400 }, auth);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { uid: number; expiresAt: number };
    expect(body.uid).toBe(9);
    expect(body.expiresAt).toBeLessThanOrEqual(Date.now() + 3600_000);
    expect(body.expiresAt).toBeGreaterThan(Date.now() + 3500_000);
  });
});

describe('POST /token with a JWKS (black box)', () => {
  let jwks: Server;
  let server: RunningServer;
  let sign: (claims: JWTPayload) => Promise<string>;
  let signWithOtherKey: (claims: JWTPayload) => Promise<string>;
  beforeAll(async () => {
    const { publicKey, privateKey } = await generateKeyPair('ES256');
    const other = await generateKeyPair('ES256');
    const jwk = { ...(await exportJWK(publicKey)), kid: 'k1', alg: 'ES256', use: 'sig' };
    const signer = (key: CryptoKey) => (claims: JWTPayload) =>
      new SignJWT(claims)
        .setProtectedHeader({ alg: 'ES256', kid: 'k1' })
        .setIssuer('https://auth.example.test')
        .setAudience('audience-presence')
        .setExpirationTime('5m')
        .sign(key);
    sign = signer(privateKey);
    signWithOtherKey = signer(other.privateKey);
    // the app's identity provider, on loopback
    jwks = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ keys: [jwk] }));
    });
    await new Promise<void>((resolve) => jwks.listen(0, '127.0.0.1', resolve));
    server = await startServer({
      ...AGORA,
      TOKEN_JWKS_URL: `http://127.0.0.1:${(jwks.address() as AddressInfo).port}/.well-known/jwks.json`,
      TOKEN_JWT_ISSUER: 'https://auth.example.test',
      TOKEN_JWT_AUDIENCE: 'audience-presence',
      RATE_LIMIT_TOKEN_PER_MINUTE: '2',
    });
  }, 30_000);
  afterAll(async () => {
    await server?.stop();
    jwks?.close();
  });

  it('accepts a JWT signed by a key of the JWKS and refuses one signed by another key', async () => {
    const good = await requestToken(
      server,
      { channelName: 'live', role: 'host' },
      await sign({ uid: 5, channels: ['live'], host: true }),
    );
    expect(good.status).toBe(200);
    expect(await good.json()).toMatchObject({ uid: 5, role: 'host' });
    const bad = await requestToken(
      server,
      { channelName: 'live' },
      await signWithOtherKey({ uid: 5, channels: ['live'] }),
    );
    expect(bad.status).toBe(401);
    expect(await errorCode(bad)).toBe('TOKEN_AUTH_INVALID');
    // RATE_LIMIT_TOKEN_PER_MINUTE=2: the third call in the minute is refused, however good
    const third = await requestToken(
      server,
      { channelName: 'live' },
      await sign({ uid: 5, channels: ['live'] }),
    );
    expect(third.status).toBe(429);
    expect(await errorCode(third)).toBe('RATE_LIMITED');
  });
});

describe('POST /token without caller authentication (black box)', () => {
  it('is disabled, with a clear code, when no auth is configured', async () => {
    const server = await startServer(AGORA);
    try {
      const res = await requestToken(server, { channelName: 'live', uid: 5 });
      expect(res.status).toBe(403);
      expect(await errorCode(res)).toBe('TOKEN_AUTH_NOT_CONFIGURED');
    } finally {
      await server.stop();
    }
  }, 30_000);

  it('TOKEN_AUTH=insecure-dev serves anyone, warns at start, and still never issues uid 0', async () => {
    const server = await startServer({ ...AGORA, TOKEN_AUTH: 'insecure-dev' });
    try {
      expect(server.output()).toMatch(/insecure-dev.*ANYONE/);
      const res = await requestToken(server, { channelName: 'live', uid: 5, role: 'host' });
      expect(res.status).toBe(200);
      // no CORS_ORIGINS: no CORS header at all (and never '*')
      expect(res.headers.get('access-control-allow-origin')).toBeNull();
      expect((await requestToken(server, { channelName: 'live' })).status).toBe(403);
      expect((await requestToken(server, { channelName: 'live', uid: 0 })).status).toBe(400);
    } finally {
      await server.stop();
    }
  }, 30_000);
});
