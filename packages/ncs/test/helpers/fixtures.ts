import {
  createMemoryPresenceStore,
  parseNcsNotice,
  signNcsBody,
  type NcsPresenceStore,
  type NcsRtcEvent,
} from '../../src/index';

let counter = 0;

/** Fields of a notice body; anything left out gets a realistic default. */
export interface NoticeInput {
  readonly eventType: number;
  readonly productId?: number;
  readonly noticeId?: string;
  readonly notifyMs?: number;
  readonly payload?: Record<string, unknown>;
}

/** A raw NCS body, serialised the way NCS would send it. */
export function noticeBody(input: NoticeInput): string {
  counter += 1;
  return JSON.stringify({
    noticeId: input.noticeId ?? `notice-${counter}`,
    productId: input.productId ?? 1,
    eventType: input.eventType,
    notifyMs: input.notifyMs ?? 1_700_000_000_000 + counter,
    payload: { channelName: 'stage', ts: 1_700_000_000, ...input.payload },
  });
}

/** Headers of a body signed with `secret` (V2 by default). */
export function signedHeaders(body: string, secret: string, sha1 = false): Record<string, string> {
  return sha1
    ? { 'agora-signature': signNcsBody(body, secret, 'sha1') }
    : { 'agora-signature-v2': signNcsBody(body, secret) };
}

/** Parses a body that must be an RTC event. */
export function eventOf(body: string): NcsRtcEvent {
  const notice = parseNcsNotice(body);
  if (notice.status !== 'event') throw new Error(`not an RTC event: ${notice.reason}`);
  return notice.event;
}

interface UserInput {
  readonly uid: number;
  readonly seq: number;
  readonly channelName?: string;
  readonly ts?: number;
  readonly noticeId?: string;
  readonly notifyMs?: number;
  readonly reason?: number;
  readonly platform?: number;
  readonly account?: string;
}

function user(eventType: number, u: UserInput): NcsRtcEvent {
  return eventOf(
    noticeBody({
      eventType,
      ...(u.noticeId === undefined ? {} : { noticeId: u.noticeId }),
      ...(u.notifyMs === undefined ? {} : { notifyMs: u.notifyMs }),
      payload: {
        channelName: u.channelName ?? 'stage',
        uid: u.uid,
        clientSeq: u.seq,
        platform: u.platform ?? 7,
        ts: u.ts ?? 1_700_000_000,
        ...(eventType % 2 === 0 && eventType < 110 ? { reason: u.reason ?? 1, duration: 5 } : {}),
        ...(u.account === undefined ? {} : { account: u.account }),
      },
    }),
  );
}

/** Event builders for store tests, all going through the real parser. */
export const ev = {
  hostJoin: (u: UserInput) => user(103, u),
  hostLeave: (u: UserInput) => user(104, u),
  audienceJoin: (u: UserInput) => user(105, u),
  audienceLeave: (u: UserInput) => user(106, u),
  commJoin: (u: UserInput) => user(107, u),
  commLeave: (u: UserInput) => user(108, u),
  toHost: (u: UserInput) => user(111, u),
  toAudience: (u: UserInput) => user(112, u),
  created: (channelName = 'stage', ts = 1_700_000_000) =>
    eventOf(noticeBody({ eventType: 101, payload: { channelName, ts } })),
  destroyed: (channelName = 'stage', ts = 1_700_000_000) =>
    eventOf(noticeBody({ eventType: 102, payload: { channelName, ts, lastUid: 1 } })),
};

/**
 * A memory store whose `apply` waits until `release()` (only the first call's, with
 * `firstOnly`), for tests of a store that is slow to answer. `stored()` counts the
 * applies that finished.
 */
export function gatedStore(options: { readonly firstOnly?: boolean } = {}) {
  const inner = createMemoryPresenceStore();
  let release: () => void = () => {};
  const gate = new Promise<void>((resolve) => (release = resolve));
  let calls = 0;
  let stored = 0;
  const store: NcsPresenceStore = {
    ...inner,
    apply: async (event) => {
      calls += 1;
      if (calls === 1 || options.firstOnly !== true) await gate;
      const result = await inner.apply(event);
      stored += 1;
      return result;
    },
  };
  return { inner, store, release: () => release(), stored: () => stored };
}
