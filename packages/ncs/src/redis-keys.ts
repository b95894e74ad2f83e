import { createHash } from 'node:crypto';
import { NcsError } from './errors';

/**
 * Redis key names of the Redis store: the ONE place that builds them (the
 * stats keys of the same store use it too).
 *
 * Redis Cluster runs a script only when all its keys hash to one slot, so every
 * key of a channel carries the same hash tag. The tag is not the channel name
 * (a name may contain `{` or `}`, which would move or split the tag) but the
 * channel's bucket: the first 16 bits of SHA-1(channelName) modulo
 * {@link BUCKETS}, written `{<bucket>}`, always exactly one slot. A bucket also
 * holds the keys shared by its channels: the epoch marker the scripts check
 * (reset detection per node, see redis-store.ts), the pub/sub message counter
 * and the sharded pub/sub channel. The channel name comes after the tag, where
 * braces mean nothing to Redis, behind a fixed kind word, so two channels never
 * share a key.
 *
 * Layout (prefix `ap:ncs:` by default):
 *   <prefix>epoch                        the epoch of record (one slot, read rarely)
 *   <prefix>{<b>}:epoch                  bucket marker: the epoch its data belongs to
 *   <prefix>{<b>}:pubseq                 numbers the bucket's pub/sub messages
 *   <prefix>{<b>}:feed                   the bucket's sharded pub/sub channel (SPUBLISH)
 *   <prefix>{<b>}:seen:<product>:<notice> dedupe mark (per bucket: a redelivery keeps its channel)
 *   <prefix>{<b>}:<kind>:<channelName>   kind: users, tomb, seq, log, meta, floor
 */

/** Number of buckets: 1,024 slots of Redis Cluster's 16,384, enough to spread channels over many shards. */
export const BUCKETS = 1024;

/** The bucket of a channel: a stable number in [0, BUCKETS). */
export function bucketOf(channelName: string): number {
  // 2^16 is a multiple of BUCKETS, so every bucket is equally likely.
  return createHash('sha1').update(channelName).digest().readUInt16BE(0) % BUCKETS;
}

/** Throws `INVALID_CONFIG` for a prefix that would break the hash tag. */
export function checkKeyPrefix(prefix: string): string {
  if (prefix.includes('{') || prefix.includes('}')) {
    throw new NcsError(
      'INVALID_CONFIG',
      'keyPrefix must not contain { or }: the store puts its own Redis Cluster hash tag after it.',
    );
  }
  return prefix;
}

/** The keys every channel of one bucket shares. */
export interface BucketKeys {
  readonly bucket: number;
  /** the epoch this bucket's data belongs to (missing: the node lost its data) */
  readonly marker: string;
  /** counter numbering the bucket's pub/sub messages */
  readonly pubseq: string;
  /** sharded pub/sub channel of the bucket */
  readonly feed: string;
  /** dedupe mark of one delivery */
  seen(productId: number | string, noticeId: string): string;
  /** what every dedupe mark of the bucket starts with */
  readonly seenPrefix: string;
}

/** The keys of one channel, all in its bucket's slot. */
export interface ChannelKeys extends BucketKeys {
  /** hash uid -> record JSON */
  readonly users: string;
  /** zset of offline records by expiry */
  readonly tomb: string;
  /** last feed id */
  readonly seq: string;
  /** stream: the feed log */
  readonly log: string;
  /** hash: on (online count), v (version), destroyedAt */
  readonly meta: string;
  /** hash: i (last id), v (last version) of a forgotten channel; outlives the others */
  readonly floor: string;
}

/** The global key naming the epoch of record. */
export function epochKey(prefix: string): string {
  return `${prefix}epoch`;
}

/** Keys of bucket `bucket`. */
export function bucketKeys(prefix: string, bucket: number): BucketKeys {
  const base = `${prefix}{${bucket}}:`;
  return {
    bucket,
    marker: `${base}epoch`,
    pubseq: `${base}pubseq`,
    feed: `${base}feed`,
    seen: (productId, noticeId) => `${base}seen:${productId}:${noticeId}`,
    seenPrefix: `${base}seen:`,
  };
}

/** Keys of channel `channelName`. */
export function channelKeys(prefix: string, channelName: string): ChannelKeys {
  const bucket = bucketOf(channelName);
  const base = `${prefix}{${bucket}}:`;
  return {
    ...bucketKeys(prefix, bucket),
    users: `${base}users:${channelName}`,
    tomb: `${base}tomb:${channelName}`,
    seq: `${base}seq:${channelName}`,
    log: `${base}log:${channelName}`,
    meta: `${base}meta:${channelName}`,
    floor: `${base}floor:${channelName}`,
  };
}
