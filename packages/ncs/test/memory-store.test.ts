import { describe, expect, it } from 'vitest';
import { createMemoryPresenceStore, NcsError } from '../src/index';
import { describeStoreContract } from './helpers/store-contract';
import { describeStatsContract } from './helpers/stats-contract';
import { ev } from './helpers/fixtures';

describeStoreContract('memory', (options) => Promise.resolve(createMemoryPresenceStore(options)));
describeStatsContract('memory', (options) => Promise.resolve(createMemoryPresenceStore(options)), {
  propertyRuns: 300,
});

describe('createMemoryPresenceStore', () => {
  it('forgets a noticeId after the dedupe horizon', async () => {
    let clock = 0;
    const store = createMemoryPresenceStore({ now: () => clock, dedupeMs: 1000 });
    const created = ev.created();
    expect((await store.apply(created)).status).toBe('applied');
    clock = 999;
    expect((await store.apply(created)).status).toBe('duplicate');
    clock = 1000;
    expect((await store.apply(created)).status).toBe('applied');
  });

  it('gets a new epoch per store, so ids from an earlier process are never replayed', () => {
    expect(createMemoryPresenceStore().epoch).not.toBe(createMemoryPresenceStore().epoch);
  });

  it('refuses unusable options with INVALID_CONFIG', () => {
    for (const options of [{ tombstoneMs: 0 }, { logSize: 1.5 }, { dedupeMs: -1 }]) {
      expect(() => createMemoryPresenceStore(options)).toThrow(NcsError);
    }
  });

  it('keeps storing when a subscriber throws', async () => {
    const store = createMemoryPresenceStore();
    store.subscribe(() => {
      throw new Error('socket closed');
    });
    expect((await store.apply(ev.hostJoin({ uid: 1, seq: 1 }))).status).toBe('applied');
    expect((await store.presence('stage')).counts.hosts).toBe(1);
  });
});

describe('memory store presence reads', () => {
  it('reuses one frozen snapshot until the channel changes', async () => {
    const store = createMemoryPresenceStore();
    await store.apply(ev.audienceJoin({ uid: 1, seq: 1 }));
    const first = await store.presence('stage');
    expect(await store.presence('stage')).toBe(first);
    expect(Object.isFrozen(first.audience)).toBe(true);
    await store.apply(ev.toHost({ uid: 1, seq: 2 }));
    const second = await store.presence('stage');
    expect(second).not.toBe(first);
    expect(second.hosts.map((m) => m.uid)).toEqual([1]);
    expect(first.audience.map((m) => m.uid)).toEqual([1]); // the old snapshot is untouched
  });
});

describe('memory store forgets quiet, empty channels', () => {
  const T = 60_000;
  const setup = () => {
    let clock = 1_700_000_000_000;
    const store = createMemoryPresenceStore({ now: () => clock, tombstoneMs: T });
    return { store, advance: (ms: number) => (clock += ms) };
  };

  it('drops the log of a channel nobody is in, tombstoneMs after its last event', async () => {
    const { store, advance } = setup();
    await store.apply(ev.audienceJoin({ uid: 1, seq: 1 }));
    await store.apply(ev.audienceLeave({ uid: 1, seq: 2 }));
    advance(T - 1);
    expect((await store.replay('stage', 0))?.map((e) => e.id)).toEqual([1, 2]);
    advance(1);
    // forgotten: a client holding an id from before needs a snapshot...
    expect(await store.replay('stage', 0)).toBeNull();
    // ...which shows the same empty channel at the same last id
    expect(await store.presence('stage')).toMatchObject({
      lastEventId: 2,
      counts: { audience: 0 },
    });
    expect(await store.replay('stage', 2)).toEqual([]);
  });

  it('numbers a returning channel above every id it had, so old ids never replay new events', async () => {
    const { store, advance } = setup();
    await store.apply(ev.hostJoin({ uid: 1, seq: 1 }));
    await store.apply(ev.hostLeave({ uid: 1, seq: 2 }));
    advance(T);
    const seen: number[] = [];
    store.subscribe((e) => seen.push(e.id));
    await store.apply(ev.hostJoin({ uid: 7, seq: 1 }));
    expect(seen).toEqual([3]);
    expect(await store.replay('stage', 1)).toBeNull();
    expect((await store.replay('stage', 2))?.map((e) => e.id)).toEqual([3]);
    // a late retry of the forgotten user's join is past the horizon: taken as new
    expect((await store.apply(ev.hostJoin({ uid: 1, seq: 1 }))).status).toBe('applied');
  });

  it('keeps a channel with someone online, however long it is quiet', async () => {
    const { store, advance } = setup();
    await store.apply(ev.audienceJoin({ uid: 1, seq: 1 }));
    await store.apply(ev.audienceJoin({ uid: 2, seq: 1 }));
    await store.apply(ev.audienceLeave({ uid: 2, seq: 2 }));
    advance(10 * T);
    expect((await store.replay('stage', 0))?.map((e) => e.id)).toEqual([1, 2, 3]);
    expect((await store.presence('stage')).audience.map((m) => m.uid)).toEqual([1]);
  });

  it('is not kept alive by its neighbours, and keeps a busy neighbour', async () => {
    const { store, advance } = setup();
    await store.apply(ev.audienceJoin({ uid: 1, seq: 1, channelName: 'quiet' }));
    await store.apply(ev.audienceLeave({ uid: 1, seq: 2, channelName: 'quiet' }));
    for (let i = 0; i < 5; i += 1) {
      advance(T / 2);
      await store.apply(ev.audienceJoin({ uid: 100 + i, seq: 1, channelName: 'busy' }));
      await store.apply(ev.audienceLeave({ uid: 100 + i, seq: 2, channelName: 'busy' }));
    }
    expect(await store.replay('quiet', 0)).toBeNull();
    expect(await store.replay('busy', 8)).toHaveLength(2);
  });
});

describe('memory store stats are bounded per channel', () => {
  it('keeps at most statsMaxEvents events: beyond it the oldest minutes leave the window early', async () => {
    const T0 = 1_700_000_040;
    let clock = T0 * 1000;
    const store = createMemoryPresenceStore({ now: () => clock, statsMaxEvents: 100 });
    // 300 viewers, one a minute, each watching 30 s: 600 events over 300 minutes
    for (let i = 0; i < 300; i += 1) {
      const ts = T0 + i * 60;
      clock = (ts + 30) * 1000;
      await store.apply(ev.audienceJoin({ uid: i + 1, seq: 1, ts }));
      await store.apply(ev.audienceLeave({ uid: i + 1, seq: 2, ts: ts + 30 }));
    }
    const stats = await store.stats('stage');
    // 100 events: the last 50 sessions, so the timeline starts 50 minutes back
    expect(stats.watch).toEqual({ sessions: 50, averageSeconds: 30, medianSeconds: 30 });
    expect(stats.uniqueViewers).toBe(50);
    expect(stats.timeline[0]?.t).toBe((T0 + 250 * 60) * 1000);
    expect(stats.timeline).toHaveLength(50);
    await store.close();
  });
});
