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
const MAX_CLIENT_SEQ = 2 ** 53;
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

function str(obj: Json, key: string, where: string): string {
  const value = obj[key];
  if (typeof value !== 'string' || value.length === 0) {
    throw malformed(`${where}.${key} must be a non-empty string.`);
  }
  return value;
}

function uid(payload: Json): number {
  const value = num(payload, 'uid', 'payload');
  if (!Number.isInteger(value) || value < 0 || value > MAX_UID) {
    throw malformed('payload.uid must be an unsigned 32-bit integer.');
  }
  return value;
}

function clientSeq(payload: Json): number {
  const value = num(payload, 'clientSeq', 'payload');
  // Beyond 2^53 doubles cannot order the values exactly any more.
  if (!Number.isInteger(value) || value < 0 || value > MAX_CLIENT_SEQ) {
    throw malformed('payload.clientSeq must be an integer between 0 and 2^53.');
  }
  return value;
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

/**
 * Parses a delivery's body WITHOUT checking its signature (use
 * {@link constructNcsEvent} on untrusted input). Unknown fields are ignored;
 * other products and unknown RTC types come back as `status: 'ignored'`.
 * Throws {@link NcsError} `MALFORMED_JSON` or `MALFORMED_EVENT`.
 */
export function parseNcsNotice(body: string | Uint8Array): NcsNotice {
  const root = decode(body);
  const noticeId = str(root, 'noticeId', 'body');
  const productId = num(root, 'productId', 'body');
  const eventType = num(root, 'eventType', 'body');
  const notifyMs = optNum(root, 'notifyMs', 'body') ?? 0;
  const ignored = (reason: 'other-product' | 'unknown-event-type' | 'test-event'): NcsNotice => ({
    status: 'ignored',
    reason,
    noticeId,
    productId,
    eventType,
  });
  // Other products reuse RTC's numbers with other meanings: dispatch on both (agora-notes.md §3).
  if (productId !== RTC_PRODUCT_ID) return ignored('other-product');
  if (![101, 102, 103, 104, 105, 106, 107, 108, 111, 112].includes(eventType)) {
    return ignored('unknown-event-type');
  }
  const payload = root['payload'];
  if (!isObject(payload)) throw malformed('body.payload must be an object.');
  const channelName = str(payload, 'channelName', 'payload');
  if (channelName === TEST_CHANNEL_NAME || payload['uid'] === TEST_UID)
    return ignored('test-event');
  const base: Base = {
    noticeId,
    productId: 1,
    notifyMs,
    channelName,
    ts: num(payload, 'ts', 'payload'),
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
    const lastUid = optNum(payload, 'lastUid', 'payload');
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
  // NCS always sends platform (agora-notes.md §3); tolerate its absence as "other" rather than drop a join.
  const platform = optNum(payload, 'platform', 'payload') ?? 0;
  event['platform'] = platform;
  event['platformName'] = platformName(platform);
  const clientType = optNum(payload, 'clientType', 'payload');
  if (clientType !== undefined) event['clientType'] = clientType;
  event['eventType'] = eventType;
  if (eventType === 103 || eventType === 105 || eventType === 107) {
    event['kind'] = 'join';
    event['role'] = eventType === 105 ? 'audience' : 'host';
    return event as unknown as NcsRtcEvent;
  }
  const reason = optNum(payload, 'reason', 'payload') ?? 0;
  event['kind'] = 'leave';
  event['role'] = eventType === 106 ? 'audience' : 'host';
  event['reason'] = reason;
  event['reasonName'] = leaveReasonName(reason);
  const duration = optNum(payload, 'duration', 'payload');
  if (duration !== undefined) event['duration'] = duration;
  return event as unknown as NcsRtcEvent;
}
