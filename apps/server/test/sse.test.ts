import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import {
  createMemoryPresenceStore,
  parseNcsNotice,
  type FeedListener,
  type NcsRtcEvent,
  type NcsPresenceStore,
} from '@audience-presence/ncs';
import { ncsBody, openFeed } from './helpers/harness';
import { rawClient, waitUntil } from './helpers/net';
import { createFeedHub, parseLastEventId, type FeedHubEvents, type FeedLimits } from '../src/sse';

function event(eventType: number, payload: Record<string, unknown>): NcsRtcEvent {
  const notice = parseNcsNotice(ncsBody(eventType, payload));
  if (notice.status !== 'event') throw new Error('not an event');
  return notice.event;
}

/** A memory store whose epoch and reset the test controls (as a Redis store after a data loss). */
function resettableStore(): NcsPresenceStore & { wipe(epoch: string): void } {
  const store = createMemoryPresenceStore();
  let epoch = store.epoch;
  const listeners = new Set<(epoch: string) => void>();
  const wrapped = Object.create(store) as NcsPresenceStore & { wipe(epoch: string): void };
  Object.defineProperty(wrapped, 'epoch', { get: () => epoch });
  return Object.assign(wrapped, {
    onReset(listener: (epoch: string) => void) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    wipe(next: string) {
      epoch = next;
      for (const listener of listeners) listener(next);
    },
  });
}

/** Applies `count` audience joins to 'live', uids from `from`. */
async function joins(store: NcsPresenceStore, count: number, from = 1): Promise<void> {
  for (let uid = from; uid < from + count; uid += 1) {
    await store.apply(event(105, { uid, clientSeq: 1, account: `a-long-account-name-${uid}` }));
  }
}

/** A memory store whose live notifications lose the events with the given ids (a pub/sub blip). */
function lossyStore(dropIds: readonly number[]): NcsPresenceStore {
  const store = createMemoryPresenceStore();
  return {
    ...store,
    watch: (channelName: string, listener: FeedListener) =>
      store.watch(channelName, (e) => (dropIds.includes(e.id) ? undefined : listener(e))),
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

async function serve(
  store: NcsPresenceStore,
  limits: FeedLimits = LIMITS,
  events: FeedHubEvents = {},
): Promise<string> {
  const hub = createFeedHub(store, limits, events);
  server = createServer((req, res) =>
    hub.stream(res, {
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

  it('writes the events of one turn to each stream in one socket write, in order', async () => {
    const store = createMemoryPresenceStore();
    await joins(store, 20);
    const hub = createFeedHub(store, LIMITS);
    let leaveWrites = 0;
    server = createServer((req, res) => {
      const write = res.write.bind(res) as (chunk: string | Buffer) => boolean;
      res.write = ((chunk: string | Buffer) => {
        if (String(chunk).includes('event: leave')) leaveWrites += 1;
        return write(chunk);
      }) as typeof res.write;
      hub.stream(res, { channelName: 'live', lastEventId: null, ip: '', headers: {} });
    });
    await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
    const feed = await openFeed(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
    await feed.waitFor(1);
    // a 102 takes all 20 offline: 20 feed events from one delivery, in one turn
    await store.apply(event(102, { lastUid: 1 }));
    const messages = await feed.waitFor(21);
    feed.close();
    expect(messages.slice(1).map((m) => Number(m.id?.split('.')[1]))).toEqual(
      Array.from({ length: 20 }, (_, i) => 21 + i),
    );
    expect(leaveWrites).toBe(1);
  });

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

  it('starts an open feed again from a snapshot when the store resets, under the new epoch', async () => {
    const store = resettableStore();
    const feed = await openFeed(await serve(store));
    await feed.waitFor(1);
    await joins(store, 2);
    await feed.waitFor(3);
    store.wipe('epoch-after-loss');
    await feed.waitFor(4);
    await joins(store, 1, 3);
    const messages = await feed.waitFor(5);
    feed.close();
    expect(messages.slice(3).map((m) => [m.event, m.id?.split('.')[0]])).toEqual([
      ['snapshot', 'epoch-after-loss'],
      ['join', 'epoch-after-loss'],
    ]);
  });

  it('drops a client that does not read once its unsent events pass the buffer cap', async () => {
    const store = createMemoryPresenceStore();
    const dropped: string[] = [];
    const url = new URL(
      await serve(
        store,
        { ...LIMITS, maxBufferBytes: 64 * 1024 },
        { dropped: (why) => dropped.push(why) },
      ),
    );
    const stuck = await rawClient(Number(url.port), { paused: true });
    stuck.socket.write('GET / HTTP/1.1\r\nHost: x\r\n\r\n');
    const reader = await openFeed(url.href);
    await reader.waitFor(1);
    // far more than the kernel's socket buffers hold, so the server's queue grows;
    // in batches with a turn between, so the reading client (same process) keeps up
    for (let from = 1; from <= 40_000; from += 100) {
      await joins(store, 100, from);
      await new Promise((r) => setImmediate(r));
    }
    await waitUntil(() => dropped.length > 0, 'the stuck client to be dropped');
    expect(dropped).toEqual(['buffer']);
    // a paused socket cannot see the close: read what the kernel holds, then the end
    stuck.socket.resume();
    await stuck.closed;
    // the client that reads got everything
    await reader.waitFor(40_001, 20_000);
    reader.close();
  }, 30_000);

  it('drops a client whose socket does not drain for stallMs', async () => {
    const store = createMemoryPresenceStore();
    await joins(store, 100_000); // a snapshot of about 10 MB: more than the socket buffers hold
    const dropped: string[] = [];
    const url = new URL(
      await serve(store, { ...LIMITS, stallMs: 300 }, { dropped: (why) => dropped.push(why) }),
    );
    const stuck = await rawClient(Number(url.port), { paused: true });
    stuck.socket.write('GET / HTTP/1.1\r\nHost: x\r\n\r\n');
    const started = Date.now();
    await waitUntil(() => dropped.length > 0, 'the stalled client to be dropped');
    expect(dropped).toEqual(['stall']);
    expect(Date.now() - started).toBeLessThan(5000);
    stuck.socket.resume();
    await stuck.closed;
  }, 30_000);

  it('sends a code, never the error text, when the store fails', async () => {
    const store = createMemoryPresenceStore();
    const failing: NcsPresenceStore = Object.assign(Object.create(store) as NcsPresenceStore, {
      presence: () => Promise.reject(new Error('ECONNREFUSED redis://admin:hunter2@10.0.0.5')),
    });
    const failures: unknown[] = [];
    const feed = await openFeed(
      await serve(failing, LIMITS, { failed: (error) => failures.push(error) }),
    );
    const [message] = await feed.waitFor(1);
    feed.close();
    expect(message).toEqual({
      id: undefined,
      event: 'feed-error',
      data: { code: 'STORE_UNAVAILABLE' },
    });
    expect(String(failures[0])).toContain('hunter2'); // for the log, not for the client
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

  it('sends a stats event every statsIntervalMs to every stream of the channel, behind the snapshot, without an id', async () => {
    const nowSec = Math.floor(Date.now() / 1000);
    const store = createMemoryPresenceStore();
    let reads = 0;
    const counted: NcsPresenceStore = Object.assign(Object.create(store) as NcsPresenceStore, {
      stats: (channelName: string) => ((reads += 1), store.stats(channelName)),
    });
    await store.apply(event(103, { uid: 1, clientSeq: 1, ts: nowSec - 5 }));
    await store.apply(event(105, { uid: 7, clientSeq: 1, ts: nowSec - 4 }));
    const url = await serve(counted, { ...LIMITS, statsIntervalMs: 100 });
    const first = await openFeed(url);
    const [snapshot, stats] = await first.waitFor(2);
    expect(snapshot?.event).toBe('snapshot');
    expect(stats).toMatchObject({ id: undefined, event: 'stats' });
    // the store's own answer (the timeline may have gained the next minute since)
    const { timeline, ...rest } = await store.stats('live');
    expect(stats?.data).toMatchObject(rest);
    expect((stats?.data as { timeline: unknown[] }).timeline[0]).toEqual(timeline[0]);
    expect(stats?.data).toMatchObject({
      now: { hosts: 1, audience: 1 },
      peak: { audience: 1, at: (nowSec - 4) * 1000 },
      uniqueViewers: 1,
    });
    // a second stream gets the last stats right after its own snapshot
    const second = await openFeed(url);
    const greeting = await second.waitFor(2);
    expect(greeting.map((m) => m.event)).toEqual(['snapshot', 'stats']);
    // the next ticks carry what changed, to both
    await store.apply(event(105, { uid: 8, clientSeq: 1, ts: nowSec - 1 }));
    for (const feed of [first, second]) {
      await waitUntil(
        () =>
          feed.messages.some(
            (m) => m.event === 'stats' && (m.data as { uniqueViewers: number }).uniqueViewers === 2,
          ),
        'a stats event with the second viewer',
      );
      feed.close();
    }
    // one store read per tick for the channel, not one per stream
    const frames = [first, second].flatMap((f) => f.messages.filter((m) => m.event === 'stats'));
    expect(reads).toBeLessThan(frames.length);
  });

  it('sends no stats event when statsIntervalMs is 0, and goes on when a stats read fails', async () => {
    const store = createMemoryPresenceStore();
    const quiet = await openFeed(await serve(store, { ...LIMITS, statsIntervalMs: 0 }));
    await quiet.waitFor(1);
    await new Promise((r) => setTimeout(r, 150));
    expect(quiet.messages.map((m) => m.event)).toEqual(['snapshot']);
    quiet.close();
    server?.closeAllConnections();
    server?.close();
    const failures: unknown[] = [];
    const failing: NcsPresenceStore = Object.assign(Object.create(store) as NcsPresenceStore, {
      stats: () => Promise.reject(new Error('stats down')),
    });
    const feed = await openFeed(
      await serve(failing, { ...LIMITS, statsIntervalMs: 50 }, { failed: (e) => failures.push(e) }),
    );
    await feed.waitFor(1);
    await waitUntil(() => failures.length >= 2, 'two failed stats reads');
    await store.apply(event(105, { uid: 1, clientSeq: 1 }));
    const messages = await feed.waitFor(2);
    feed.close();
    expect(messages.map((m) => m.event)).toEqual(['snapshot', 'join']);
  });
});
