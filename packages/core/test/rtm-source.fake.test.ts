import { describe, expect, it } from 'vitest';
import type { RTMEvents, WhoNowResponse } from 'agora-rtm-sdk';
import { bindRtmSource, createPresenceStore, type RtmClientLike } from '../src/index';

/** A hand-written fake for events the simulator cannot produce (degraded-mode snapshots). */
function fakeClient(full: string[]) {
  const listeners = new Map<string, (event: never) => void>();
  let whoNowCalls = 0;
  const client = {
    addEventListener: (name: string, fn: (event: never) => void) => listeners.set(name, fn),
    removeEventListener: (name: string) => listeners.delete(name),
    login: () => Promise.resolve({ timestamp: 0 }),
    logout: () => Promise.resolve({ timestamp: 0 }),
    subscribe: () => Promise.resolve({ timestamp: 0, channelName: 'live', errorCode: 0 }),
    unsubscribe: () => Promise.resolve({ timestamp: 0, channelName: 'live', errorCode: 0 }),
    presence: {
      setState: () => Promise.resolve({ timestamp: 0 }),
      whoNow: () => {
        whoNowCalls++;
        const answer: WhoNowResponse = {
          timestamp: 0,
          totalOccupancy: full.length,
          nextPage: '',
          occupants: full.map((userId) => ({
            userId,
            states: { role: 'audience' },
            statesCount: 1,
          })),
        };
        return Promise.resolve(answer);
      },
    },
  } as unknown as RtmClientLike;
  const snapshot = (users: string[], states: Record<string, string> = {}) =>
    (listeners.get('presence') as (e: RTMEvents.PresenceEvent) => void)({
      eventType: 'SNAPSHOT',
      channelType: 'MESSAGE',
      channelName: 'live',
      publisher: '',
      stateChanged: {},
      interval: null,
      snapshot: users.map((userId) => ({
        userId,
        states,
        statesCount: Object.keys(states).length,
      })),
      timestamp: 0,
    });
  return { client, snapshot, whoNowCalls: () => whoNowCalls };
}

describe('bindRtmSource with a degraded-mode SNAPSHOT', () => {
  const everyone = Array.from({ length: 300 }, (_, i) => `u${i}`);

  it('reconciles with whoNow when a SNAPSHOT is a partial first page with empty states', async () => {
    const fake = fakeClient(everyone);
    const store = createPresenceStore();
    bindRtmSource(store, fake.client, { channel: 'live', userId: 'u0' });
    fake.snapshot(everyone, { role: 'audience' });
    fake.snapshot(everyone.slice(0, 200)); // the fallback's first page, EMPTY states
    await Promise.resolve();
    await new Promise((r) => setTimeout(r, 0));
    expect(fake.whoNowCalls()).toBe(2); // one resync: the id listing, then the state listing
    store.flush();
    expect(store.getState().members.size).toBe(300);
  });

  it('does not resync after an ordinary snapshot', () => {
    const fake = fakeClient(everyone);
    const store = createPresenceStore();
    bindRtmSource(store, fake.client, { channel: 'live', userId: 'u0' });
    fake.snapshot(everyone.slice(0, 10), { role: 'audience' });
    fake.snapshot(everyone.slice(0, 5), { role: 'audience' });
    fake.snapshot(everyone.slice(0, 20));
    expect(fake.whoNowCalls()).toBe(0);
  });
});
