/**
 * Conformance: docs/agora-behaviour.md §1b "20 calls per second per operation", as
 * agora-rtm-sdk 2.3.0's code does it (its `canMakeOperation`, probed in jsdom):
 * a sliding 1,000 ms window per client and operation, checked before anything
 * else, the refused call failing -10021 RtmUnavailableError.
 */
import { describe, expect, it } from 'vitest';
import { APP_ID, joined, record, setup } from './helpers/cloud';

/** Settles one call as 'ok' or '<code> <name>', whether it throws synchronously or rejects. */
const outcome = (call: () => Promise<unknown>): Promise<string> => {
  let p: Promise<unknown>;
  try {
    p = call();
  } catch (error) {
    p = Promise.reject(error);
  }
  return p.then(
    () => 'ok',
    (e: { code: number; name: string }) => `${e.code} ${e.name}`,
  );
};

describe('agora-notes §1b "20 calls per second per operation"', () => {
  it('"the 21st call inside one second" fails -10021 (RtmUnavailableError); calls that failed for another reason count too', async () => {
    const { cloud } = setup();
    const c = cloud.createRtmClient(APP_ID, 'u');
    // Before login each call fails -10025, but the SDK counts it first.
    const first20 = await Promise.all(
      Array.from({ length: 20 }, () => outcome(() => c.presence.whoNow('live', 'MESSAGE'))),
    );
    expect(new Set(first20)).toEqual(new Set(['-10025 RtmInvalidStatusError']));
    // The notes: "the 21st call inside one second throws -10021 synchronously".
    expect(() => c.presence.whoNow('live', 'MESSAGE')).toThrow(
      expect.objectContaining({
        code: -10021,
        errorCode: -10021,
        name: 'RtmUnavailableError',
        operation: 'whoNow',
      }),
    );
  });

  it('the window slides on the cloud clock: calls older than 1,000 ms no longer count; refused calls are not counted', async () => {
    const { cloud, clock } = setup();
    const { client } = await joined(cloud, 'u');
    const who = () => outcome(() => client.presence.whoNow('live', 'MESSAGE'));
    for (let i = 0; i < 10; i++) expect(await who()).toBe('ok'); // t = 0
    await clock.advance(500);
    for (let i = 0; i < 10; i++) expect(await who()).toBe('ok'); // t = 500
    expect(await who()).toBe('-10021 RtmUnavailableError');
    await clock.advance(499); // t = 999: all 20 still inside the window
    expect(await who()).toBe('-10021 RtmUnavailableError');
    await clock.advance(1); // t = 1000: the ten from t = 0 left the window
    for (let i = 0; i < 10; i++) expect(await who()).toBe('ok');
    expect(await who()).toBe('-10021 RtmUnavailableError');
  });

  it('per client and per operation: setState and removeState share one bucket; getOnlineUsers counts as whoNow; unsubscribe is not limited', async () => {
    const { cloud } = setup();
    const a = await joined(cloud, 'a');
    const b = await joined(cloud, 'b');
    for (let i = 0; i < 10; i++) await a.client.presence.setState('live', 'MESSAGE', { i: `${i}` });
    for (let i = 0; i < 10; i++) await a.client.presence.removeState('live', 'MESSAGE');
    expect(await outcome(() => a.client.presence.setState('live', 'MESSAGE', { x: '1' }))).toBe(
      '-10021 RtmUnavailableError',
    );
    expect(await outcome(() => a.client.presence.removeState('live', 'MESSAGE'))).toBe(
      '-10021 RtmUnavailableError',
    );
    // Other operations and other clients have their own buckets.
    expect(await outcome(() => a.client.presence.getState('b', 'live', 'MESSAGE'))).toBe('ok');
    expect(await outcome(() => b.client.presence.setState('live', 'MESSAGE', { x: '1' }))).toBe(
      'ok',
    );
    for (let i = 0; i < 10; i++) await a.client.presence.whoNow('live', 'MESSAGE');
    for (let i = 0; i < 10; i++) await a.client.presence.getOnlineUsers('live', 'MESSAGE');
    expect(await outcome(() => a.client.presence.whoNow('live', 'MESSAGE'))).toBe(
      '-10021 RtmUnavailableError',
    );
    for (let i = 0; i < 25; i++)
      expect(await outcome(() => a.client.unsubscribe(`ch${i}`))).not.toMatch(/^-10021/);
  });

  it('subscribe, getState, whereNow and renewToken are limited too', async () => {
    const { cloud } = setup();
    const { client } = await joined(cloud, 'u');
    const burst = async (call: () => Promise<unknown>) => {
      const all = await Promise.all(Array.from({ length: 21 }, () => outcome(() => call())));
      return all.at(-1);
    };
    let n = 0;
    expect(await burst(() => client.subscribe(`s${n++}`))).toBe('-10021 RtmUnavailableError');
    expect(await burst(() => client.presence.getState('u', 'live', 'MESSAGE'))).toBe(
      '-10021 RtmUnavailableError',
    );
    expect(await burst(() => client.presence.whereNow('u'))).toBe('-10021 RtmUnavailableError');
    expect(await burst(() => client.renewToken(cloud.createToken()))).toBe(
      '-10021 RtmUnavailableError',
    );
  });

  it('login: the 21st login in one second fails -10021 and the link goes FAILED (OPERATION_RATE_EXCEED_LIMITATION)', async () => {
    const { cloud } = setup();
    const c = cloud.createRtmClient(APP_ID, 'u');
    for (let i = 0; i < 20; i++) {
      await c.login();
      await c.logout();
    }
    const log = record(c);
    expect(() => c.login()).toThrow(expect.objectContaining({ code: -10021, operation: 'login' }));
    expect(log.states()).toEqual(['CONNECTING/LOGIN', 'FAILED/OPERATION_RATE_EXCEED_LIMITATION']);
  });

  it('rateLimit.delivery "reject" rejects instead (what the SDK code reading suggests; for code that must survive both answers); rateLimit false turns it off', async () => {
    const lenient = setup({ rateLimit: { delivery: 'reject', perSecond: { whoNow: 2 } } });
    const { client } = await joined(lenient.cloud, 'u');
    await client.presence.whoNow('live', 'MESSAGE');
    await client.presence.whoNow('live', 'MESSAGE');
    const third = client.presence.whoNow('live', 'MESSAGE');
    expect(third).toBeInstanceOf(Promise);
    await expect(third).rejects.toMatchObject({ code: -10021, name: 'RtmUnavailableError' });
    const off = setup({ rateLimit: false });
    const free = await joined(off.cloud, 'u');
    const all = await Promise.all(
      Array.from({ length: 100 }, () =>
        outcome(() => free.client.presence.whoNow('live', 'MESSAGE')),
      ),
    );
    expect(new Set(all)).toEqual(new Set(['ok']));
  });
});
