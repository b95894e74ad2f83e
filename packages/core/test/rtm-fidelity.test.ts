import { createVirtualClock } from '@audience-presence/simulator';
import { describe, expect, it } from 'vitest';
import { bindRtmSource, createPresenceStore, selectCounts } from '../src/index';
import { strictFake } from './helpers/strict-fake';

/** What agora-rtm-sdk 2.3.0 does and the core must survive (docs/agora-behaviour.md §1b). */
function setup(pageSize?: number) {
  const clock = createVirtualClock();
  const fake = strictFake(clock, pageSize === undefined ? {} : { pageSize });
  const store = createPresenceStore({ now: () => clock.now() });
  const errors: string[] = [];
  const source = bindRtmSource(store, fake.client, {
    channel: 'live',
    userId: 'me',
    timers: clock,
    onError: (e) => errors.push(e.code),
  });
  const leaves: string[] = [];
  store.on('leave', ({ member }) => leaves.push(member.userId));
  const ids = () => {
    store.flush();
    return [...store.getState().members.keys()];
  };
  return { clock, fake, store, source, errors, leaves, ids };
}

const crowd = (n: number, states: Record<string, string> = { role: 'audience' }) =>
  Array.from({ length: n }, (_, i) => ({ userId: `u${i}`, states }));

describe('-10021: 20 calls per second per operation (docs/agora-behaviour.md §1b)', () => {
  it('a 20,000-member server-paged resync completes exactly under the limit', async () => {
    const { clock, fake, store, source, ids } = setup(50);
    await source.join();
    const everyone = crowd(20_000);
    fake.setMembers(everyone);
    const started = clock.now();
    let done: unknown = null;
    void source.resync().then(
      () => (done = 'ok'),
      (e: unknown) => (done = e),
    );
    // bounded: a resync that fails or never ends must fail the test, not hang it
    while (done === null && clock.now() - started < 300_000) await clock.advance(1_000);
    expect(done).toBe('ok');
    const seconds = (clock.now() - started) / 1_000;
    expect(fake.rateLimited()).toBe(0); // never refused: paced, not retried
    expect(ids()).toHaveLength(20_000);
    expect(new Set(ids())).toEqual(new Set(everyone.map((m) => m.userId)));
    expect(store.getState().members.get('u19999')?.state).toEqual({ role: 'audience' });
    // 2 listings x 400 pages at <= 20 calls per 1.05 s: about 42 s of (simulated) time
    expect(fake.log).toHaveLength(800);
    expect(seconds).toBeGreaterThanOrEqual(800 / 20 - 1);
    console.info(
      `20,000-member paged resync at the rate limit: ${fake.log.length} whoNow calls in ${seconds.toFixed(1)} s simulated`,
    );
  }, 60_000);

  it('a -10021 mid-listing (budget used elsewhere) waits and continues with the SAME page', async () => {
    const { clock, fake, source, ids } = setup(50);
    await source.join();
    fake.setMembers(crowd(2_000));
    // the app spent this second's whoNow budget on its own calls
    for (let i = 0; i < 20; i++) void fake.client.presence.whoNow('live', 'MESSAGE', {});
    fake.log.length = 0;
    let done: unknown = null;
    void source.resync().then(
      () => (done = 'ok'),
      (e: unknown) => (done = e),
    );
    for (let i = 0; i < 600 && done === null; i++) await clock.advance(500);
    expect(done).toBe('ok');
    expect(fake.rateLimited()).toBeGreaterThan(0); // the SDK did refuse a call...
    expect(fake.log.filter((p) => p === 'ids:')).toEqual(['ids:']); // ...and the listing never restarted
    expect(fake.log.filter((p) => p === 'ids:1950')).toEqual(['ids:1950']);
    expect(ids()).toHaveLength(2_000);
  });

  it('a burst of state writes stays under the limit: all 45 written, in order', async () => {
    const { clock, fake, source } = setup();
    await source.join();
    fake.writes.length = 0;
    const writes = Array.from({ length: 45 }, (_, i) => source.setSelfState({ n: String(i) }));
    await clock.advance(5_000);
    await Promise.all(writes);
    expect(fake.rateLimited()).toBe(0);
    expect(fake.writes.map((w) => w.n)).toEqual(Array.from({ length: 45 }, (_, i) => String(i)));
  });
});

describe('presence rejections drive the out-of-service path (ERROR_OUT_OF_SERVICE is never emitted: §1b)', () => {
  it('whoNow rejected -13014: stale with PRESENCE_OUT_OF_SERVICE, list kept; fresh after it recovers', async () => {
    const { clock, fake, store, source, errors, ids } = setup();
    await source.join();
    fake.setMembers(crowd(5));
    await source.resync();
    fake.setUnavailable(true);
    await expect(source.resync()).rejects.toMatchObject({ code: 'RTM_RESYNC_FAILED' });
    store.flush();
    expect(store.getState().staleness.stale).toBe(true);
    expect(store.getState().error?.code).toBe('PRESENCE_OUT_OF_SERVICE');
    expect((store.getState().error?.cause as { code?: number }).code).toBe(-13014);
    expect(ids()).toHaveLength(5); // kept
    expect(errors).toEqual([]); // the caller got the failure; a retry is scheduled
    fake.setMembers(crowd(7));
    fake.setUnavailable(false);
    await clock.advance(5_000); // the retry finds presence back
    store.flush();
    expect(store.getState().staleness.stale).toBe(false);
    expect(store.getState().error).toBeNull();
    expect(ids()).toHaveLength(7);
  });

  it('setState rejected -13014: PRESENCE_OUT_OF_SERVICE, and the state is written once presence is back', async () => {
    const { clock, fake, store, source } = setup();
    await source.join();
    fake.setUnavailable(true);
    await expect(source.setSelfState({ name: 'Ana' })).rejects.toMatchObject({
      code: 'PRESENCE_OUT_OF_SERVICE',
    });
    store.flush();
    expect(store.getState().staleness.stale).toBe(true);
    fake.setUnavailable(false);
    await clock.advance(5_000);
    expect(fake.writes.at(-1)).toEqual({ name: 'Ana', role: 'audience' });
    expect(store.getState().staleness.stale).toBe(false);
  });

  it('count() rejected -13001 marks the list stale too', async () => {
    const { fake, store, source } = setup();
    await source.join();
    fake.snapshot([{ userId: 'me' }, { userId: 'a' }]);
    fake.setUnavailable(true);
    await expect(source.count()).rejects.toMatchObject({ code: 'RTM_RESYNC_FAILED' });
    store.flush();
    expect(store.getState().error?.code).toBe('PRESENCE_OUT_OF_SERVICE');
  });
});

describe('degraded mode: first 200 ids, empty states, true totalOccupancy (§1b)', () => {
  it('a 200-id SNAPSHOT with empty states is partial: nobody leaves, states and count kept, then reconciled', async () => {
    const { clock, fake, store, source, leaves, ids } = setup();
    await source.join();
    const everyone = [{ userId: 'me', states: { role: 'audience' } }, ...crowd(499)];
    fake.snapshot(everyone);
    fake.setMembers(everyone);
    fake.setDegraded(true);
    fake.snapshot(everyone.slice(0, 200).map(({ userId }) => ({ userId }))); // the fallback's snapshot
    store.flush();
    expect(leaves).toEqual([]); // not "everyone else left"
    expect(ids()).toHaveLength(500);
    expect(selectCounts(store.getState()).total).toBe(500);
    expect(store.getState().members.get('u3')?.state).toEqual({ role: 'audience' });
    expect(store.getState().staleness.stale).toBe(true);
    expect(store.getState().error?.code).toBe('PRESENCE_DEGRADED');
    // the reconciling whoNow is degraded too: still partial, the count is its true total
    await clock.flush();
    fake.setMembers([...everyone, ...crowd(600).slice(499)]);
    await clock.advance(5_000);
    store.flush();
    expect(leaves).toEqual([]);
    expect(selectCounts(store.getState()).total).toBe(601);
    expect(store.getState().staleness.stale).toBe(true);
    // presence recovers: the next retry gets the whole list
    fake.setDegraded(false);
    await clock.advance(60_000);
    store.flush();
    expect(store.getState().staleness.stale).toBe(false);
    expect(store.getState().error).toBeNull();
    expect(ids()).toHaveLength(601);
  });
});

describe('subscribe (§1b)', () => {
  it('subscribes with withMessage: false (we never read channel messages)', async () => {
    const { fake, source } = setup();
    await source.join();
    expect(fake.subscribeOptions).toEqual([
      { withMessage: false, withPresence: true, beQuiet: false },
    ]);
  });

  it('a subscribe queued while the link is down is not a hang: it resolves on reconnect', async () => {
    const { clock, fake, source } = setup();
    await source.login();
    fake.setLink(false);
    let result: unknown = 'pending';
    source.subscribe().then(
      () => (result = 'subscribed'),
      (e: { code?: string }) => (result = e.code),
    );
    await clock.advance(40_000); // well past timeoutMs (15 s)
    expect(result).toBe('pending');
    fake.setLink(true);
    await clock.flush();
    expect(result).toBe('subscribed');
  });
});

describe("a joiner's state arrives after its REMOTE_JOIN (stateChanged {}: §1b)", () => {
  it('instant mode: REMOTE_JOIN {} then REMOTE_STATE_CHANGED shows name and role', async () => {
    const { fake, store, source } = setup();
    await source.join();
    fake.presence({ eventType: 'REMOTE_JOIN', publisher: 'ana' });
    store.flush();
    expect(store.getState().members.get('ana')?.role).toBe('unknown');
    fake.presence({
      eventType: 'REMOTE_STATE_CHANGED',
      publisher: 'ana',
      stateChanged: { name: 'Ana', role: 'host' },
    });
    store.flush();
    expect(store.getState().members.get('ana')).toMatchObject({
      role: 'host',
      state: { name: 'Ana', role: 'host' },
    });
  });

  it("interval mode: the join tick has no state for the joiner; a later tick's userStateList does", async () => {
    const { fake, store, source } = setup();
    await source.join();
    const list = (users: string[]) => ({ users, userCount: users.length });
    const tick = (
      join: string[],
      userStateList: { userId: string; states: Record<string, string> }[],
    ) =>
      fake.presence({
        eventType: 'INTERVAL',
        interval: {
          join: list(join),
          leave: list([]),
          timeout: list([]),
          userStateList: userStateList.map((r) => ({
            ...r,
            statesCount: Object.keys(r.states).length,
          })),
          totalOccupancy: 60,
        },
      });
    tick(['bo'], []);
    store.flush();
    expect(store.getState().members.has('bo')).toBe(true);
    tick([], [{ userId: 'bo', states: { name: 'Bo', role: 'audience' } }]);
    store.flush();
    expect(store.getState().members.get('bo')).toMatchObject({
      role: 'audience',
      state: { name: 'Bo', role: 'audience' },
    });
  });
});
