import type { TimerHandle } from '../clock';
import type { CloudContext } from '../cloud-context';
import type { RtcActivity, RtcLeaveReason } from '../rtc/rtc-channel';
import { signedNcsHeaders } from './sign';

/** RTC event types the simulator sends (docs/agora-behaviour.md §3 table, productId 1). */
export type NcsRtcEventType = 103 | 104 | 105 | 106 | 111 | 112;

/** Payload of a simulated RTC notice. */
export interface NcsRtcPayload {
  /** The RTC channel the event is about. */
  channelName: string;
  /** Unsigned 32-bit uid; 0 with `account` for string uids. */
  uid: number;
  /** The string uid, for users who joined with one; absent otherwise. */
  account?: string;
  /** Platform code on joins and leaves (103-106), always 7 (Web); absent on role changes (111/112). */
  platform?: number;
  /**
   * Per-user sequence number, growing with each of that user's events (above
   * 2^31, as Agora's are; docs/agora-behaviour.md §3).
   */
  clientSeq: number;
  /** Unix seconds. */
  ts: number;
  /** Leave reason (104/106): 1 quit, 2 timeout, 12 token error or expired. */
  reason?: number;
  /** Seconds in the channel (104/106). */
  duration?: number;
}

/** A notice body as NCS sends it (raw JSON fields; `@audience-presence/ncs` parses one into its `NcsNotice`). */
export interface NcsNoticeBody {
  /** The notice's id, the same on every retry and duplicate (dedupe on it). */
  noticeId: string;
  /** 1: RTC. */
  productId: 1;
  /** 103/104 host join/leave, 105/106 audience join/leave, 111/112 role to host/audience. */
  eventType: NcsRtcEventType;
  /** When this send was made, ms on the cloud's clock; changes on every retry. */
  notifyMs: number;
  /** The event's fields. */
  payload: NcsRtcPayload;
}

/** One HTTP request NCS makes. */
export interface NcsRequest {
  /** The target URL; undefined when the target is a callback. */
  url: string | undefined;
  /** Always POST. */
  method: 'POST';
  /** `Content-Type: application/json` and the `Agora-Signature` / `Agora-Signature-V2` headers. */
  headers: Record<string, string>;
  /** The raw JSON body the signatures cover. */
  body: string;
  /** Parsed view of `body`. */
  notice: NcsNoticeBody;
  /** 0 for the first send, then 1..3 for retries; duplicates count separately. */
  attempt: number;
}

/** What the receiver answered: an HTTP status. */
export type NcsCallback = (request: NcsRequest) => number | Promise<number>;

/** Options of `cloud.ncs(...)`. */
export interface NcsDeliveryOptions {
  /** The NCS secret from the Agora Console. */
  secret: string;
  /** A URL (POSTed with `fetch`) or a callback returning the HTTP status. */
  target: string | NcsCallback;
  /** Only these channels (default: all). */
  channels?: readonly string[];
  /** Fixed delay before the first send, ms (default 0). */
  latencyMs?: number;
  /** Extra random delay 0..reorderWindowMs per send, so notices arrive out of order (default 0). */
  reorderWindowMs?: number;
  /** Probability 0..1 that a notice is also sent a second time (default 0). */
  duplicateRate?: number;
  /** Probability 0..1 that an answered send is treated as lost and retried (default 0). */
  lostAckRate?: number;
  /** Delays before retries 1..3 in ms (default [5_000, 15_000, 45_000]); NCS gives up after 3 retries. */
  retryDelaysMs?: readonly [number, number, number];
  /** Seed for the random choices (default 1). */
  seed?: number;
  /** `fetch` to use for URL targets (default `globalThis.fetch`). */
  fetch?: typeof globalThis.fetch;
}

/** One send and its outcome. */
export interface NcsDeliveryRecord {
  /** The request sent. */
  request: NcsRequest;
  /** HTTP status, or 0 when the send threw. */
  status: number;
  /** When the answer came, ms on the cloud's clock. */
  at: number;
}

/** A running NCS delivery. */
export interface NcsDelivery {
  /** Every send so far, in send order. */
  readonly log: readonly NcsDeliveryRecord[];
  /** Notices that exhausted their retries. */
  readonly gaveUp: readonly NcsNoticeBody[];
  /** Waits until no send is in flight (timers not yet due are not awaited). */
  idle(): Promise<void>;
  /** Sends the Console "Check" test event (channel `test_webhook`, uid 12121212). */
  check(): void;
  /** Stops observing the cloud and cancels scheduled sends. */
  stop(): void;
}

const leaveReason: Record<RtcLeaveReason, number> = { quit: 1, timeout: 2, token: 12 };

/**
 * Delivers signed NCS webhooks for the RTC joins, leaves and role changes the
 * cloud simulates (docs/agora-behaviour.md §3): at-least-once, optionally duplicated,
 * reordered and retried; `noticeId` is stable across retries, `notifyMs`
 * changes on every send.
 */
export function startNcsDelivery(ctx: CloudContext, options: NcsDeliveryOptions): NcsDelivery {
  const {
    secret,
    target,
    latencyMs = 0,
    reorderWindowMs = 0,
    duplicateRate = 0,
    lostAckRate = 0,
    retryDelaysMs = [5_000, 15_000, 45_000],
  } = options;
  if (typeof secret !== 'string' || secret === '') throw new TypeError('ncs: secret is required');
  for (const [name, v] of [
    ['duplicateRate', duplicateRate],
    ['lostAckRate', lostAckRate],
  ] as const) {
    if (!(v >= 0 && v <= 1)) throw new RangeError(`ncs: ${name} must be within 0..1, got ${v}`);
  }
  const channels = options.channels ? new Set(options.channels) : undefined;
  const doFetch = options.fetch ?? globalThis.fetch;
  const { clock } = ctx;
  let rng = options.seed ?? 1;
  const random = () => {
    let t = (rng = (rng + 0x6d2b79f5) | 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };

  const log: NcsDeliveryRecord[] = [];
  const gaveUp: NcsNoticeBody[] = [];
  const timers = new Set<TimerHandle>();
  const inflight = new Set<Promise<void>>();
  const seqByUser = new Map<string, number>();
  let noticeCounter = 0;
  let stopped = false;

  // clientSeq grows per user with each event; real values are > 2^31.
  const nextSeq = (channel: string, uid: string) => {
    const key = `${channel}\u0000${uid}`;
    const seq = (seqByUser.get(key) ?? 2 ** 31 + noticeCounter * 10) + 1;
    seqByUser.set(key, seq);
    return seq;
  };

  const schedule = (fn: () => void, ms: number) => {
    const t = clock.setTimeout(() => {
      timers.delete(t);
      if (!stopped) fn();
    }, ms);
    timers.add(t);
  };

  // Sends run one after another in the order their timers fired, so a run is
  // deterministic: WebCrypto may finish signatures in any order.
  let chain: Promise<void> = Promise.resolve();
  const send = (notice: Omit<NcsNoticeBody, 'notifyMs'>, attempt: number) => {
    const p = chain.then(async () => {
      const full: NcsNoticeBody = { ...notice, notifyMs: clock.now() };
      const body = JSON.stringify(full);
      const headers: Record<string, string> = {
        'Content-Type': 'application/json',
        ...(await signedNcsHeaders(secret, body)),
      };
      const request: NcsRequest = {
        url: typeof target === 'string' ? target : undefined,
        method: 'POST',
        headers,
        body,
        notice: full,
        attempt,
      };
      let status: number;
      try {
        status =
          typeof target === 'string'
            ? (await doFetch(target, { method: 'POST', headers, body })).status
            : await target(request);
      } catch {
        status = 0;
      }
      log.push({ request, status, at: clock.now() });
      const lost = status === 200 && random() < lostAckRate;
      if (status === 200 && !lost) return;
      const delay = retryDelaysMs[attempt];
      if (delay === undefined) {
        gaveUp.push(full);
        return;
      }
      schedule(() => send(notice, attempt + 1), delay);
    });
    chain = p.catch(() => {});
    inflight.add(p);
    void p.finally(() => inflight.delete(p));
  };

  const emit = (eventType: NcsRtcEventType, payload: NcsRtcPayload) => {
    const notice = {
      noticeId: `${2_000_000_000 + ++noticeCounter}:${noticeCounter % 10_000}:${eventType}`,
      productId: 1 as const,
      eventType,
      payload,
    };
    const jitter = () => latencyMs + (reorderWindowMs > 0 ? random() * reorderWindowMs : 0);
    schedule(() => send(notice, 0), jitter());
    if (duplicateRate > 0 && random() < duplicateRate) schedule(() => send(notice, 0), jitter());
  };

  const observer = (a: RtcActivity) => {
    if (channels && !channels.has(a.channel)) return;
    const key = String(a.user.uid);
    const numeric = typeof a.user.uid === 'number' ? a.user.uid >>> 0 : 0;
    const base: NcsRtcPayload = {
      channelName: a.channel,
      uid: numeric,
      ...(typeof a.user.uid === 'string' ? { account: a.user.uid } : {}),
      clientSeq: nextSeq(a.channel, key),
      ts: Math.floor(a.at / 1000),
    };
    const host = a.user.role === 'host';
    if (a.type === 'join') emit(host ? 103 : 105, { ...base, platform: a.user.platform });
    else if (a.type === 'leave') {
      emit(host ? 104 : 106, {
        ...base,
        platform: a.user.platform,
        reason: leaveReason[a.reason],
        duration: Math.max(0, Math.round((a.at - a.user.joinedAt) / 1000)),
      });
    } else emit(host ? 111 : 112, base);
  };
  ctx.rtcActivity.add(observer);

  return {
    log,
    gaveUp,
    async idle() {
      while (inflight.size > 0) await Promise.all([...inflight]);
    },
    check() {
      emit(105, {
        channelName: 'test_webhook',
        uid: 12121212,
        platform: 7,
        clientSeq: nextSeq('test_webhook', '12121212'),
        ts: Math.floor(clock.now() / 1000),
      });
    },
    stop() {
      stopped = true;
      ctx.rtcActivity.delete(observer);
      for (const t of timers) clock.clearTimeout(t);
      timers.clear();
    },
  };
}
