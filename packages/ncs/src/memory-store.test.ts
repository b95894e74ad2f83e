import { describe, expect, it } from 'vitest';
import { createMemoryPresenceStore, NcsError } from './index';
import { describeStoreContract } from '../test/store-contract';
import { ev } from '../test/fixtures';

describeStoreContract('memory', (options) => Promise.resolve(createMemoryPresenceStore(options)));

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
