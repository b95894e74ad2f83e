/**
 * Conformance: docs/agora-behaviour.md §1 "Client" and link state. Each test is named
 * after the note it checks.
 */
import { describe, expect, it } from 'vitest';
import { SimulatedRtmError } from '../src';
import { APP_ID, joined, record, setup } from './helpers/cloud';

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
    expect(appErr).toMatchObject({ code: -10003, errorCode: -10003 });
    expect(() => new cloud.RTM(APP_ID, '')).toThrow(expect.objectContaining({ code: -10006 }));
  });

  it('§1b "Constructor checks: App ID must match /^[0-9A-Za-z]{32}$/ (else -10003)" and "Error class names: invalid App ID -> RtmUnavailableError"', () => {
    const { cloud } = setup();
    for (const bad of ['app', 'a'.repeat(31), 'a'.repeat(33), `${'a'.repeat(31)}-`, '']) {
      expect(() => cloud.createRtmClient(bad, 'u')).toThrow(
        expect.objectContaining({
          code: -10003,
          name: 'RtmUnavailableError',
          operation: 'initRTM',
        }),
      );
    }
    expect(() => cloud.createRtmClient('0123456789ABCDEFabcdef0123456789', 'u')).not.toThrow();
  });

  it('§1b "Constructor checks: userId up to 64 bytes, no `.`, no leading `_` (else -10006)"', () => {
    const { cloud } = setup();
    for (const ok of ['a'.repeat(64), 'user_1-2@x', 'a b', '12345']) {
      expect(() => cloud.createRtmClient(APP_ID, ok)).not.toThrow();
    }
    for (const bad of ['a'.repeat(65), 'a.b', '_a', 'a/b', 'quote"', 'é', 'a`b', '']) {
      expect(() => cloud.createRtmClient(APP_ID, bad)).toThrow(
        expect.objectContaining({ code: -10006, name: 'RtmInvalidArgumentError' }),
      );
    }
  });

  it('§1b "One client per (appId, userId), forever": a second new RTM(sameAppId, sameUserId) throws -10027 RTM_ERROR_DUPLICATE_USER_ID (RtmUnavailableError), even after logout()', async () => {
    const { cloud } = setup();
    const first = new cloud.RTM(APP_ID, 'ann');
    await first.login();
    await first.subscribe('live');
    await first.logout();
    let thrown: unknown;
    try {
      new cloud.RTM(APP_ID, 'ann'); // the constructor itself throws, synchronously
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(SimulatedRtmError);
    expect(thrown).toMatchObject({
      code: -10027,
      name: 'RtmUnavailableError',
      operation: 'initRTM',
    });
    expect(() => cloud.createRtmClient(APP_ID, 'ann')).toThrow(
      expect.objectContaining({ code: -10027 }),
    );
    // Per (appId, userId): another user, or the same user under another App ID, is fine.
    expect(() => cloud.createRtmClient(APP_ID, 'bob')).not.toThrow();
    expect(() => cloud.createRtmClient('fedcba9876543210fedcba9876543210', 'ann')).not.toThrow();
    // A failed construction is not remembered.
    expect(() => cloud.createRtmClient(APP_ID, '_x')).toThrow();
    expect(() => cloud.createRtmClient(APP_ID, 'x')).not.toThrow();
    // The registry is per page: another page (a reload, another tab or device) may construct it.
    expect(() => cloud.device('tab-2').createRtmClient(APP_ID, 'ann')).not.toThrow();
    expect(cloud.device('tab-2')).toBe(cloud.device('tab-2'));
    expect(() => cloud.device('tab-2').createRtmClient(APP_ID, 'ann')).toThrow(
      expect.objectContaining({ code: -10027 }),
    );
    // The reused client still works after logout.
    await first.login();
    expect(first.linkState).toBe('CONNECTED');
  });

  it('"Construction does no network I/O": a new client stays IDLE and emits nothing', () => {
    const { cloud } = setup();
    const c = cloud.createRtmClient(APP_ID, 'u');
    const log = record(c);
    expect(c.linkState).toBe('IDLE');
    expect(log.link).toEqual([]);
  });

  it('"presenceTimeout (seconds, default 300, clamped 5..300)"', () => {
    const { cloud } = setup();
    expect(cloud.createRtmClient(APP_ID, 'u1').presenceTimeout).toBe(300);
    expect(cloud.createRtmClient(APP_ID, 'u2', { presenceTimeout: 1 }).presenceTimeout).toBe(5);
    expect(cloud.createRtmClient(APP_ID, 'u3', { presenceTimeout: 999 }).presenceTimeout).toBe(300);
  });

  it('"Errors are RTMBaseError (also instanceof Error) with code (= errorCode), reason, operation, serverCode, name"', async () => {
    const { cloud } = setup();
    const c = cloud.createRtmClient(APP_ID, 'u');
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
    const c = cloud.createRtmClient(APP_ID, 'u');
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
    const c = cloud.createRtmClient(APP_ID, 'u');
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

  it('§1b "Offline login backoff": CONNECTING -> DISCONNECTED (SERVER_TIMEOUT, LOGIN_TIMEOUT) -> CONNECTING (operation AUTO_RECONNECT) with growing gaps ~2, 4, 8 s, never settling', async () => {
    const { cloud, clock } = setup();
    const c = cloud.createRtmClient(APP_ID, 'u');
    const log = record(c);
    cloud.network.drop(c);
    const start = clock.now();
    let settled = false;
    void c.login().then(
      () => (settled = true),
      () => (settled = true),
    );
    await clock.advance(200_000);
    expect(settled).toBe(false);
    const seen = log.link.map((e) => [
      (e.timestamp - start) / 1000,
      e.currentState,
      e.operation,
      e.reasonCode,
    ]);
    // Attempts time out after 5 s; gaps 2, 4, 8, 16, 32, 32 s (seen in jsdom for 95 s).
    expect(seen.slice(0, 12)).toEqual([
      [0, 'CONNECTING', 'LOGIN', 'LOGIN'],
      [5, 'DISCONNECTED', 'SERVER_TIMEOUT', 'LOGIN_TIMEOUT'],
      [7, 'CONNECTING', 'AUTO_RECONNECT', 'AUTO_RECONNECT'],
      [12, 'DISCONNECTED', 'SERVER_TIMEOUT', 'LOGIN_TIMEOUT'],
      [16, 'CONNECTING', 'AUTO_RECONNECT', 'AUTO_RECONNECT'],
      [21, 'DISCONNECTED', 'SERVER_TIMEOUT', 'LOGIN_TIMEOUT'],
      [29, 'CONNECTING', 'AUTO_RECONNECT', 'AUTO_RECONNECT'],
      [34, 'DISCONNECTED', 'SERVER_TIMEOUT', 'LOGIN_TIMEOUT'],
      [50, 'CONNECTING', 'AUTO_RECONNECT', 'AUTO_RECONNECT'],
      [55, 'DISCONNECTED', 'SERVER_TIMEOUT', 'LOGIN_TIMEOUT'],
      [87, 'CONNECTING', 'AUTO_RECONNECT', 'AUTO_RECONNECT'],
      [92, 'DISCONNECTED', 'SERVER_TIMEOUT', 'LOGIN_TIMEOUT'],
    ]);
    // 115 s after the first timeout the SDK is suspended: timeouts then report SUSPENDED.
    expect(seen.slice(12, 15)).toEqual([
      [124, 'CONNECTING', 'AUTO_RECONNECT', 'AUTO_RECONNECT'],
      [129, 'SUSPENDED', 'AUTO_RECONNECT', 'RECONNECT_TIMEOUT'],
      [161, 'CONNECTING', 'AUTO_RECONNECT', 'AUTO_RECONNECT'],
    ]);
    expect(log.link.every((e) => e.affectedChannels.length === 0)).toBe(true);
    cloud.network.restore(c);
    await clock.flush();
    expect(settled).toBe(true);
    expect(log.states().at(-1)).toBe('CONNECTED/LOGIN_SUCCESS');
  });

  it('fault "login that never settles" (rtm-login-hang) loops like offline until logout', async () => {
    const { cloud, clock } = setup();
    cloud.faults.add({ kind: 'rtm-login-hang', userId: 'u', times: 1 });
    const c = cloud.createRtmClient(APP_ID, 'u');
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
    const c = cloud.createRtmClient(APP_ID, 'u');
    const log = record(c);
    const err = await c
      .login({ token: cloud.createToken({ invalid: true }) })
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ code: -10005, operation: 'login' });
    expect(log.states()).toEqual(['CONNECTING/LOGIN', 'FAILED/INVALID_TOKEN']);
  });

  it('strictTokens: a token the cloud did not issue is invalid', async () => {
    const { cloud } = setup({ strictTokens: true });
    const c = cloud.createRtmClient(APP_ID, 'u');
    await expect(c.login({ token: 'made-up' })).rejects.toMatchObject({ code: -10005 });
    await expect(c.login({ token: cloud.createToken() })).resolves.toEqual({
      timestamp: expect.any(Number),
    });
  });

  it('"logging in the same userId elsewhere kicks the older session (link state reason SAME_UID_LOGIN)"', async () => {
    const { cloud } = setup();
    const older = await joined(cloud, 'u');
    const watcher = await joined(cloud, 'w');
    const newer = cloud.device('phone').createRtmClient(APP_ID, 'u');
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
    const newer = cloud.device('phone').createRtmClient(APP_ID, 'u');
    await newer.login();
    await clock.advance(200_000);
    expect(older.log.states().slice(-2)).toEqual([
      'DISCONNECTED/KEEP_ALIVE_TIMEOUT',
      'FAILED/SAME_UID_LOGIN',
    ]);
  });

  it('"Exceptions thrown in a listener are swallowed and logged by the SDK"', async () => {
    const { cloud, errors } = setup();
    const c = cloud.createRtmClient(APP_ID, 'u');
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
    const c = cloud.createRtmClient(APP_ID, 'u');
    const seen: string[] = [];
    const fn = (e: { currentState: string }) => seen.push(e.currentState);
    c.addEventListener('linkState', fn);
    c.removeEventListener('linkState', fn);
    await c.login();
    expect(seen).toEqual([]);
  });

  it('"Token: tokenPrivilegeWillExpire and token { eventType: WILL_EXPIRE } fire together about 30 s before expiry; answer with renewToken"', async () => {
    const { cloud, clock } = setup();
    const c = cloud.createRtmClient(APP_ID, 'u');
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
    const c = cloud.createRtmClient(APP_ID, 'u', { presenceTimeout: 10 });
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
    const c = cloud.createRtmClient(APP_ID, 'u');
    await c.login();
    await expect(c.renewToken(cloud.createToken({ invalid: true }))).rejects.toMatchObject({
      code: -10005,
    });
    expect(c.linkState).toBe('CONNECTED');
  });
});
