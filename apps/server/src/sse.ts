import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FeedEvent, PresenceStore } from '@audience-presence/ncs';
import { CORS_HEADERS } from './http';

/** How often a comment line keeps idle proxies from closing the stream. */
const KEEPALIVE_MS = 15_000;
/**
 * Snapshot frames by presence object: both stores hand out the same object
 * until the channel changes, so 100,000 viewers connecting at once cost one
 * serialisation of the member list, not 100,000.
 */
const snapshotFrames = new WeakMap<object, string>();
/** Unsent bytes a stream may queue before its client is considered stuck. */
const MAX_BUFFERED_BYTES = 1024 * 1024;

/**
 * SSE ids are `<epoch>.<n>`: `n` numbers the channel's feed events, `epoch`
 * the store that numbered them (a restarted in-memory store starts again at 1).
 */
function formatId(epoch: string, id: number): string {
  return `${epoch}.${id}`;
}

/** The feed id a client resumes after, or `undefined` when it must start from a snapshot. */
export function parseLastEventId(
  value: string | null | undefined,
  epoch: string,
): number | undefined {
  if (!value) return undefined;
  const dot = value.lastIndexOf('.');
  if (dot < 0 || value.slice(0, dot) !== epoch) return undefined;
  const digits = value.slice(dot + 1);
  return /^\d{1,15}$/.test(digits) ? Number(digits) : undefined;
}

/** One SSE client of a channel: gets each event with its frame already serialised. */
type FeedClient = (event: FeedEvent, frame: string) => void;

/**
 * Fans the store's events out per channel, serialising each event once
 * however many clients watch (a big stream has one channel and many viewers).
 */
export interface FeedHub {
  readonly store: PresenceStore;
  join(channelName: string, client: FeedClient): () => void;
  /** Registers an open stream so {@link FeedHub.close} can end it. */
  track(response: ServerResponse): void;
  /** Stops listening to the store and ends every open stream (clients will reconnect elsewhere). */
  close(): void;
}

/** Formats one SSE message. */
function frameOf(epoch: string, event: string, id: number, data: unknown): string {
  return `id: ${formatId(epoch, id)}\nevent: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
}

/** Creates the per-server {@link FeedHub} over a store's subscription. */
export function createFeedHub(store: PresenceStore): FeedHub {
  const channels = new Map<string, Set<FeedClient>>();
  const streams = new Set<ServerResponse>();
  const unsubscribe = store.subscribe((event) => {
    const clients = channels.get(event.channelName);
    if (!clients) return;
    const frame = frameOf(store.epoch, event.type, event.id, event);
    for (const client of clients) client(event, frame);
  });
  return {
    store,
    join(channelName, client) {
      let clients = channels.get(channelName);
      if (!clients) channels.set(channelName, (clients = new Set()));
      clients.add(client);
      return () => {
        clients.delete(client);
        if (clients.size === 0) channels.delete(channelName);
      };
    },
    track(response) {
      streams.add(response);
      response.once('close', () => streams.delete(response));
    },
    close() {
      unsubscribe();
      for (const response of streams) response.end();
    },
  };
}

/**
 * Streams one channel's presence as Server-Sent Events: a `snapshot` first
 * (or, with a usable `Last-Event-ID`, the missed events replayed from the
 * log), then `join`, `leave` and `role`. Events go out strictly in id order;
 * a gap (a lost pub/sub message) is filled from the log, or by a new snapshot.
 */
export function streamChannel(
  request: IncomingMessage,
  response: ServerResponse,
  hub: FeedHub,
  channelName: string,
  lastEventId: string | null,
): void {
  const { store } = hub;
  response.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-store',
    connection: 'keep-alive',
    'x-accel-buffering': 'no',
    ...CORS_HEADERS,
  });
  response.write('retry: 2000\n\n');
  hub.track(response);

  let closed = false;
  let lastSent = -1;
  let budget = MAX_BUFFERED_BYTES;
  // Everything goes through one promise chain, so writes never interleave.
  let chain: Promise<void> = Promise.resolve();
  const enqueue = (work: () => Promise<void> | void): void => {
    chain = chain.then(work).catch((error: unknown) => {
      if (closed) return;
      response.write(`event: feed-error\ndata: ${JSON.stringify({ message: String(error) })}\n\n`);
      response.end();
    });
  };

  const write = (event: string, id: number, data: unknown, frame?: string): void => {
    if (closed) return;
    // A client that does not read would make us buffer every event for it:
    // drop it instead; it reconnects with Last-Event-ID and catches up from the log.
    if (response.writableLength > budget) {
      response.destroy();
      return;
    }
    response.write(frame ?? frameOf(store.epoch, event, id, data));
    lastSent = id;
  };
  const snapshot = async (): Promise<void> => {
    const presence = await store.presence(channelName);
    let frame = snapshotFrames.get(presence);
    if (frame === undefined) {
      frame = frameOf(store.epoch, 'snapshot', presence.lastEventId, presence);
      snapshotFrames.set(presence, frame);
    }
    // a big snapshot may still be draining: that alone must not count as stuck
    budget = frame.length + MAX_BUFFERED_BYTES;
    write('snapshot', presence.lastEventId, presence, frame);
  };
  const catchUp = async (afterId: number): Promise<void> => {
    const missed = await store.replay(channelName, afterId);
    if (missed === null) return snapshot();
    lastSent = afterId;
    for (const event of missed) write(event.type, event.id, event);
  };
  const deliver = async (event: FeedEvent, frame: string): Promise<void> => {
    if (event.id <= lastSent) return; // already in the snapshot or the replay
    if (event.id === lastSent + 1) write(event.type, event.id, event, frame);
    else await catchUp(lastSent);
  };

  // Subscribe BEFORE reading, so nothing that happens during the read is lost;
  // `deliver` drops what the read already covered.
  const unsubscribe = hub.join(channelName, (event, frame) => enqueue(() => deliver(event, frame)));
  const resumeFrom = parseLastEventId(lastEventId, store.epoch);
  enqueue(() => (resumeFrom === undefined ? snapshot() : catchUp(resumeFrom)));

  const keepalive = setInterval(() => response.write(': keepalive\n\n'), KEEPALIVE_MS);
  const close = (): void => {
    if (closed) return;
    closed = true;
    clearInterval(keepalive);
    unsubscribe();
  };
  request.once('close', close);
  response.once('close', close);
}
