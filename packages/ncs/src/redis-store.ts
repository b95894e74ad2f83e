import { createHash, randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { NcsRtcEvent } from './events';
import { NcsError } from './errors';
import { resolveStoreOptions, toChannelPresence } from './memory-store';
import { APPLY_SCRIPT, PRESENCE_SCRIPT, REPLAY_SCRIPT } from './redis-scripts';
import type {
  ApplyResult,
  ChannelPresence,
  FeedEvent,
  FeedListener,
  PresenceMember,
  PresenceStore,
  PresenceStoreOptions,
} from './store';

/** Options of {@link createRedisPresenceStore}. */
export interface RedisPresenceStoreOptions extends PresenceStoreOptions {
  /** An ioredis (5 or 6) client. The store never closes it: it is yours. */
  readonly redis: Redis;
  /**
   * A second connection for pub/sub (a subscribed connection can do nothing
   * else). Default: `redis.duplicate()`, closed by `close()`.
   */
  readonly subscriber?: Redis;
  /** Prefix of every key and of the pub/sub channel. Default `ap:ncs:`. */
  readonly keyPrefix?: string;
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

/**
 * A {@link PresenceStore} in Redis, for several server instances sharing one
 * view. Per-user compare-and-set on clientSeq, dedupe, log append and publish
 * happen in one Lua script; the per-channel log is a stream with ids 1, 2, 3...;
 * every instance's `subscribe` listeners see every instance's events (pub/sub).
 * Resolves once the pub/sub subscription is live, so no event is missed.
 * Expects a single Redis (or a primary), not Redis Cluster.
 *
 * @example
 * const store = await createRedisPresenceStore({ redis: new Redis(process.env.REDIS_URL) });
 */
export async function createRedisPresenceStore(
  options: RedisPresenceStoreOptions,
): Promise<PresenceStore> {
  const { now, tombstoneMs, dedupeMs, logSize } = resolveStoreOptions(options);
  const { redis } = options;
  const prefix = options.keyPrefix ?? 'ap:ncs:';
  const feedChannel = `${prefix}feed`;
  // Global keys: the highest id a forgotten channel reached, and the version counter.
  const floorKey = `${prefix}idfloor`;
  const versionKey = `${prefix}versions`;
  const ownsSubscriber = options.subscriber === undefined;
  // The subscriber may queue commands while (re)connecting even when the main
  // client fails fast: a SUBSCRIBE is not a write NCS is waiting on.
  const subscriber =
    options.subscriber ?? redis.duplicate({ lazyConnect: false, enableOfflineQueue: true });
  const listeners = new Set<FeedListener>();
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

  subscriber.on('message', (channel: string, message: string) => {
    if (channel !== feedChannel) return;
    let events: FeedEvent[];
    try {
      events = JSON.parse(message) as FeedEvent[];
    } catch {
      return; // not ours: another writer on the same channel name
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
  await subscriber.subscribe(feedChannel);
  // The first instance on a fresh Redis picks the epoch; every later one reads it.
  const epochKey = `${prefix}epoch`;
  await redis.set(epochKey, randomUUID(), 'NX');
  const epoch = (await redis.get(epochKey)) ?? randomUUID();

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
    const reply = strings(
      await run(
        redis,
        APPLY,
        [
          `${prefix}seen:${event.productId}:${event.noticeId}`,
          k.users,
          k.tomb,
          k.seq,
          k.log,
          k.meta,
          floorKey,
          versionKey,
        ],
        [
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
        ],
      ),
    );
    const [status, ...events] = reply;
    if (status !== 'applied' && status !== 'duplicate' && status !== 'stale') {
      throw new NcsError('STORAGE_FAILED', `Unexpected reply from Redis: ${String(status)}`);
    }
    return { status, events: events.map((json) => JSON.parse(json) as FeedEvent) };
  }

  return {
    epoch,
    apply,
    async presence(channelName) {
      const k = keys(channelName);
      // A big channel is read far more often than it changes: ask for the
      // version first and reuse the last list while it is unchanged.
      const cached = presenceCache.get(channelName);
      if (cached && cached.version === ((await redis.hget(k.meta, 'v')) ?? '0'))
        return cached.presence;
      const [lastId, version = '0', ...members] = strings(
        await run(redis, PRESENCE, [k.users, k.seq, k.meta, floorKey], []),
      );
      const parsed = members.map((json) => JSON.parse(json) as PresenceMember);
      const presence = toChannelPresence(channelName, parsed, Number(lastId ?? 0));
      presenceCache.delete(channelName);
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
        await run(redis, REPLAY, [k.log, k.seq, floorKey], [afterId]),
      );
      return status === 'ok' ? events.map((json) => JSON.parse(json) as FeedEvent) : null;
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async close() {
      listeners.clear();
      if (ownsSubscriber) subscriber.disconnect();
      else await subscriber.unsubscribe(feedChannel);
    },
  };
}
