import type { ServerResponse } from 'node:http';
import type { ChannelPresence, FeedEvent, NcsPresenceStore } from '@audience-presence/ncs';

/** How often a comment line keeps idle proxies from closing the stream. */
const KEEPALIVE_MS = 15_000;
/** A snapshot goes out in slices of this size, each after the previous one drained. */
const SNAPSHOT_SLICE_BYTES = 64 * 1024;

/** What the hub tells its owner (metrics, logs). */
export interface FeedHubEvents {
  opened?(): void;
  closed?(): void;
  /** a stream refused at the door (`global` or per-`ip` cap) */
  rejected?(reason: 'global' | 'ip'): void;
  /** a stream dropped because its client does not read */
  dropped?(reason: 'buffer' | 'stall'): void;
  /** a store read failed; `error` is logged, never sent to the client */
  failed?(error: unknown, channelName: string): void;
}

/** Limits of the live feed (see ServerConfig.sse). */
export interface FeedLimits {
  readonly maxStreams: number;
  readonly maxStreamsPerIp: number;
  readonly maxBufferBytes: number;
  readonly stallMs: number;
  /** ms between `stats` events on each streamed channel; 0 or absent: none */
  readonly statsIntervalMs?: number;
}

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

/** Formats one SSE message. */
function frameOf(epoch: string, event: string, id: number, data: unknown): string {
  return `id: ${formatId(epoch, id)}\nevent: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
}

/**
 * Snapshot frames by presence object: both stores hand out the same object
 * until the channel changes, so many viewers connecting at once cost one
 * serialisation. A Buffer, not a string: every stream writes slices of the
 * same bytes, where a string would be copied into each socket's queue.
 */
const snapshotFrames = new WeakMap<ChannelPresence, { epoch: string; bytes: Buffer }>();

function snapshotFrame(epoch: string, presence: ChannelPresence): Buffer {
  const cached = snapshotFrames.get(presence);
  if (cached?.epoch === epoch) return cached.bytes;
  const bytes = Buffer.from(frameOf(epoch, 'snapshot', presence.lastEventId, presence));
  snapshotFrames.set(presence, { epoch, bytes });
  return bytes;
}

/** One open stream as the hub sees it. */
interface FeedClient {
  /**
   * One turn's events of the channel, in order: `frames[i]` is `events[i]`'s
   * frame and `joined` all of them, each encoded once for every stream.
   */
  deliver(events: readonly FeedEvent[], frames: readonly Buffer[], joined: Buffer): void;
  /** a frame outside the id sequence (`stats`), in order with the rest */
  send(frame: string): void;
  /** the store lost its data (new epoch): start again from a snapshot */
  reset(): void;
  end(): void;
}

/**
 * Fans the store's events out per channel, serialising each event once
 * however many clients watch, and keeps the stream caps.
 */
export interface FeedHub {
  readonly store: NcsPresenceStore;
  /** open streams now */
  readonly size: number;
  /** Streams one channel to an HTTP response; answers 503 / 429 itself beyond the caps. */
  stream(
    response: ServerResponse,
    options: { channelName: string; lastEventId: string | null; ip: string; headers: Headers },
  ): void;
  /** Stops listening to the store and ends every open stream (clients will reconnect elsewhere). */
  close(): void;
}

type Headers = Readonly<Record<string, string>>;

/** Creates the per-server {@link FeedHub} over a store's subscription. */
export function createFeedHub(
  store: NcsPresenceStore,
  limits: FeedLimits,
  events: FeedHubEvents = {},
): FeedHub {
  // Per channel: its streams and the store watch they share. Watching only the
  // channels someone streams is what lets a Redis Cluster's sharded pub/sub
  // send an instance just the events of its channels.
  const channels = new Map<string, Channel>();
  const statsIntervalMs = limits.statsIntervalMs ?? 0;
  const all = new Set<FeedClient>();
  const perIp = new Map<string, number>();
  /**
   * The events of one event-loop turn per channel, fanned out together at its
   * end: one socket write per stream for all of them. A socket write costs far
   * more than the bytes in it, so a server behind (events arriving faster than
   * one fan-out per event) catches up instead of falling further behind. The
   * frames are Buffers, encoded once: a string would be UTF-8 encoded again for
   * every stream.
   */
  const turn = new Map<string, { events: FeedEvent[]; frames: Buffer[] }>();
  const fanOut = (): void => {
    for (const [channelName, { events, frames }] of turn) {
      const clients = channels.get(channelName)?.clients;
      if (!clients) continue;
      const joined = frames.length === 1 ? (frames[0] as Buffer) : Buffer.concat(frames);
      for (const client of clients) client.deliver(events, frames, joined);
    }
    turn.clear();
  };
  const watchChannel = (channelName: string): Promise<() => void> =>
    store.watch(channelName, (event) => {
      const frame = Buffer.from(frameOf(store.epoch, event.type, event.id, event));
      const pending = turn.get(channelName);
      if (pending) {
        pending.events.push(event);
        pending.frames.push(frame);
        return;
      }
      if (turn.size === 0) setImmediate(fanOut);
      turn.set(channelName, { events: [event], frames: [frame] });
    });
  const unwatch = (watching: Promise<() => void>): void => {
    watching.then(
      (stop) => stop(),
      () => {}, // never watched: nothing to stop
    );
  };
  /**
   * The channel's stats, read once per interval however many streams it has,
   * serialised once and sent to each; the last frame also greets a new stream
   * after its snapshot. A failed read is reported and skipped: the feed goes on.
   */
  const statsTicker = (channelName: string): Channel['stats'] => {
    if (statsIntervalMs <= 0) return null;
    const ticker: NonNullable<Channel['stats']> = {
      last: null,
      busy: false,
      timer: setInterval(() => tick(), statsIntervalMs),
    };
    const tick = (): void => {
      if (ticker.busy) return;
      ticker.busy = true;
      store
        .stats(channelName)
        .then(
          (stats) => {
            const channel = channels.get(channelName);
            if (channel?.stats !== ticker) return; // closed meanwhile
            // no id: a stats frame must not move the client's Last-Event-ID
            const frame = `event: stats\ndata: ${JSON.stringify(stats)}\n\n`;
            ticker.last = frame;
            for (const client of channel.clients) client.send(frame);
          },
          (error: unknown) => events.failed?.(error, channelName),
        )
        .finally(() => (ticker.busy = false));
    };
    ticker.timer.unref();
    tick();
    return ticker;
  };
  const stopStats = (channel: Channel): void => {
    if (channel.stats) clearInterval(channel.stats.timer);
  };
  const unsubscribeReset = store.onReset(() => {
    for (const client of all) client.reset();
  });

  function refuse(response: ServerResponse, status: number, code: string, headers: Headers): void {
    const body = JSON.stringify({
      ok: false,
      error: {
        code,
        message:
          status === 503
            ? 'The server has no room for another live stream; retry later.'
            : 'Too many live streams from this address.',
      },
    });
    response.writeHead(status, {
      ...headers,
      'content-type': 'application/json; charset=utf-8',
      'content-length': Buffer.byteLength(body),
      'retry-after': '10',
      // the socket is what the cap protects: do not keep it
      connection: 'close',
    });
    response.end(body);
  }

  return {
    store,
    get size() {
      return all.size;
    },
    stream(response, { channelName, lastEventId, ip, headers }) {
      if (all.size >= limits.maxStreams) {
        events.rejected?.('global');
        refuse(response, 503, 'STREAMS_FULL', headers);
        return;
      }
      const fromIp = perIp.get(ip) ?? 0;
      if (fromIp >= limits.maxStreamsPerIp) {
        events.rejected?.('ip');
        refuse(response, 429, 'TOO_MANY_STREAMS', headers);
        return;
      }
      perIp.set(ip, fromIp + 1);
      let channel = channels.get(channelName);
      if (!channel) {
        channel = { clients: new Set(), watching: watchChannel(channelName), stats: null };
        channels.set(channelName, channel);
        channel.stats = statsTicker(channelName);
      }
      const { watching } = channel;
      const client = openStream(response, {
        watching,
        store,
        channelName,
        lastEventId,
        limits,
        events,
        headers,
        onClose: () => {
          all.delete(client);
          const current = channels.get(channelName);
          current?.clients.delete(client);
          if (current?.clients.size === 0) {
            channels.delete(channelName);
            unwatch(current.watching);
            stopStats(current);
          }
          const left = (perIp.get(ip) ?? 1) - 1;
          if (left > 0) perIp.set(ip, left);
          else perIp.delete(ip);
          events.closed?.();
        },
      });
      all.add(client);
      channel.clients.add(client);
      events.opened?.();
      client.start();
      // queued behind the snapshot
      if (channel.stats?.last) client.send(channel.stats.last);
    },
    close() {
      for (const channel of channels.values()) {
        unwatch(channel.watching);
        stopStats(channel);
      }
      channels.clear();
      unsubscribeReset();
      for (const client of [...all]) client.end();
    },
  };
}

/** Per streamed channel: its streams, the store watch they share, its stats ticker. */
interface Channel {
  readonly clients: Set<FeedClient>;
  readonly watching: Promise<() => void>;
  stats: { last: string | null; busy: boolean; readonly timer: NodeJS.Timeout } | null;
}

interface StreamOptions {
  readonly store: NcsPresenceStore;
  /** the channel's store watch: the first snapshot waits for it, so no event falls between */
  readonly watching: Promise<unknown>;
  readonly channelName: string;
  readonly lastEventId: string | null;
  readonly limits: FeedLimits;
  readonly events: FeedHubEvents;
  readonly headers: Headers;
  readonly onClose: () => void;
}

/**
 * One channel's presence as Server-Sent Events: a `snapshot` first (or, with a
 * usable `Last-Event-ID`, the missed events replayed from the log), then
 * `join`, `leave` and `role`. Events go out strictly in id order; a gap (a
 * lost pub/sub message) is filled from the log, or by a new snapshot.
 *
 * Memory per stream is bounded: the snapshot is written in slices of one
 * shared buffer as the socket drains, and a client whose unsent data passes
 * `maxBufferBytes`, or whose socket has not drained for `stallMs`, is dropped
 * (EventSource reconnects with Last-Event-ID and catches up from the log).
 */
function openStream(
  response: ServerResponse,
  options: StreamOptions,
): FeedClient & { start(): void } {
  const { store, channelName, limits, events } = options;
  let closed = false;
  let lastSent = -1;
  /** bytes of live frames waiting behind the chain (a snapshot still going out) */
  let queuedBytes = 0;
  let stallTimer: NodeJS.Timeout | undefined;
  // Everything goes through one promise chain, so writes never interleave.
  let chain: Promise<void> = Promise.resolve();

  const drop = (reason: 'buffer' | 'stall'): void => {
    if (closed || response.destroyed) return;
    events.dropped?.(reason);
    response.destroy();
  };
  const watchDrain = (): void => {
    if (stallTimer !== undefined) return;
    stallTimer = setTimeout(() => drop('stall'), limits.stallMs);
    response.once('drain', () => {
      clearTimeout(stallTimer);
      stallTimer = undefined;
    });
  };
  const write = (chunk: string | Buffer): boolean => {
    if (closed) return false;
    const ok = response.write(chunk);
    if (!ok) watchDrain();
    return ok;
  };
  const drained = (): Promise<void> =>
    new Promise((resolve) => {
      if (closed || response.writableLength === 0) return resolve();
      const done = (): void => {
        response.off('drain', done);
        response.off('close', done);
        resolve();
      };
      response.on('drain', done);
      response.on('close', done);
    });

  /** work items in the chain: while there are any, live events wait their turn */
  let pending = 0;
  const enqueue = (work: () => Promise<void> | void): void => {
    pending += 1;
    chain = chain
      .then(work)
      .finally(() => (pending -= 1))
      .catch((error: unknown) => {
        if (closed) return;
        // The detail goes to the log; an anonymous client only learns a code.
        events.failed?.(error, channelName);
        response.write(
          `event: feed-error\ndata: ${JSON.stringify({ code: 'STORE_UNAVAILABLE' })}\n\n`,
        );
        response.end();
      });
  };

  const sendEvent = (event: FeedEvent, frame?: Buffer): void => {
    if (closed) return;
    write(frame ?? frameOf(store.epoch, event.type, event.id, event));
    lastSent = event.id;
  };
  const snapshot = async (): Promise<void> => {
    const epoch = store.epoch;
    const presence = await store.presence(channelName);
    const bytes = snapshotFrame(epoch, presence);
    for (let at = 0; at < bytes.length && !closed; at += SNAPSHOT_SLICE_BYTES) {
      // subarray: a view of the shared buffer, not a copy
      if (!write(bytes.subarray(at, at + SNAPSHOT_SLICE_BYTES))) await drained();
    }
    lastSent = presence.lastEventId;
  };
  const catchUp = async (afterId: number): Promise<void> => {
    const missed = await store.replay(channelName, afterId);
    if (missed === null) return snapshot();
    lastSent = afterId;
    for (const event of missed) sendEvent(event);
  };
  const deliverNow = async (event: FeedEvent, frame: Buffer): Promise<void> => {
    if (event.id <= lastSent) return; // already in the snapshot or the replay
    if (event.id === lastSent + 1) sendEvent(event, frame);
    else await catchUp(lastSent);
  };

  const keepalive = setInterval(() => {
    if (response.writableLength === 0) write(': keepalive\n\n');
  }, KEEPALIVE_MS);
  const close = (): void => {
    if (closed) return;
    closed = true;
    clearInterval(keepalive);
    clearTimeout(stallTimer);
    options.onClose();
  };
  // the response's close: the stream ended, or the client went away (an
  // IncomingMessage's own close may also mean "request fully read")
  response.once('close', close);

  return {
    start() {
      response.writeHead(200, {
        ...options.headers,
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-store',
        connection: 'keep-alive',
        'x-accel-buffering': 'no',
      });
      write('retry: 2000\n\n');
      const resumeFrom = parseLastEventId(options.lastEventId, store.epoch);
      enqueue(async () => {
        await options.watching;
        return resumeFrom === undefined ? snapshot() : catchUp(resumeFrom);
      });
    },
    deliver(events, frames, joined) {
      if (closed || response.destroyed) return;
      if (queuedBytes + joined.length + response.writableLength > limits.maxBufferBytes) {
        drop('buffer');
        return;
      }
      const first = events[0];
      const last = events[events.length - 1];
      if (pending === 0 && first && last && first.id === lastSent + 1) {
        // nothing ahead of them (the usual case): one write, no promise per event
        // (a store numbers a channel's events consecutively, and hands them out in order)
        if (last.id - first.id === events.length - 1) {
          write(joined);
          lastSent = last.id;
          return;
        }
      }
      events.forEach((event, i) => {
        const frame = frames[i] as Buffer;
        if (pending === 0 && event.id <= lastSent + 1) {
          if (event.id === lastSent + 1) sendEvent(event, frame);
          return;
        }
        queuedBytes += frame.length;
        enqueue(() => {
          queuedBytes -= frame.length;
          return deliverNow(event, frame);
        });
      });
    },
    send(frame) {
      if (closed || response.destroyed) return;
      if (queuedBytes + frame.length + response.writableLength > limits.maxBufferBytes) {
        drop('buffer');
        return;
      }
      // behind a snapshot still going out (its slices must not be split), else now
      if (pending === 0) {
        write(frame);
        return;
      }
      queuedBytes += frame.length;
      enqueue(() => {
        queuedBytes -= frame.length;
        write(frame);
      });
    },
    reset() {
      enqueue(() => {
        lastSent = -1;
        return snapshot();
      });
    },
    end() {
      // the socket too: a keep-alive socket left idle would hold the server's close
      response.end(() => response.socket?.end());
    },
  };
}
