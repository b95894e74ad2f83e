import {
  RTC_PRODUCT_ID,
  TEST_CHANNEL_NAME,
  TEST_UID,
  leaveReasonName,
  platformName,
} from './codes';
import { NcsError } from './errors';
import type { NcsNotice, NcsRtcEvent } from './events';

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

function account(payload: Json): { account?: string } {
  const value = payload['account'];
  return typeof value === 'string' && value.length > 0 ? { account: value } : {};
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
  const sid = typeof root['sid'] === 'string' ? { sid: root['sid'] } : {};
  const base = {
    noticeId,
    productId: 1 as const,
    notifyMs,
    ...sid,
    channelName,
    ts: num(payload, 'ts', 'payload'),
  };
  const event = toEvent(eventType, base, payload);
  return { status: 'event', event };
}

function toEvent(
  eventType: number,
  base: Omit<NcsRtcEvent, 'kind' | 'eventType'>,
  payload: Json,
): NcsRtcEvent {
  if (eventType === 101) return { ...base, kind: 'channel-created', eventType };
  if (eventType === 102) {
    const lastUid = optNum(payload, 'lastUid', 'payload');
    return {
      ...base,
      kind: 'channel-destroyed',
      eventType,
      ...(lastUid === undefined ? {} : { lastUid }),
    };
  }
  const user = { uid: uid(payload), clientSeq: clientSeq(payload), ...account(payload) };
  if (eventType === 111 || eventType === 112) {
    return {
      ...base,
      ...user,
      kind: 'role-change',
      eventType,
      role: eventType === 111 ? 'host' : 'audience',
    };
  }
  // NCS always sends platform; tolerate its absence as "other" rather than drop a join.
  const platform = optNum(payload, 'platform', 'payload') ?? 0;
  const clientType = optNum(payload, 'clientType', 'payload');
  const device = {
    platform,
    platformName: platformName(platform),
    ...(clientType === undefined ? {} : { clientType }),
  };
  if (eventType === 103 || eventType === 105 || eventType === 107) {
    return {
      ...base,
      ...user,
      ...device,
      kind: 'join',
      eventType,
      role: eventType === 105 ? 'audience' : 'host',
    };
  }
  const leaveType = eventType as 104 | 106 | 108;
  const reason = optNum(payload, 'reason', 'payload') ?? 0;
  const duration = optNum(payload, 'duration', 'payload');
  return {
    ...base,
    ...user,
    ...device,
    kind: 'leave',
    eventType: leaveType,
    role: leaveType === 106 ? 'audience' : 'host',
    reason,
    reasonName: leaveReasonName(reason),
    ...(duration === undefined ? {} : { duration }),
  };
}
