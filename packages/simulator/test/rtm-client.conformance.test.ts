/**
 * Conformance: agora-notes.md §1 "Client" and link state. Each test is named
 * after the note it checks.
 */
import { describe, expect, it } from 'vitest';
import { SimulatedRtmError } from '../src';
import { joined, record, setup } from './helpers';

describe('agora-notes §1 Client', () => {
  it('"An empty appId or userId throws synchronously (codes -10003 / -10006)"', () => {
    const { cloud } = setup();
    const appErr = (() => {
      try {
        cloud.createRtmClient('', 'u');
      } catch (e) {
        return e;
      }
    })();
    expect(appErr).toBeInstanceOf(Error);
    expect(appErr).toMatchObject({
      code: -10003,
      errorCode: -10003,
      name: 'RtmInvalidArgumentError',
    });
    expect(() => new cloud.RTM('app', '')).toThrow(expect.objectContaining({ code: -10006 }));
  });

  it('"userId: a string under 64 bytes, letters, digits and a small punctuation set"', () => {
    const { cloud } = setup();
    expect(() => cloud.createRtmClient('app', 'a'.repeat(63))).not.toThrow();
    expect(() => cloud.createRtmClient('app', 'user_1-2.3@x')).not.toThrow();
    for (const bad of ['a'.repeat(64), 'a/b', 'quote"', 'é']) {
      expect(() => cloud.createRtmClient('app', bad)).toThrow(
        expect.objectContaining({ code: -10006 }),
      );
    }
  });

  it('"Construction does no network I/O": a new client stays IDLE and emits nothing', () => {
    const { cloud } = setup();
    const c = cloud.createRtmClient('app', 'u');
    const log = record(c);
    expect(c.linkState).toBe('IDLE');
    expect(log.link).toEqual([]);
  });

  it('"presenceTimeout (seconds, default 300, clamped 5..300)"', () => {
    const { cloud } = setup();
    expect(cloud.createRtmClient('a', 'u1').presenceTimeout).toBe(300);
    expect(cloud.createRtmClient('a', 'u2', { presenceTimeout: 1 }).presenceTimeout).toBe(5);
    expect(cloud.createRtmClient('a', 'u3', { presenceTimeout: 999 }).presenceTimeout).toBe(300);
  });

  it('"Errors are RTMBaseError (also instanceof Error) with code (= errorCode), reason, operation, serverCode, name"', async () => {
    const { cloud } = setup();
    const c = cloud.createRtmClient('app', 'u');
    const err = await c.subscribe('live').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Error);
    expect(err).toBeInstanceOf(SimulatedRtmError);
    expect(err).toMatchObject({
      code: -10025,
      errorCode: -10025,
      operation: 'subscribe',
      serverCode: 0,
      name: 'RtmInvalidStatusError',
      error: true,
    });
    expect((err as SimulatedRtmError).reason).toEqual(expect.any(String));
  });

  it('"Calling subscribe / presence APIs before login rejects with -10025 (not connected)"', async () => {
    const { cloud } = setup();
    const c = cloud.createRtmClient('app', 'u');
    const codes = await Promise.all(
      [
        c.subscribe('live'),
        c.presence.whoNow('live', 'MESSAGE'),
        c.presence.setState('live', 'MESSAGE', { a: '1' }),
        c.presence.getState('u', 'live', 'MESSAGE'),
        c.presence.removeState('live', 'MESSAGE'),
        c.presence.whereNow('u'),
      ].map((p) =>
        p.then(
          () => 0,
          (e: { code: number }) => e.code,
        ),
      ),
    );
    expect(codes).toEqual([-10025, -10025, -10025, -10025, -10025, -10025]);
  });

  it('login goes IDLE -> CONNECTING -> CONNECTED and logout back to IDLE', async () => {
    const { cloud } = setup();
    const c = cloud.createRtmClient('app', 'u');
    const log = record(c);
    await c.login();
    await c.logout();
    expect(log.states()).toEqual(['CONNECTING/LOGIN', 'CONNECTED/LOGIN_SUCCESS', 'IDLE/LOGOUT']);
    expect(log.link[1]).toMatchObject({
      previousState: 'CONNECTING',
      serviceType: 'MESSAGE',
      isResumed: false,
      unrestoredChannels: [],
    });
  });

  it('"Offline, login() NEVER settles: link state loops CONNECTING -> DISCONNECTED (LOGIN_TIMEOUT, ~5 s) -> CONNECTING ... for at least 90 s"', async () => {
    const { cloud, clock } = setup();
    const c = cloud.createRtmClient('app', 'u');
    const log = record(c);
    cloud.network.drop(c);
    let settled = false;
    void c.login().then(
      () => (settled = true),
      () => (settled = true),
    );
    await clock.advance(90_000);
    expect(settled).toBe(false);
    expect(log.states().slice(0, 5)).toEqual([
      'CONNECTING/LOGIN',
      'DISCONNECTED/LOGIN_TIMEOUT',
      'CONNECTING/RELOGIN',
      'DISCONNECTED/LOGIN_TIMEOUT',
      'CONNECTING/RELOGIN',
    ]);
    expect(log.states().filter((s) => s === 'DISCONNECTED/LOGIN_TIMEOUT')).toHaveLength(18);
    cloud.network.restore(c);
    await clock.flush();
    expect(settled).toBe(true);
    expect(c.linkState).toBe('CONNECTED');
  });

  it('fault "login that never settles" (rtm-login-hang) loops like offline until logout', async () => {
    const { cloud, clock } = setup();
    cloud.faults.add({ kind: 'rtm-login-hang', userId: 'u', times: 1 });
    const c = cloud.createRtmClient('app', 'u');
    const log = record(c);
    const outcome = c.login().then(
      () => 'resolved',
      (e: { code: number }) => e.code,
    );
    await clock.advance(12_000);
    expect(log.states()).toContain('DISCONNECTED/LOGIN_TIMEOUT');
    await c.logout();
    expect(await outcome).toBe(-10023);
    expect(c.linkState).toBe('IDLE');
    // times: 1 -> the next login works
    await c.login();
    expect(c.linkState).toBe('CONNECTED');
  });

  it('"A bogus token fails fast: CONNECTING -> FAILED (INVALID_TOKEN) and login() rejects with -10005"', async () => {
    const { cloud } = setup();
    const c = cloud.createRtmClient('app', 'u');
    const log = record(c);
    const err = await c
      .login({ token: cloud.createToken({ invalid: true }) })
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ code: -10005, operation: 'login' });
    expect(log.states()).toEqual(['CONNECTING/LOGIN', 'FAILED/INVALID_TOKEN']);
  });

  it('strictTokens: a token the cloud did not issue is invalid', async () => {
    const { cloud } = setup({ strictTokens: true });
    const c = cloud.createRtmClient('app', 'u');
    await expect(c.login({ token: 'made-up' })).rejects.toMatchObject({ code: -10005 });
    await expect(c.login({ token: cloud.createToken() })).resolves.toEqual({
      timestamp: expect.any(Number),
    });
  });

  it('"logging in the same userId elsewhere kicks the older session (link state reason SAME_UID_LOGIN)"', async () => {
    const { cloud } = setup();
    const older = await joined(cloud, 'u');
    const watcher = await joined(cloud, 'w');
    const newer = cloud.createRtmClient('app', 'u');
    await newer.login();
    expect(older.log.link.at(-1)).toMatchObject({
      currentState: 'FAILED',
      reasonCode: 'SAME_UID_LOGIN',
      previousState: 'CONNECTED',
    });
    await expect(older.client.presence.whoNow('live', 'MESSAGE')).rejects.toMatchObject({
      code: -10025,
    });
    // The new session rewrites the same record: no leave/join flap for others.
    await newer.subscribe('live');
    expect(watcher.log.types()).toEqual(['SNAPSHOT']);
  });

  it('a client kicked while disconnected stays FAILED (no late SUSPENDED)', async () => {
    const { cloud, clock } = setup();
    const older = await joined(cloud, 'u');
    cloud.network.drop(older.client);
    const newer = cloud.createRtmClient('app', 'u');
    await newer.login();
    await clock.advance(200_000);
    expect(older.log.states().slice(-2)).toEqual([
      'DISCONNECTED/KEEP_ALIVE_TIMEOUT',
      'FAILED/SAME_UID_LOGIN',
    ]);
  });

  it('"Exceptions thrown in a listener are swallowed and logged by the SDK"', async () => {
    const { cloud, errors } = setup();
    const c = cloud.createRtmClient('app', 'u');
    const seen: string[] = [];
    c.addEventListener('linkState', () => {
      throw new Error('boom');
    });
    c.addEventListener('linkState', (e) => seen.push(e.currentState));
    await c.login();
    expect(seen).toEqual(['CONNECTING', 'CONNECTED']);
    expect(errors).toHaveLength(2);
  });

  it('removeEventListener stops delivery', async () => {
    const { cloud } = setup();
    const c = cloud.createRtmClient('app', 'u');
    const seen: string[] = [];
    const fn = (e: { currentState: string }) => seen.push(e.currentState);
    c.addEventListener('linkState', fn);
    c.removeEventListener('linkState', fn);
    await c.login();
    expect(seen).toEqual([]);
  });

  it('"Token: tokenPrivilegeWillExpire and token { eventType: WILL_EXPIRE } fire together about 30 s before expiry; answer with renewToken"', async () => {
    const { cloud, clock } = setup();
    const c = cloud.createRtmClient('app', 'u');
    const log = record(c);
    await c.login({ token: cloud.createToken({ expiresInSeconds: 100 }) });
    await clock.advance(69_999);
    expect(log.token).toEqual([]);
    await clock.advance(1);
    expect(log.willExpire).toEqual(['']);
    expect(log.token).toEqual([
      {
        eventType: 'WILL_EXPIRE',
        reason: 'The token is about to expire',
        affectedResources: { messageChannels: [] },
        timestamp: clock.now(),
      },
    ]);
    await c.renewToken(cloud.createToken({ expiresInSeconds: 600 }));
    await clock.advance(60_000);
    expect(c.linkState).toBe('CONNECTED');
  });

  it('token expiry without renewal: FAILED (TOKEN_EXPIRED); others see the record time out', async () => {
    const { cloud, clock } = setup();
    const watcher = await joined(cloud, 'w');
    const c = cloud.createRtmClient('app', 'u', { presenceTimeout: 10 });
    const log = record(c);
    await c.login({ token: cloud.createToken({ expiresInSeconds: 40 }) });
    await c.subscribe('live');
    await clock.advance(40_000);
    expect(log.states().at(-1)).toBe('FAILED/TOKEN_EXPIRED');
    await clock.advance(10_000);
    expect(watcher.log.types()).toEqual(['SNAPSHOT', 'REMOTE_JOIN:u', 'REMOTE_TIMEOUT:u']);
  });

  it('renewToken with an invalid token rejects -10005 and keeps the link', async () => {
    const { cloud } = setup();
    const c = cloud.createRtmClient('app', 'u');
    await c.login();
    await expect(c.renewToken(cloud.createToken({ invalid: true }))).rejects.toMatchObject({
      code: -10005,
    });
    expect(c.linkState).toBe('CONNECTED');
  });
});
