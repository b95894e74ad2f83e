import type { RTMPresence, WhoNowResponse } from 'agora-rtm-sdk';
import { PresenceError } from './errors';
import type { MemberState } from './model';

const MAX_PAGES = 10_000;

/** One resync's result: every occupant with its state, and the largest total Agora reported. */
export interface WhoNowPages {
  readonly rows: { readonly userId: string; readonly state: MemberState }[];
  readonly total: number;
}

function plainState(value: unknown): MemberState {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return {};
  const out: Record<string, string> = {};
  for (const [key, v] of Object.entries(value)) if (typeof v === 'string') out[key] = v;
  return out;
}

/**
 * Reads the whole member list with `whoNow` (states included), following
 * `nextPage` until '' (agora-notes.md §1: paged when answered by the server).
 * `bounded` wraps each call in a deadline. A repeated cursor stops the loop.
 * Rejects with PresenceError('RTM_RESYNC_FAILED') on a bad answer.
 */
export async function fetchWhoNowPages(
  presence: Pick<RTMPresence, 'whoNow'>,
  channel: string,
  bounded: (call: () => Promise<WhoNowResponse>) => Promise<WhoNowResponse>,
): Promise<WhoNowPages> {
  const rows: { userId: string; state: MemberState }[] = [];
  let total = 0;
  let page = '';
  const seen = new Set<string>();
  for (let i = 0; i < MAX_PAGES; i++) {
    const options = { includedUserId: true, includedState: true, ...(page === '' ? {} : { page }) };
    const response: unknown = await bounded(() => presence.whoNow(channel, 'MESSAGE', options));
    const occupants = (response as Partial<WhoNowResponse> | null)?.occupants;
    if (!Array.isArray(occupants)) {
      throw new PresenceError('RTM_RESYNC_FAILED', {
        message: 'whoNow returned no occupants list',
      });
    }
    for (const occupant of occupants as unknown[]) {
      const userId = (occupant as { userId?: unknown } | null)?.userId;
      if (typeof userId !== 'string' || userId === '') continue;
      rows.push({ userId, state: plainState((occupant as { states?: unknown }).states) });
    }
    const { totalOccupancy, nextPage } = response as Partial<WhoNowResponse>;
    // the d.ts says totalOccupancy is per page when paginated, other sources say per channel: keep the larger
    if (typeof totalOccupancy === 'number' && Number.isFinite(totalOccupancy)) {
      total = Math.max(total, totalOccupancy);
    }
    if (typeof nextPage !== 'string' || nextPage === '' || seen.has(nextPage)) break;
    seen.add(nextPage);
    page = nextPage;
  }
  return { rows, total };
}
