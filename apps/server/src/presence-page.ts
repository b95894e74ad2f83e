import type { ChannelPresence, PresenceMember } from '@audience-presence/ncs';
import { ServerError } from './errors';

/** Default and largest page of GET /channels/:c/presence. */
export const DEFAULT_PAGE_LIMIT = 500;
export const MAX_PAGE_LIMIT = 5000;

/** One page of a channel's members: hosts first, then audience, each by uid. */
export interface PresencePage {
  readonly channelName: string;
  readonly hosts: readonly PresenceMember[];
  readonly audience: readonly PresenceMember[];
  /** the whole channel's counts, not the page's */
  readonly counts: ChannelPresence['counts'];
  /** pass as `?cursor=` for the next page; `null` on the last one */
  readonly nextCursor: string | null;
}

/** A position in the order: the last member a page showed. */
interface Key {
  readonly host: boolean;
  readonly uid: number;
}

const byUid = (a: PresenceMember, b: PresenceMember): number => a.uid - b.uid;
/** Members sorted by uid, per presence object (the stores reuse it until the channel changes). */
const sorted = new WeakMap<
  ChannelPresence,
  { hosts: PresenceMember[]; audience: PresenceMember[] }
>();

function sortedOf(presence: ChannelPresence): {
  hosts: PresenceMember[];
  audience: PresenceMember[];
} {
  let lists = sorted.get(presence);
  if (!lists) {
    lists = {
      hosts: [...presence.hosts].sort(byUid),
      audience: [...presence.audience].sort(byUid),
    };
    sorted.set(presence, lists);
  }
  return lists;
}

/**
 * Cursors are the last key seen, not an offset: a member joining or leaving
 * before the cursor does not shift the next page, so a walk over a changing
 * channel never repeats or skips someone who stayed.
 */
export function encodeCursor(key: Key): string {
  return Buffer.from(`${key.host ? 'h' : 'a'}${key.uid}`).toString('base64url');
}

/** Reads a cursor, or throws `BAD_CURSOR` (400). */
export function decodeCursor(cursor: string): Key {
  const text = /^[A-Za-z0-9_-]{1,16}$/.test(cursor)
    ? Buffer.from(cursor, 'base64url').toString('latin1')
    : '';
  const match = /^([ha])(0|[1-9]\d{0,9})$/.exec(text);
  const uid = Number(match?.[2]);
  if (!match || uid > 0xffff_ffff) {
    throw new ServerError('BAD_CURSOR', 'cursor is not one this server issued.', { status: 400 });
  }
  return { host: match[1] === 'h', uid };
}

/** Reads `?limit=`, or throws `BAD_REQUEST` (400). */
export function parseLimit(limit: string | undefined): number {
  if (limit === undefined) return DEFAULT_PAGE_LIMIT;
  const value = Number(limit);
  if (!/^\d{1,5}$/.test(limit) || value < 1 || value > MAX_PAGE_LIMIT) {
    throw new ServerError('BAD_REQUEST', `limit must be an integer from 1 to ${MAX_PAGE_LIMIT}.`, {
      status: 400,
    });
  }
  return value;
}

/** First index in `list` (sorted by uid) with a uid greater than `uid`. */
function after(list: readonly PresenceMember[], uid: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((list[mid] as PresenceMember).uid <= uid) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The page of `presence` that follows `cursor`. */
export function pageOf(
  presence: ChannelPresence,
  limit: number,
  cursor: Key | undefined,
): PresencePage {
  const { hosts, audience } = sortedOf(presence);
  let hostStart = 0;
  let audienceStart = 0;
  if (cursor?.host) hostStart = after(hosts, cursor.uid);
  else if (cursor) {
    hostStart = hosts.length;
    audienceStart = after(audience, cursor.uid);
  }
  const hostPage = hosts.slice(hostStart, hostStart + limit);
  const audiencePage =
    hostPage.length < limit
      ? audience.slice(audienceStart, audienceStart + limit - hostPage.length)
      : [];
  const last = audiencePage.at(-1) ?? hostPage.at(-1);
  const left =
    hosts.length -
    hostStart -
    hostPage.length +
    audience.length -
    audienceStart -
    audiencePage.length;
  return {
    channelName: presence.channelName,
    hosts: hostPage,
    audience: audiencePage,
    counts: presence.counts,
    nextCursor:
      left > 0 && last !== undefined
        ? encodeCursor({ host: last.role === 'host', uid: last.uid })
        : null,
  };
}
