import {
  RTC_PRODUCT_ID,
  TEST_CHANNEL_NAME,
  TEST_UID,
  leaveReasonName,
  platformName,
} from './codes';
import { NcsError } from './errors';
import type { NcsNotice, NcsNoticeBase, NcsRtcEvent } from './events';

type Json = Record<string, unknown>;

const MAX_UID = 0xffff_ffff;
/**
 * `ts` is Unix seconds (docs/agora-behaviour.md §3); 2^32 s is the year 2106. Anything
 * larger is not a time NCS sends, and would overflow once turned into ms
 * (`ts: 1e306` became `Infinity` in Redis's JSON and broke every read).
 */
const MAX_TS_SEC = 2 ** 32;
/** notifyMs: ms, same bound as ts. */
const MAX_NOTIFY_MS = MAX_TS_SEC * 1000;
const decoder = new TextDecoder('utf-8', { fatal: true });

function malformed(message: string): NcsError {
  return new NcsError('MALFORMED_EVENT', message);
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function num(obj: Json, key: string, where: string): number {
  const value = obj[key];
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw malformed(`${where}.${key} must be a number.`);
  }
  return value;
}

function optNum(obj: Json, key: string, where: string): number | undefined {
  return obj[key] === undefined || obj[key] === null ? undefined : num(obj, key, where);
}

/** An integer in [0, max]: every id, code and time NCS sends is one. */
function int(obj: Json, key: string, where: string, max: number, what: string): number {
  const value = num(obj, key, where);
  if (!Number.isInteger(value) || value < 0 || value > max) {
    throw malformed(`${where}.${key} must be ${what}, got ${String(value)}.`);
  }
  return value;
}

function optInt(
  obj: Json,
  key: string,
  where: string,
  max: number,
  what: string,
): number | undefined {
  return obj[key] === undefined || obj[key] === null ? undefined : int(obj, key, where, max, what);
}

const U32 = 'an unsigned 32-bit integer';

function str(obj: Json, key: string, where: string): string {
  const value = obj[key];
  if (typeof value !== 'string' || value.length === 0) {
    throw malformed(`${where}.${key} must be a non-empty string.`);
  }
  return value;
}

function uid(payload: Json): number {
  return int(payload, 'uid', 'payload', MAX_UID, U32);
}

function clientSeq(payload: Json): number {
  // Beyond 2^53 - 1 doubles cannot order the values exactly any more.
  return int(
    payload,
    'clientSeq',
    'payload',
    Number.MAX_SAFE_INTEGER,
    'an integer between 0 and 2^53 - 1',
  );
}

/** Decodes the raw body into a JSON object, or throws `MALFORMED_JSON`. */
function decode(body: string | Uint8Array): Json {
  let value: unknown;
  try {
    value = JSON.parse(typeof body === 'string' ? body : decoder.decode(body));
  } catch (cause) {
    throw new NcsError('MALFORMED_JSON', 'The body is not valid UTF-8 JSON.', { cause });
  }
  if (!isObject(value)) throw new NcsError('MALFORMED_JSON', 'The body is not a JSON object.');
  return value;
}

/** The RTC event types this package handles. */
const RTC_EVENT_TYPES: ReadonlySet<number> = new Set([
  101, 102, 103, 104, 105, 106, 107, 108, 111, 112,
]);

// Module-level, not a closure per call: this runs for every delivery.
function ignored(
  reason: 'other-product' | 'unknown-event-type' | 'test-event',
  noticeId: string,
  productId: number,
  eventType: number,
): NcsNotice {
  return { status: 'ignored', reason, noticeId, productId, eventType };
}

/**
 * Parses a delivery's body WITHOUT checking its signature (use
 * {@link constructNcsEvent} on untrusted input). Unknown fields are ignored;
 * other products and unknown RTC types come back as `status: 'ignored'`.
 * Throws {@link NcsError} `MALFORMED_JSON` or `MALFORMED_EVENT`.
 */
export function parseNcsNotice(body: string | Uint8Array): NcsNotice {
  const root = decode(body);
  const noticeId = str(root, 'noticeId', 'body');
  const productId = int(root, 'productId', 'body', MAX_UID, U32);
  const eventType = int(root, 'eventType', 'body', MAX_UID, U32);
  const notifyMs =
    optInt(root, 'notifyMs', 'body', MAX_NOTIFY_MS, 'whole ms between 0 and 2^32 s') ?? 0;
  // Other products reuse RTC's numbers with other meanings: dispatch on both (docs/agora-behaviour.md §3).
  if (productId !== RTC_PRODUCT_ID) return ignored('other-product', noticeId, productId, eventType);
  if (!RTC_EVENT_TYPES.has(eventType)) {
    return ignored('unknown-event-type', noticeId, productId, eventType);
  }
  const payload = root['payload'];
  if (!isObject(payload)) throw malformed('body.payload must be an object.');
  const channelName = str(payload, 'channelName', 'payload');
  if (channelName === TEST_CHANNEL_NAME || payload['uid'] === TEST_UID)
    return ignored('test-event', noticeId, productId, eventType);
  const base: Base = {
    noticeId,
    productId: 1,
    notifyMs,
    channelName,
    ts: int(payload, 'ts', 'payload', MAX_TS_SEC, 'whole Unix seconds between 0 and 2^32'),
  };
  if (typeof root['sid'] === 'string') base.sid = root['sid'];
  const event = toEvent(eventType, base, payload);
  return { status: 'event', event };
}

type Base = { -readonly [K in keyof NcsNoticeBase]: NcsNoticeBase[K] };

/** Builds the event by adding fields to `base` (no object spreads: this runs per delivery). */
function toEvent(eventType: number, base: Base, payload: Json): NcsRtcEvent {
  const event = base as Base & Record<string, unknown>;
  if (eventType === 101)
    return Object.assign(event, { kind: 'channel-created', eventType }) as NcsRtcEvent;
  if (eventType === 102) {
    const lastUid = optInt(payload, 'lastUid', 'payload', MAX_UID, U32);
    if (lastUid !== undefined) event['lastUid'] = lastUid;
    return Object.assign(event, { kind: 'channel-destroyed', eventType }) as NcsRtcEvent;
  }
  event['uid'] = uid(payload);
  event['clientSeq'] = clientSeq(payload);
  const account = payload['account'];
  if (typeof account === 'string' && account.length > 0) event['account'] = account;
  if (eventType === 111 || eventType === 112) {
    event['kind'] = 'role-change';
    event['eventType'] = eventType;
    event['role'] = eventType === 111 ? 'host' : 'audience';
    return event as unknown as NcsRtcEvent;
  }
  // NCS always sends platform (docs/agora-behaviour.md §3); tolerate its absence as "other" rather than drop a join.
  const platform = optInt(payload, 'platform', 'payload', MAX_UID, U32) ?? 0;
  event['platform'] = platform;
  event['platformName'] = platformName(platform);
  const clientType = optInt(payload, 'clientType', 'payload', MAX_UID, U32);
  if (clientType !== undefined) event['clientType'] = clientType;
  event['eventType'] = eventType;
  if (eventType === 103 || eventType === 105 || eventType === 107) {
    event['kind'] = 'join';
    event['role'] = eventType === 105 ? 'audience' : 'host';
    return event as unknown as NcsRtcEvent;
  }
  const reason = optInt(payload, 'reason', 'payload', MAX_UID, U32) ?? 0;
  event['kind'] = 'leave';
  event['role'] = eventType === 106 ? 'audience' : 'host';
  event['reason'] = reason;
  event['reasonName'] = leaveReasonName(reason);
  const duration = optNum(payload, 'duration', 'payload');
  if (duration !== undefined) {
    // seconds in the channel; not stored, but nothing out of range passes
    if (duration < 0 || duration > MAX_TS_SEC) {
      throw malformed(`payload.duration must be seconds between 0 and 2^32, got ${duration}.`);
    }
    event['duration'] = duration;
  }
  return event as unknown as NcsRtcEvent;
}
