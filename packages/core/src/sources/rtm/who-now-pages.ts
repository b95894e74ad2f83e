import type { RtmWhoNowResponse } from '../../agora-types';
import type { RtmPresenceLike } from './rtm-source-types';
import { PresenceError } from '../../errors';
import type { MemberState } from '../../model';
import { EMPTY_STATE } from '../../state';
import { copyStateMap } from '../../state-map';
import { DEGRADED_PAGE } from './degraded';
import { isUserId } from '../../reducer/action-checks';

const MAX_PAGES = 10_000;

/** One resync's result: every occupant (with its state when known), and the largest total Agora reported. */
export interface WhoNowPages {
  /** `state` is missing for a member the state listing did not reach: keep what is known of it */
  readonly rows: { readonly userId: string; readonly state?: MemberState }[];
  readonly total: number;
  /**
   * The answer looks like degraded mode's (docs/agora-behaviour.md §1b, "Degraded
   * mode"): one page of at most 200 ids, every state empty, fewer ids than the
   * total. Then `rows` names only some of those here.
   */
  readonly partial: boolean;
}

type Bounded = (call: () => Promise<RtmWhoNowResponse>) => Promise<RtmWhoNowResponse>;

/** an occupant's `states`, string values only (anything else: no state) */
function plainState(value: unknown): MemberState {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return EMPTY_STATE;
  return copyStateMap(value).state;
}

/** One listing: follows `nextPage` until '' (or a repeated cursor). */
async function listAll(
  presence: Pick<RtmPresenceLike, 'whoNow'>,
  channel: string,
  bounded: Bounded,
  includedState: boolean,
): Promise<{ rows: { userId: string; state: MemberState }[]; total: number; pages: number }> {
  const rows: { userId: string; state: MemberState }[] = [];
  let total = 0;
  let page = '';
  const seen = new Set<string>();
  let pages = 0;
  for (let i = 0; i < MAX_PAGES; i++) {
    pages++;
    const options = { includedUserId: true, includedState, ...(page === '' ? {} : { page }) };
    const response: unknown = await bounded(() => presence.whoNow(channel, 'MESSAGE', options));
    const occupants = (response as Partial<RtmWhoNowResponse> | null)?.occupants;
    if (!Array.isArray(occupants)) {
      throw new PresenceError('RTM_RESYNC_FAILED', {
        message: 'whoNow returned no occupants list',
      });
    }
    for (const occupant of occupants as unknown[]) {
      const userId = (occupant as { userId?: unknown } | null)?.userId;
      if (!isUserId(userId)) continue;
      rows.push({ userId, state: plainState((occupant as { states?: unknown }).states) });
    }
    const { totalOccupancy, nextPage } = response as Partial<RtmWhoNowResponse>;
    // the d.ts says totalOccupancy is per page when paginated, other sources say per channel: keep the larger
    if (typeof totalOccupancy === 'number' && Number.isFinite(totalOccupancy)) {
      total = Math.max(total, totalOccupancy);
    }
    if (typeof nextPage !== 'string' || nextPage === '' || seen.has(nextPage)) break;
    seen.add(nextPage);
    page = nextPage;
  }
  return { rows, total, pages };
}

/**
 * Reads the whole member list with `whoNow`, following `nextPage` until ''
 * (docs/agora-behaviour.md §1: paged when the server answers). Two listings, one after
 * the other (each page call goes through `bounded`, which paces it under the
 * SDK's rate limit: docs/agora-behaviour.md §1b), because the notes report a possible SDK bug: with
 * `includedState: true`, an expired user in a page can end paging early. The
 * listing WITHOUT states is not affected, so it decides who is here; the
 * listing with states gives the states it reached. A member only the first
 * listing names comes back without `state`, and the snapshot keeps what was
 * known of it. Either way the list is right, bug or no bug. (Answered from the
 * local replica, both listings are one local call each.)
 *
 * `bounded` wraps each call in a deadline. Rejects with
 * PresenceError('RTM_RESYNC_FAILED') on a bad answer.
 */
export async function fetchWhoNowPages(
  presence: Pick<RtmPresenceLike, 'whoNow'>,
  channel: string,
  bounded: Bounded,
): Promise<WhoNowPages> {
  // one after the other: both at once would only share the same rate budget, and a
  // failure of one would leave the other paging for nothing
  const ids = await listAll(presence, channel, bounded, false);
  const withStates = await listAll(presence, channel, bounded, true);
  const stateOf = new Map<string, MemberState>();
  for (const row of withStates.rows) stateOf.set(row.userId, row.state);
  const rows: { userId: string; state?: MemberState }[] = [];
  const listed = new Set<string>();
  for (const { userId } of ids.rows) {
    if (listed.has(userId)) continue;
    listed.add(userId);
    const state = stateOf.get(userId);
    rows.push(state === undefined ? { userId } : { userId, state });
  }
  // joined between the two listings (a leave in between is replayed as an event afterwards)
  for (const row of withStates.rows) {
    if (listed.has(row.userId)) continue;
    listed.add(row.userId);
    rows.push(row);
  }
  const total = Math.max(ids.total, withStates.total);
  const partial =
    ids.pages === 1 &&
    ids.rows.length <= DEGRADED_PAGE &&
    ids.rows.length < total &&
    withStates.rows.every((row) => Object.keys(row.state).length === 0);
  return { rows, total, partial };
}
