import { createHash, randomUUID } from 'node:crypto';
import type { Cluster, Redis } from 'ioredis';
import type { NcsRtcEvent } from './events';
import { NcsError } from './errors';
import { resolveStoreOptions, statsDisabled, toChannelPresence } from './memory-store';
import {
  BUCKETS,
  bucketKeys,
  channelKeys,
  checkKeyPrefix,
  epochKey,
  type BucketKeys,
} from './redis-keys';
import {
  APPLY_SCRIPT,
  BUMP_EPOCH_SCRIPT,
  PRESENCE_SCRIPT,
  REPLAY_SCRIPT,
  VERSION_SCRIPT,
} from './redis-scripts';
import { STATS_SCRIPT, statsFromReply, statsKeys, statsReadArgs } from './redis-stats';
import { statsCode } from './stats';
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

/** A single Redis (or primary) or a Redis Cluster, both from ioredis 5 or 6. */
export type RedisClient = Redis | Cluster;

/** Options of {@link createRedisPresenceStore}. */
export interface RedisPresenceStoreOptions extends NcsPresenceStoreOptions {
  /**
   * An ioredis (5 or 6) client: `new Redis(url)` or `new Cluster(nodes)`. The
   * store never closes it: it is yours. Give it `enableAutoPipelining: true`.
   */
  readonly redis: RedisClient;
  /**
   * A second connection for sharded pub/sub (a subscribed connection can do
   * nothing else). Default: a duplicate of `redis` (for a Cluster with
   * `shardedSubscribers: true`), closed by `close()`. A Cluster passed here
   * needs `shardedSubscribers: true`. The store adds an `'error'` listener to it
   * and subscribes again after every reconnect.
   */
  readonly subscriber?: RedisClient;
  /** Prefix of every key and pub/sub channel; no `{` or `}`. Default `ap:ncs:`. */
  readonly keyPrefix?: string;
  /** `ping()` rejects when Redis has not answered within this many ms. Default 2000. */
  readonly pingTimeoutMs?: number;
  /**
   * How often a store that neither writes nor reads checks that Redis still
   * holds its epoch (a quiet store would not notice a reset otherwise).
   * Default 5000 ms; the timer does not keep the process alive.
   */
  readonly resetCheckMs?: number;
  /**
   * How long a forgotten channel's last feed id and version are kept, so that
   * its ids go on from there when it comes back. Default 30 days; at least
   * `tombstoneMs`. A channel back after longer starts again at id 1.
   */
  readonly floorMs?: number;
  /**
   * Deliveries of one event-loop turn to channels of one bucket are stored by
   * one script call, up to this many per call. Default 64; 1 sends each
   * delivery on its own at once (one round trip each).
   */
  readonly maxBatch?: number;
  /**
   * `true` (default): subscribe to every bucket's feed at start, so
   * `subscribe()` listeners see every event from the moment the store
   * resolves; each instance then receives every event. `false`: only the
   * buckets of channels someone `watch()`es (and, lazily, all of them on the
   * first `subscribe()`), which is what scales with shards and channels.
   */
  readonly subscribeAll?: boolean;
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
const BUMP_EPOCH = script(BUMP_EPOCH_SCRIPT);
const STATS = script(STATS_SCRIPT);
/** How often one batch may meet a reset before the store gives up (another instance keeps resetting). */
const MAX_RESET_RETRIES = 3;
const DEFAULT_FLOOR_MS = 30 * 24 * 60 * 60 * 1000;
const DEFAULT_MAX_BATCH = 64;

/** EVALSHA, falling back to EVAL once when Redis does not have the script cached yet. */
async function run(
  redis: RedisClient,
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

function positive(name: string, value: number, max = 0x7fff_ffff): number {
  if (!Number.isInteger(value) || value < 1 || value > max) {
    throw new NcsError('INVALID_CONFIG', `${name} must be a positive integer up to ${max}.`);
  }
  return value;
}

function isCluster(client: RedisClient): client is Cluster {
  return client.isCluster;
}

/** A channel's keys in the order the apply script takes them, kept per channel name. */
interface ChannelEntry {
  readonly bucket: BucketKeys;
  /** users, tomb, seq, log, meta, floor, then (stats on) the 7 stats keys */
  readonly keys: readonly string[];
  /** prefix of the channel's dedupe marks: `<prefix>{<bucket>}:seen:` */
  readonly seen: string;
}
/** Channels whose keys are kept ready per instance (each is a SHA-1 and 13 strings to build). */
const CHANNEL_CACHE_SIZE = 4096;

/** One delivery waiting for its bucket's next script call. */
interface Pending {
  readonly channelName: string;
  readonly channel: ChannelEntry;
  /** its dedupe mark key */
  readonly seen: string;
  /** kind,uid,clientSeq,role,platform,ts,reason,reasonName,statsCode,account (redis-scripts.ts) */
  readonly packed: string;
  resolve(result: ApplyResult): void;
  reject(error: unknown): void;
}

/**
 * The packed ARGV line of one delivery (see APPLY_SCRIPT): digits and our own
 * words, then the account ('' when none), the only free text, last.
 */
function packDelivery(event: NcsRtcEvent): string {
  const code = statsCode(event) ?? '';
  switch (event.kind) {
    case 'channel-created':
      return `create,,,,,${event.ts},,,,`;
    case 'channel-destroyed':
      return `destroy,,,,,${event.ts},,,,`;
    case 'join':
      return `join,${event.uid},${event.clientSeq},${event.role},${event.platform},${event.ts},,,${code},${event.account ?? ''}`;
    case 'leave':
      return `leave,${event.uid},${event.clientSeq},${event.role},${event.platform},${event.ts},${event.reason},${event.reasonName},${code},${event.account ?? ''}`;
    case 'role-change':
      return `role,${event.uid},${event.clientSeq},${event.role},0,${event.ts},,,${code},${event.account ?? ''}`;
  }
}

/**
 * An `applied` result whose feed events (`a` + their JSON array, from the
 * script) are parsed when first read: the receiver only reads the status, and
 * live feeds get the events over pub/sub.
 */
function applied(reply: string): ApplyResult {
  let events: FeedEvent[] | undefined;
  return {
    status: 'applied',
    get events(): FeedEvent[] {
      return (events ??= JSON.parse(reply.slice(1)) as FeedEvent[]);
    },
  };
}

/**
 * A {@link NcsPresenceStore} in Redis or Redis Cluster, for several server
 * instances sharing one view. Per-user compare-and-set on clientSeq, dedupe,
 * log append and publish happen in one Lua script; the per-channel log is a
 * stream with ids 1, 2, 3...; live events travel over sharded pub/sub
 * (SSUBSCRIBE / SPUBLISH, Redis 7), one shard channel per bucket.
 * Resolves once the store's subscriptions are live, so no event is missed.
 *
 * Every key of a channel is in its bucket's hash slot (redis-keys.ts), so each
 * script touches one slot and a Cluster spreads channels over its shards.
 * Deliveries of one event-loop turn are grouped by bucket into one script call.
 *
 * Reset detection: the epoch of record lives in `<prefix>epoch`, and every
 * bucket holds a marker with the epoch its data belongs to, written for every
 * bucket before the epoch of record exists. The scripts refuse to run when
 * their bucket's marker is not the caller's epoch; a missing marker means its
 * node lost its data (a restart without persistence), so the store moves the
 * whole prefix to a new epoch and tells its `onReset` listeners: live feeds
 * start again from a snapshot instead of dropping the new ids as already seen.
 * Channels on the other nodes keep their data and ids.
 *
 * @example
 * const store = await createRedisPresenceStore({ redis: new Redis(process.env.REDIS_URL) });
 */
export async function createRedisPresenceStore(
  options: RedisPresenceStoreOptions,
): Promise<NcsPresenceStore> {
  const { now, tombstoneMs, dedupeMs, logSize, ...resolved } = resolveStoreOptions(options);
  const statsConfig = resolved.stats
    ? { windowMs: resolved.statsWindowMs, maxEvents: resolved.statsMaxEvents }
    : null;
  const pingTimeoutMs = positive('pingTimeoutMs', options.pingTimeoutMs ?? 2000);
  const resetCheckMs = positive('resetCheckMs', options.resetCheckMs ?? 5000);
  const floorMs = positive('floorMs', options.floorMs ?? DEFAULT_FLOOR_MS, Number.MAX_SAFE_INTEGER);
  if (floorMs < tombstoneMs) {
    throw new NcsError('INVALID_CONFIG', 'floorMs must be at least tombstoneMs.');
  }
  const maxBatch = positive('maxBatch', options.maxBatch ?? DEFAULT_MAX_BATCH, 1000);
  const subscribeAll = options.subscribeAll ?? true;
  const { redis } = options;
  const prefix = checkKeyPrefix(options.keyPrefix ?? 'ap:ncs:');
  const globalEpochKey = epochKey(prefix);
  const buckets: readonly BucketKeys[] = Array.from({ length: BUCKETS }, (_, b) =>
    bucketKeys(prefix, b),
  );
  const bucketOfFeed = new Map(buckets.map((b) => [b.feed, b.bucket]));
  const ownsSubscriber = options.subscriber === undefined;
  if (options.subscriber && isCluster(options.subscriber)) {
    if (!options.subscriber.options.shardedSubscribers) {
      throw new NcsError(
        'INVALID_CONFIG',
        'A Cluster subscriber needs shardedSubscribers: true (the store uses SSUBSCRIBE).',
      );
    }
  }
  // The subscriber may queue commands while (re)connecting even when the main
  // client fails fast: an SSUBSCRIBE is not a write NCS is waiting on.
  const subscriber: RedisClient =
    options.subscriber ??
    (isCluster(redis)
      ? redis.duplicate([], { shardedSubscribers: true, enableOfflineQueue: true })
      : redis.duplicate({ lazyConnect: false, enableOfflineQueue: true }));
  const listeners = new Set<FeedListener>();
  const watchers = new Map<string, Set<FeedListener>>();
  const resetListeners = new Set<ResetListener>();
  const presenceCache = new Map<string, { version: string; presence: ChannelPresence }>();

  let epoch = '';
  let closed = false;
  /** per bucket: number of the last pub/sub message handled in this epoch (0: none yet) */
  const lastPubseq = new Float64Array(BUCKETS);
  /** per subscribed bucket: how many reasons (all, watched channels) keep it, and its SSUBSCRIBE */
  const subscriptions = new Map<number, { count: number; ready: Promise<unknown> }>();

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
  function adopt(next: string): boolean {
    if (next === epoch) return false;
    epoch = next;
    lastPubseq.fill(0);
    notifyReset();
    return true;
  }

  const readMarkers = () => Promise.all(buckets.map((b) => redis.get(b.marker)));

  /**
   * The epoch of record, made consistent with every bucket marker: created if
   * missing (markers first, so that once it exists a missing marker can only
   * mean lost data), moved on when a bucket lost its data, and written into
   * every marker that holds another one.
   */
  async function syncEpoch(): Promise<string | null> {
    let current = await redis.get(globalEpochKey);
    let markers = await readMarkers();
    if (current === null) {
      const next = randomUUID();
      await Promise.all(buckets.map((b) => redis.set(b.marker, next, 'NX')));
      await redis.set(globalEpochKey, next, 'NX');
      current = await redis.get(globalEpochKey);
      markers = await readMarkers();
    } else if (markers.includes(null)) {
      // A bucket lost its data (its node restarted empty): its ids start again,
      // so every feed must take a new epoch. Compare-and-set: one move per loss.
      await run(redis, BUMP_EPOCH, [globalEpochKey], [current, randomUUID()]);
      current = await redis.get(globalEpochKey);
    }
    if (current === null) return null; // flushed meanwhile: the next check starts over
    const value = current;
    await Promise.all(
      markers.map((marker, b) =>
        marker === value ? undefined : redis.set(buckets[b]?.marker ?? '', value),
      ),
    );
    return value;
  }

  let refreshing: Promise<void> | null = null;
  /** Makes sure Redis has a consistent epoch and adopts it. One at a time. */
  function refreshEpoch(): Promise<boolean> {
    const before = epoch;
    refreshing ??= (async () => {
      try {
        const current = await syncEpoch();
        if (current) adopt(current);
      } finally {
        refreshing = null;
      }
    })();
    return refreshing.then(() => epoch !== before);
  }

  function emit(event: FeedEvent): void {
    for (const listener of listeners) {
      try {
        listener(event);
      } catch {
        // A failing subscriber (a closed SSE socket) must not stop the others.
      }
    }
    const watching = watchers.get(event.channelName);
    if (!watching) return;
    for (const listener of watching) {
      try {
        listener(event);
      } catch {
        // same
      }
    }
  }

  subscriber.on('smessage', (channel: string, message: string) => {
    const bucket = bucketOfFeed.get(channel);
    if (bucket === undefined) return;
    // "<epoch> <pubseq> [events]", written by the apply script
    const space = message.indexOf(' ');
    const space2 = message.indexOf(' ', space + 1);
    if (space < 0 || space2 < 0) return; // not ours: another writer on the same channel name
    const from = message.slice(0, space);
    const pubseq = Number(message.slice(space + 1, space2));
    if (from !== epoch) {
      // Written under another epoch: Redis lost data and an instance moved on,
      // or a bucket's marker is being rewritten. Either way these events are
      // in the snapshot the reset listeners take next.
      void refreshEpoch().then(
        (changed) => changed || notifyReset(),
        () => notifyReset(),
      );
      return;
    }
    const last = lastPubseq[bucket] ?? 0;
    if (pubseq <= last) return; // covered by the snapshot of a resync
    lastPubseq[bucket] = pubseq;
    if (last !== 0 && pubseq !== last + 1) {
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
    for (const event of events) emit(event);
  });
  // Without a listener ioredis prints "[ioredis] Unhandled error event" on every
  // failed reconnect; the main client's errors are its owner's to log.
  const onSubscriberError = (): void => {};
  subscriber.on('error', onSubscriberError);

  function ssubscribe(bucket: number): Promise<unknown> {
    const feed = buckets[bucket]?.feed ?? '';
    return subscriber.ssubscribe(feed);
  }

  /** Keeps bucket `bucket` subscribed for one more reason; resolves once it is live. */
  function hold(bucket: number): Promise<unknown> {
    const held = subscriptions.get(bucket);
    if (held) {
      held.count += 1;
      return held.ready;
    }
    const ready = ssubscribe(bucket);
    subscriptions.set(bucket, { count: 1, ready });
    return ready;
  }

  function release(bucket: number): void {
    const held = subscriptions.get(bucket);
    if (!held) return;
    held.count -= 1;
    if (held.count > 0) return;
    subscriptions.delete(bucket);
    lastPubseq[bucket] = 0;
    if (!closed) {
      subscriber.sunsubscribe(buckets[bucket]?.feed ?? '').catch(() => {
        // cut meanwhile: nothing to undo, the reconnect does not resubscribe it
      });
    }
  }

  let allHeld: Promise<unknown> | null = null;
  function holdAll(): Promise<unknown> {
    allHeld ??= Promise.all(buckets.map((b) => hold(b.bucket)));
    return allHeld;
  }

  let cut = false;
  const onClose = (): void => {
    cut = true;
  };
  /**
   * Back after a cut: subscribe again (ioredis does too; SSUBSCRIBE twice is
   * harmless and works with `autoResubscribe: false`), then see whether
   * messages were published meanwhile, or Redis lost its data.
   */
  const onReady = (): void => {
    if (!cut || closed) return;
    cut = false;
    void (async () => {
      const held = [...subscriptions.keys()];
      if (!isCluster(subscriber)) await Promise.all(held.map(ssubscribe));
      if (await refreshEpoch()) return;
      const counts = await Promise.all(held.map((b) => redis.get(buckets[b]?.pubseq ?? '')));
      let missed = false;
      counts.forEach((count, i) => {
        const bucket = held[i] ?? 0;
        if (Number(count ?? 0) > (lastPubseq[bucket] ?? 0)) {
          lastPubseq[bucket] = Number(count);
          missed = true;
        }
      });
      if (missed) notifyReset();
    })().catch(() => {
      // Redis went away again: the next reconnect, apply or check retries
      cut = true;
    });
  };
  // A single Redis: the subscriber's own close / ready. A Cluster: its sharded
  // subscribers, one per primary, restarted by ioredis after a node comes back.
  const closeEvent = isCluster(subscriber) ? '-subscriber' : 'close';
  const readyEvent = isCluster(subscriber) ? '+subscriber' : 'ready';
  subscriber.on(closeEvent, onClose);
  subscriber.on(readyEvent, onReady);
  await refreshEpoch();
  if (subscribeAll) await holdAll();

  // A store that neither writes nor reads would not see a reset: look now and then.
  const timer = setInterval(() => {
    Promise.all([redis.get(globalEpochKey), readMarkers()]).then(
      ([current, markers]) =>
        current === epoch && markers.every((m) => m === epoch) ? undefined : refreshEpoch(),
      () => {}, // Redis is down: nothing to compare with yet
    );
  }, resetCheckMs);
  timer.unref();

  const channelCache = new Map<string, ChannelEntry>();
  function channelEntry(channelName: string): ChannelEntry {
    const hit = channelCache.get(channelName);
    if (hit) return hit;
    const k = channelKeys(prefix, channelName);
    const keys = [k.users, k.tomb, k.seq, k.log, k.meta, k.floor];
    if (statsConfig) keys.push(...statsKeys(prefix, channelName));
    const bucket = buckets[k.bucket] ?? bucketKeys(prefix, k.bucket);
    const entry: ChannelEntry = { bucket, keys, seen: bucket.seenPrefix };
    if (channelCache.size >= CHANNEL_CACHE_SIZE) {
      channelCache.delete(channelCache.keys().next().value as string);
    }
    channelCache.set(channelName, entry);
    return entry;
  }

  const shared = (): (string | number)[] => [
    now(),
    dedupeMs,
    tombstoneMs,
    logSize,
    '',
    epoch,
    floorMs,
    statsConfig ? '1' : '0',
    statsConfig?.windowMs ?? 0,
    statsConfig?.maxEvents ?? 0,
    statsConfig ? statsConfig.windowMs + 60_000 : 0,
  ];

  /**
   * Stores one bucket's batch, presence and stats in one script call, grouped
   * by channel; answers each delivery once the call that stored it returned.
   */
  async function store(bucket: BucketKeys, batch: readonly Pending[]): Promise<void> {
    try {
      await storeBatch(bucket, batch);
    } catch (error) {
      // not a Redis error (those are handled below): still an answer for each
      for (const pending of batch) pending.reject(error);
    }
  }
  async function storeBatch(bucket: BucketKeys, batch: readonly Pending[]): Promise<void> {
    const groups = new Map<string, Pending[]>();
    for (const pending of batch) {
      const group = groups.get(pending.channelName);
      if (group) group.push(pending);
      else groups.set(pending.channelName, [pending]);
    }
    const keys: string[] = [bucket.marker, bucket.pubseq];
    const args = shared();
    args[4] = bucket.feed;
    const order: Pending[] = [];
    for (const [channelName, group] of groups) {
      keys.push(...(group[0] as Pending).channel.keys);
      args.push(channelName, group.length);
      for (const pending of group) {
        keys.push(pending.seen);
        args.push(pending.packed);
        order.push(pending);
      }
    }
    try {
      for (let attempt = 0; ; attempt += 1) {
        const reply = await run(redis, APPLY, keys, args);
        if (!Array.isArray(reply)) throw new NcsError('STORAGE_FAILED', 'Unexpected reply.');
        const status: unknown = reply[0];
        if (status === 'reset' && attempt < MAX_RESET_RETRIES) {
          // The bucket lost its data, or another instance moved on: settle the
          // epoch and store the batch under it. Nothing was written.
          await refreshEpoch();
          args[5] = epoch;
          continue;
        }
        if (status !== 'ok' || reply.length !== order.length + 1) {
          throw new NcsError('STORAGE_FAILED', `Unexpected reply from Redis: ${String(status)}`);
        }
        order.forEach((pending, i) => {
          const result = String(reply[i + 1]);
          if (result === 'd') pending.resolve({ status: 'duplicate', events: [] });
          else if (result === 's') pending.resolve({ status: 'stale', events: [] });
          else if (result.startsWith('a')) pending.resolve(applied(result));
          else {
            pending.reject(
              new NcsError('STORAGE_FAILED', `Unexpected reply from Redis: ${result}`),
            );
          }
        });
        return;
      }
    } catch (error) {
      for (const pending of batch) pending.reject(error);
    }
  }

  /**
   * Deliveries waiting per bucket, and the buckets with a call in flight.
   * One call per bucket at a time: what arrives while a bucket's call is out
   * waits for it to return and then goes in one call (group commit). Under
   * load the batches grow with the round trip instead of the calls
   * multiplying; when Redis is idle a delivery still leaves at the end of its
   * turn. Calls of one bucket are serialised anyway (one slot, one Redis
   * thread, one auto-pipeline in flight per connection), so none waits longer
   * than it would behind ioredis's queue.
   */
  const queued = new Map<number, Pending[]>();
  const inFlight = new Set<number>();
  let flushing = false;
  function send(bucket: number, pending: readonly Pending[]): void {
    const keys = buckets[bucket];
    if (!keys) return;
    inFlight.add(bucket);
    const calls: Promise<void>[] = [];
    for (let i = 0; i < pending.length; i += maxBatch) {
      calls.push(store(keys, pending.slice(i, i + maxBatch)));
    }
    // allSettled: whatever happened to this call, the bucket's next one must go
    void Promise.allSettled(calls).then(() => {
      inFlight.delete(bucket);
      const next = queued.get(bucket);
      if (!next) return;
      queued.delete(bucket);
      send(bucket, next);
    });
  }
  function flush(): void {
    flushing = false;
    for (const [bucket, pending] of queued) {
      if (inFlight.has(bucket)) continue; // goes when its bucket's call returns
      queued.delete(bucket);
      send(bucket, pending);
    }
  }

  function apply(event: NcsRtcEvent): Promise<ApplyResult> {
    const channel = channelEntry(event.channelName);
    return new Promise<ApplyResult>((resolve, reject) => {
      const pending: Pending = {
        channelName: event.channelName,
        channel,
        seen: `${channel.seen}${event.productId}:${event.noticeId}`,
        packed: packDelivery(event),
        resolve,
        reject,
      };
      if (maxBatch === 1) {
        void store(channel.bucket, [pending]);
        return;
      }
      // Every delivery of this event-loop turn (a pipelined burst, many
      // connections) waits for the turn's end, then shares its bucket's call.
      const bucket = channel.bucket.bucket;
      const list = queued.get(bucket);
      if (list) list.push(pending);
      else queued.set(bucket, [pending]);
      if (!flushing) {
        flushing = true;
        setImmediate(flush);
      }
    });
  }

  return {
    get epoch() {
      return epoch;
    },
    apply,
    async presence(channelName) {
      const k = channelKeys(prefix, channelName);
      // A big channel is read far more often than it changes: ask for the
      // version first and reuse the last list while it is unchanged.
      const cached = presenceCache.get(channelName);
      if (cached) {
        const [version, current] = strings(await run(redis, VERSION, [k.meta, k.marker], []));
        if (current !== epoch) await refreshEpoch();
        else if (cached.version === version) return cached.presence;
      }
      const [lastId, version = '0', current, ...members] = strings(
        await run(redis, PRESENCE, [k.users, k.seq, k.meta, k.floor, k.marker], []),
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
      const k = channelKeys(prefix, channelName);
      const [status, ...events] = strings(
        await run(redis, REPLAY, [k.log, k.seq, k.floor, k.marker], [afterId, epoch]),
      );
      if (status === 'reset') {
        await refreshEpoch();
        return null; // ids of another epoch: take a snapshot
      }
      return status === 'ok' ? events.map((json) => JSON.parse(json) as FeedEvent) : null;
    },
    async stats(channelName) {
      if (!statsConfig) throw statsDisabled();
      const at = now();
      const keys = statsKeys(prefix, channelName);
      return statsFromReply(
        channelName,
        at,
        await run(redis, STATS, keys, statsReadArgs(at, statsConfig)),
      );
    },
    subscribe(listener) {
      listeners.add(listener);
      holdAll().catch(() => {
        // cut: the reconnect subscribes again
      });
      return () => listeners.delete(listener);
    },
    async watch(channelName, listener) {
      const { bucket } = channelKeys(prefix, channelName);
      let set = watchers.get(channelName);
      if (!set) watchers.set(channelName, (set = new Set()));
      const entry = { listener };
      // one entry per call, so the same function watched twice is released twice
      const wrapped: FeedListener = (event) => entry.listener(event);
      set.add(wrapped);
      try {
        await hold(bucket);
      } catch (cause) {
        set.delete(wrapped);
        release(bucket);
        throw new NcsError('STORE_UNAVAILABLE', 'Redis refused the subscription.', { cause });
      }
      let done = false;
      return () => {
        if (done) return;
        done = true;
        set.delete(wrapped);
        if (set.size === 0 && watchers.get(channelName) === set) watchers.delete(channelName);
        release(bucket);
      };
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
      const current = await within(redis.get(globalEpochKey), pingTimeoutMs, 'a ping');
      if (current !== epoch) await within(refreshEpoch(), pingTimeoutMs, 'a ping');
    },
    async close() {
      if (closed) return;
      closed = true;
      clearInterval(timer);
      listeners.clear();
      watchers.clear();
      resetListeners.clear();
      subscriber.off(closeEvent, onClose);
      subscriber.off(readyEvent, onReady);
      if (ownsSubscriber) subscriber.disconnect();
      else {
        const feeds = [...subscriptions.keys()].map((b) => buckets[b]?.feed ?? '');
        if (feeds.length > 0) await Promise.all(feeds.map((feed) => subscriber.sunsubscribe(feed)));
        subscriber.off('error', onSubscriberError);
      }
      subscriptions.clear();
    },
  };
}
