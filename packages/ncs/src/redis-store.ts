import { createHash, randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { NcsRtcEvent } from './events';
import { NcsError } from './errors';
import { resolveStoreOptions, toChannelPresence } from './memory-store';
import { APPLY_SCRIPT, PRESENCE_SCRIPT, REPLAY_SCRIPT, VERSION_SCRIPT } from './redis-scripts';
import type {
  ApplyResult,
  ChannelPresence,
  FeedEvent,
  FeedListener,
  PresenceMember,
  NcsPresenceStore,
  NcsPresenceStoreOptions,
  ResetListener,
} from './store';

/** Options of {@link createRedisPresenceStore}. */
export interface RedisPresenceStoreOptions extends NcsPresenceStoreOptions {
  /** An ioredis (5 or 6) client. The store never closes it: it is yours. */
  readonly redis: Redis;
  /**
   * A second connection for pub/sub (a subscribed connection can do nothing
   * else). Default: `redis.duplicate()`, closed by `close()`. The store adds an
   * `'error'` listener to it and subscribes again after every reconnect.
   */
  readonly subscriber?: Redis;
  /** Prefix of every key and of the pub/sub channel. Default `ap:ncs:`. */
  readonly keyPrefix?: string;
  /** `ping()` rejects when Redis has not answered within this many ms. Default 2000. */
  readonly pingTimeoutMs?: number;
  /**
   * How often a store that neither writes nor reads checks that Redis still
   * holds its epoch (a quiet store would not notice a reset otherwise).
   * Default 5000 ms; the timer does not keep the process alive.
   */
  readonly resetCheckMs?: number;
}

interface Script {
  readonly source: string;
  readonly sha: string;
}

function script(source: string): Script {
  return { source, sha: createHash('sha1').update(source).digest('hex') };
}

const APPLY = script(APPLY_SCRIPT);
/** Channels whose last presence list is kept per instance. */
const PRESENCE_CACHE_SIZE = 256;
const PRESENCE = script(PRESENCE_SCRIPT);
const REPLAY = script(REPLAY_SCRIPT);
const VERSION = script(VERSION_SCRIPT);
/** How often one delivery may meet a reset before the store gives up (another instance keeps resetting). */
const MAX_RESET_RETRIES = 3;

/** EVALSHA, falling back to EVAL once when Redis does not have the script cached yet. */
async function run(
  redis: Redis,
  s: Script,
  keys: readonly string[],
  args: readonly (string | number)[],
): Promise<unknown> {
  try {
    return await redis.evalsha(s.sha, keys.length, ...keys, ...args);
  } catch (error) {
    if (!(error instanceof Error) || !error.message.startsWith('NOSCRIPT')) throw error;
    return redis.eval(s.source, keys.length, ...keys, ...args);
  }
}

function strings(reply: unknown): string[] {
  if (!Array.isArray(reply)) throw new NcsError('STORAGE_FAILED', 'Unexpected reply from Redis.');
  return reply.map(String);
}

/** Rejects with `STORE_UNAVAILABLE` if `promise` has not settled within `ms`. */
function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(
      () =>
        reject(new NcsError('STORE_UNAVAILABLE', `Redis did not answer ${what} within ${ms} ms.`)),
      ms,
    );
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (cause: unknown) => {
        clearTimeout(timer);
        reject(new NcsError('STORE_UNAVAILABLE', `Redis failed ${what}.`, { cause }));
      },
    );
  });
}

function positive(name: string, value: number): number {
  if (!Number.isInteger(value) || value < 1 || value > 0x7fff_ffff) {
    throw new NcsError('INVALID_CONFIG', `${name} must be a positive integer of milliseconds.`);
  }
  return value;
}

/**
 * A {@link NcsPresenceStore} in Redis, for several server instances sharing one
 * view. Per-user compare-and-set on clientSeq, dedupe, log append and publish
 * happen in one Lua script; the per-channel log is a stream with ids 1, 2, 3...;
 * every instance's `subscribe` listeners see every instance's events (pub/sub).
 * Resolves once the pub/sub subscription is live, so no event is missed.
 * Expects a single Redis (or a primary), not Redis Cluster.
 *
 * Reset detection: the epoch lives in Redis (`<prefix>epoch`). The apply and
 * replay scripts refuse to run under another epoch, reads and a timer compare
 * it, and pub/sub messages carry it; when Redis lost its data the store takes a
 * new epoch and tells its `onReset` listeners, so live feeds start again from
 * a snapshot instead of dropping the new ids as already seen.
 *
 * @example
 * const store = await createRedisPresenceStore({ redis: new Redis(process.env.REDIS_URL) });
 */
export async function createRedisPresenceStore(
  options: RedisPresenceStoreOptions,
): Promise<NcsPresenceStore> {
  const { now, tombstoneMs, dedupeMs, logSize } = resolveStoreOptions(options);
  const pingTimeoutMs = positive('pingTimeoutMs', options.pingTimeoutMs ?? 2000);
  const resetCheckMs = positive('resetCheckMs', options.resetCheckMs ?? 5000);
  const { redis } = options;
  const prefix = options.keyPrefix ?? 'ap:ncs:';
  const feedChannel = `${prefix}feed`;
  // Global keys: the highest id a forgotten channel reached, the version counter,
  // the epoch, and the number of the last pub/sub message.
  const floorKey = `${prefix}idfloor`;
  const versionKey = `${prefix}versions`;
  const epochKey = `${prefix}epoch`;
  const pubseqKey = `${prefix}pubseq`;
  const ownsSubscriber = options.subscriber === undefined;
  // The subscriber may queue commands while (re)connecting even when the main
  // client fails fast: a SUBSCRIBE is not a write NCS is waiting on.
  const subscriber =
    options.subscriber ?? redis.duplicate({ lazyConnect: false, enableOfflineQueue: true });
  const listeners = new Set<FeedListener>();
  const resetListeners = new Set<ResetListener>();
  const presenceCache = new Map<string, { version: string; presence: ChannelPresence }>();
  const keys = (channelName: string) => {
    const base = `${prefix}ch:{${channelName}}:`;
    return {
      users: `${base}users`,
      tomb: `${base}tomb`,
      seq: `${base}seq`,
      log: `${base}log`,
      meta: `${base}meta`,
    };
  };

  let epoch = '';
  let closed = false;
  /** number of the last pub/sub message handled in this epoch (0: none yet) */
  let lastPubseq = 0;

  function notifyReset(): void {
    presenceCache.clear();
    for (const listener of resetListeners) {
      try {
        listener(epoch);
      } catch {
        // one failing listener must not keep the others on stale state
      }
    }
  }

  /** Takes `next` as the epoch; tells the listeners when it is another one. */
  function adopt(next: string, pubseq = 0): void {
    if (next === epoch) return;
    epoch = next;
    lastPubseq = pubseq;
    presenceCache.clear();
    notifyReset();
  }

  let refreshing: Promise<void> | null = null;
  /**
   * Makes sure Redis has an epoch and adopts it: the first instance to see an
   * empty Redis picks it (SET NX), every other one reads it. One at a time.
   */
  function refreshEpoch(): Promise<void> {
    refreshing ??= (async () => {
      try {
        await redis.set(epochKey, randomUUID(), 'NX');
        const current = await redis.get(epochKey);
        if (current) adopt(current);
      } finally {
        refreshing = null;
      }
    })();
    return refreshing;
  }

  subscriber.on('message', (channel: string, message: string) => {
    if (channel !== feedChannel) return;
    // "<epoch> <pubseq> [events]", written by the apply script
    const space = message.indexOf(' ');
    const space2 = message.indexOf(' ', space + 1);
    if (space < 0 || space2 < 0) return; // not ours: another writer on the same channel name
    const from = message.slice(0, space);
    const pubseq = Number(message.slice(space + 1, space2));
    if (from !== epoch) {
      // Another instance already runs under a new epoch: Redis lost its data.
      // Its events are in the snapshot the reset listeners take next.
      adopt(from, pubseq);
      return;
    }
    if (pubseq <= lastPubseq) return; // covered by the snapshot of a resync
    const gap = lastPubseq !== 0 && pubseq !== lastPubseq + 1;
    lastPubseq = pubseq;
    if (gap) {
      // A message never reached us (a cut connection): start again from a snapshot.
      notifyReset();
      return;
    }
    let events: FeedEvent[];
    try {
      events = JSON.parse(message.slice(space2 + 1)) as FeedEvent[];
    } catch {
      return;
    }
    for (const event of events) {
      for (const listener of listeners) {
        try {
          listener(event);
        } catch {
          // A failing subscriber (a closed SSE socket) must not stop the others.
        }
      }
    }
  });
  // Without a listener ioredis prints "[ioredis] Unhandled error event" on every
  // failed reconnect; the main client's errors are its owner's to log.
  const onSubscriberError = (): void => {};
  subscriber.on('error', onSubscriberError);
  let cut = false;
  const onClose = (): void => {
    cut = true;
  };
  /**
   * Back after a cut: subscribe again (ioredis does too; SUBSCRIBE twice is
   * harmless and works with `autoResubscribe: false`), then see whether
   * messages were published meanwhile, or Redis lost its data.
   */
  const onReady = (): void => {
    if (!cut || closed) return;
    cut = false;
    void (async () => {
      await subscriber.subscribe(feedChannel);
      const [current, pubseq] = await redis.mget(epochKey, pubseqKey);
      if (current !== epoch) return refreshEpoch();
      if (Number(pubseq ?? 0) > lastPubseq) {
        lastPubseq = Number(pubseq);
        notifyReset();
      }
    })().catch(() => {
      // Redis went away again: the next reconnect, apply or check retries
      cut = true;
    });
  };
  subscriber.on('close', onClose);
  subscriber.on('ready', onReady);
  await subscriber.subscribe(feedChannel);
  await refreshEpoch();

  // A store that neither writes nor reads would not see a reset: look now and then.
  const timer = setInterval(() => {
    redis.get(epochKey).then(
      (current) => (current === epoch ? undefined : refreshEpoch()),
      () => {}, // Redis is down: nothing to compare with yet
    );
  }, resetCheckMs);
  timer.unref();

  async function apply(event: NcsRtcEvent): Promise<ApplyResult> {
    const k = keys(event.channelName);
    const kind =
      event.kind === 'channel-created'
        ? 'create'
        : event.kind === 'channel-destroyed'
          ? 'destroy'
          : event.kind === 'role-change'
            ? 'role'
            : event.kind;
    const user = 'uid' in event ? event : undefined;
    const leave = event.kind === 'leave' ? event : undefined;
    const keyList = [
      `${prefix}seen:${event.productId}:${event.noticeId}`,
      k.users,
      k.tomb,
      k.seq,
      k.log,
      k.meta,
      floorKey,
      versionKey,
      epochKey,
      pubseqKey,
    ];
    const args = [
      now(),
      dedupeMs,
      tombstoneMs,
      logSize,
      feedChannel,
      event.channelName,
      kind,
      user ? String(user.uid) : '',
      user ? String(user.clientSeq) : '0',
      user ? user.role : '',
      user && 'platform' in user ? String(user.platform) : '0',
      String(event.ts),
      String(event.ts * 1000),
      user?.account ?? '',
      leave ? String(leave.reason) : '0',
      leave ? leave.reasonName : '',
      epoch,
    ];
    for (let attempt = 0; ; attempt += 1) {
      const [status, ...events] = strings(await run(redis, APPLY, keyList, args));
      if (status === 'reset' && attempt < MAX_RESET_RETRIES) {
        // Redis lost its data (or another instance moved on): adopt the epoch
        // Redis has now and store the event under it. Nothing was written.
        await refreshEpoch();
        args[args.length - 1] = epoch;
        continue;
      }
      if (status !== 'applied' && status !== 'duplicate' && status !== 'stale') {
        throw new NcsError('STORAGE_FAILED', `Unexpected reply from Redis: ${String(status)}`);
      }
      return { status, events: events.map((json) => JSON.parse(json) as FeedEvent) };
    }
  }

  return {
    get epoch() {
      return epoch;
    },
    apply,
    async presence(channelName) {
      const k = keys(channelName);
      // A big channel is read far more often than it changes: ask for the
      // version first and reuse the last list while it is unchanged.
      const cached = presenceCache.get(channelName);
      if (cached) {
        const [version, current] = strings(await run(redis, VERSION, [k.meta, epochKey], []));
        if (current !== epoch) await refreshEpoch();
        else if (cached.version === version) return cached.presence;
      }
      const [lastId, version = '0', current, ...members] = strings(
        await run(redis, PRESENCE, [k.users, k.seq, k.meta, floorKey, epochKey], []),
      );
      const parsed = members.map((json) => JSON.parse(json) as PresenceMember);
      const presence = toChannelPresence(channelName, parsed, Number(lastId ?? 0));
      presenceCache.delete(channelName);
      if (current !== epoch) {
        // read after a reset: the list is the new epoch's, so is store.epoch from now on
        await refreshEpoch();
        return presence;
      }
      // '0': no such channel (yet, or any more); its lastEventId can still move
      if (version !== '0') presenceCache.set(channelName, { version, presence });
      if (presenceCache.size > PRESENCE_CACHE_SIZE) {
        presenceCache.delete(presenceCache.keys().next().value as string);
      }
      return presence;
    },
    async replay(channelName, afterId) {
      if (!Number.isInteger(afterId) || afterId < 0) return null;
      const k = keys(channelName);
      const [status, ...events] = strings(
        await run(redis, REPLAY, [k.log, k.seq, floorKey, epochKey], [afterId, epoch]),
      );
      if (status === 'reset') {
        await refreshEpoch();
        return null; // ids of another epoch: take a snapshot
      }
      return status === 'ok' ? events.map((json) => JSON.parse(json) as FeedEvent) : null;
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    onReset(listener) {
      resetListeners.add(listener);
      return () => resetListeners.delete(listener);
    },
    async ping() {
      if (closed) throw new NcsError('STORE_UNAVAILABLE', 'The store is closed.');
      // the feed needs the subscriber too: without it no live view is right
      if (subscriber.status !== 'ready') {
        throw new NcsError(
          'STORE_UNAVAILABLE',
          `The Redis pub/sub connection is ${subscriber.status}.`,
        );
      }
      const current = await within(redis.get(epochKey), pingTimeoutMs, 'a ping');
      if (current !== epoch) await within(refreshEpoch(), pingTimeoutMs, 'a ping');
    },
    async close() {
      closed = true;
      clearInterval(timer);
      listeners.clear();
      resetListeners.clear();
      subscriber.off('close', onClose);
      subscriber.off('ready', onReady);
      if (ownsSubscriber) subscriber.disconnect();
      else {
        await subscriber.unsubscribe(feedChannel);
        subscriber.off('error', onSubscriberError);
      }
    },
  };
}
