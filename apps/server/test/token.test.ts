import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from './harness';

const APP_ID = '0123456789abcdef0123456789abcdef';
const CERTIFICATE = 'fedcba9876543210fedcba9876543210';

describe('POST /token (black box)', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer({
      NCS_SECRET: 's',
      AGORA_APP_ID: APP_ID,
      AGORA_APP_CERTIFICATE: CERTIFICATE,
    });
  }, 30_000);
  afterAll(async () => {
    await server.stop();
  });

  it('issues RTC and RTM tokens and never exposes the certificate', async () => {
    const res = await fetch(`${server.url}/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: 'http://localhost:5173' },
      body: JSON.stringify({
        channelName: 'live',
        uid: 4_000_000_000,
        role: 'host',
        expiresIn: 600,
      }),
    });
    const text = await res.text();
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
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
    for (const form of [
      CERTIFICATE,
      CERTIFICATE.toUpperCase(),
      Buffer.from(CERTIFICATE).toString('base64'),
    ]) {
      expect(text).not.toContain(form);
    }
    expect(server.output()).not.toContain(CERTIFICATE);
  });

  it('rejects bad requests with 400 and a reason', async () => {
    for (const body of [
      '{',
      '{"channelName":""}',
      '{"channelName":"ok","uid":-1}',
      '{"channelName":"ok","role":"admin"}',
      '{"channelName":"ok","expiresIn":10}',
    ]) {
      const res = await fetch(`${server.url}/token`, { method: 'POST', body });
      expect(res.status).toBe(400);
      const json = await res.json();
      expect(json.error.code).toBe('BAD_REQUEST');
      expect(JSON.stringify(json)).not.toContain(CERTIFICATE);
    }
    expect((await fetch(`${server.url}/token`)).status).toBe(405);
  });
});
