import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import {
  createMemoryPresenceStore,
  parseNcsNotice,
  type FeedListener,
  type NcsRtcEvent,
  type PresenceStore,
} from '@audience-presence/ncs';
import { ncsBody, openFeed } from '../test/harness';
import { createFeedHub, parseLastEventId, type FeedLimits } from './sse';

function event(eventType: number, payload: Record<string, unknown>): NcsRtcEvent {
  const notice = parseNcsNotice(ncsBody(eventType, payload));
  if (notice.status !== 'event') throw new Error('not an event');
  return notice.event;
}

/** A memory store whose live notifications lose the events with the given ids (a pub/sub blip). */
function lossyStore(dropIds: readonly number[]): PresenceStore {
  const store = createMemoryPresenceStore();
  return {
    ...store,
    subscribe: (listener: FeedListener) =>
      store.subscribe((e) => (dropIds.includes(e.id) ? undefined : listener(e))),
  };
}

let server: Server | undefined;
afterEach(() => {
  server?.closeAllConnections();
  server?.close();
});

const LIMITS: FeedLimits = {
  maxStreams: 100,
  maxStreamsPerIp: 100,
  maxBufferBytes: 1024 * 1024,
  stallMs: 30_000,
};

async function serve(store: PresenceStore, limits: FeedLimits = LIMITS): Promise<string> {
  const hub = createFeedHub(store, limits);
  server = createServer((req, res) =>
    hub.stream(req, res, {
      channelName: 'live',
      lastEventId: (req.headers['last-event-id'] as string | undefined) ?? null,
      ip: req.socket.remoteAddress ?? '',
      headers: {},
    }),
  );
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
}

describe('streamChannel', () => {
  it('fills a gap in live notifications from the log, in order', async () => {
    const store = lossyStore([2, 3]);
    const feed = await openFeed(await serve(store));
    await feed.waitFor(1);
    await store.apply(event(105, { uid: 1, clientSeq: 1 }));
    await store.apply(event(105, { uid: 2, clientSeq: 1 }));
    await store.apply(event(105, { uid: 3, clientSeq: 1 }));
    await store.apply(event(105, { uid: 4, clientSeq: 1 }));
    const messages = await feed.waitFor(5);
    feed.close();
    expect(messages.map((m) => [m.event, m.id?.split('.')[1]])).toEqual([
      ['snapshot', '0'],
      ['join', '1'],
      ['join', '2'],
      ['join', '3'],
      ['join', '4'],
    ]);
  });

  it('never repeats what the snapshot already covered', async () => {
    const store = createMemoryPresenceStore();
    await store.apply(event(105, { uid: 1, clientSeq: 1 }));
    const feed = await openFeed(await serve(store));
    await store.apply(event(106, { uid: 1, clientSeq: 2, reason: 1 }));
    const messages = await feed.waitFor(2);
    await new Promise((r) => setTimeout(r, 50));
    feed.close();
    expect(feed.messages.map((m) => m.event)).toEqual(['snapshot', 'leave']);
    expect(messages[0]?.data).toMatchObject({ lastEventId: 1, counts: { audience: 1 } });
  });

  it('serves a 100,000-member snapshot to several clients, then live events to all', async () => {
    const store = createMemoryPresenceStore();
    for (let uid = 1; uid <= 100_000; uid += 1) {
      await store.apply(event(105, { uid, clientSeq: 1 }));
    }
    const url = await serve(store);
    const feeds = await Promise.all([openFeed(url), openFeed(url), openFeed(url)]);
    for (const feed of feeds) {
      const [snapshot] = await feed.waitFor(1, 20_000);
      expect(snapshot?.data).toMatchObject({ counts: { hosts: 0, audience: 100_000 } });
    }
    await store.apply(event(103, { uid: 200_000, clientSeq: 1 }));
    for (const feed of feeds) {
      const messages = await feed.waitFor(2, 20_000);
      expect(messages[1]?.event).toBe('join');
      feed.close();
    }
  }, 60_000);

  it('keeps an open feed going when its channel is forgotten and comes back', async () => {
    let clock = 1_700_000_000_000;
    const store = createMemoryPresenceStore({ now: () => clock, tombstoneMs: 1000 });
    const feed = await openFeed(await serve(store));
    await feed.waitFor(1);
    await store.apply(event(105, { uid: 1, clientSeq: 1 }));
    await store.apply(event(106, { uid: 1, clientSeq: 2, reason: 1 }));
    await feed.waitFor(3);
    clock += 1000; // nobody in 'live' for tombstoneMs: the store forgets it
    await store.apply(event(101, { channelName: 'elsewhere' }));
    expect(await store.replay('live', 0)).toBeNull(); // forgotten indeed
    await store.apply(event(105, { uid: 2, clientSeq: 1 }));
    const messages = await feed.waitFor(4);
    feed.close();
    expect(messages.map((m) => [m.event, m.id?.split('.')[1]])).toEqual([
      ['snapshot', '0'],
      ['join', '1'],
      ['leave', '2'],
      ['join', '3'],
    ]);
  });

  it('only resumes ids of its own epoch', () => {
    expect(parseLastEventId('abc.12', 'abc')).toBe(12);
    expect(parseLastEventId('a.b.c.12', 'a.b.c')).toBe(12);
    expect(parseLastEventId('other.12', 'abc')).toBeUndefined();
    expect(parseLastEventId('abc.-1', 'abc')).toBeUndefined();
    expect(parseLastEventId('abc.1e3', 'abc')).toBeUndefined();
    expect(parseLastEventId('12', 'abc')).toBeUndefined();
    expect(parseLastEventId(undefined, 'abc')).toBeUndefined();
  });
});
