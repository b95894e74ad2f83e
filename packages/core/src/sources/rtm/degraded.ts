import type { PresenceAction } from '../../actions';
import { PresenceError } from '../../errors';
import type { MemberState } from '../../model';

/** page size of the degraded-mode fallback snapshot and whoNow (docs/agora-behaviour.md §1b, "Degraded mode") */
export const DEGRADED_PAGE = 200;

/**
 * The degraded-mode fallback's SNAPSHOT holds only the first 200 userIds
 * with EMPTY states (docs/agora-behaviour.md §1b, "Degraded mode"). One like that
 * which is smaller than the list we had (`knownMembers`, asked only when it
 * matters), or exactly one full fallback page, is taken as partial.
 */
export function looksDegraded(
  rows: readonly { readonly state?: MemberState }[],
  knownMembers: () => number,
): boolean {
  if (rows.length > DEGRADED_PAGE || rows.length === 0) return false;
  for (const row of rows)
    if (row.state !== undefined && Object.keys(row.state).length > 0) return false;
  if (rows.length === DEGRADED_PAGE) return true;
  return rows.length < knownMembers();
}

/**
 * The actions for a partial list (degraded mode): it names only some of those
 * here, so it must not mean "everyone else left". Adds whom it names without
 * touching known states, takes its total as the count when it has one, and
 * marks the list stale with PRESENCE_DEGRADED until a whoNow gives the whole
 * list. `knownMembers` is the size of the list we have.
 */
export function partialListActions(
  rows: readonly { readonly userId: string }[],
  total: number | null,
  knownMembers: number,
): PresenceAction[] {
  const actions: PresenceAction[] =
    knownMembers === 0 && total === null
      ? // nothing to lose and nobody to announce (a first snapshot announces nobody)
        [{ type: 'snapshot', members: rows.map(({ userId }) => ({ userId })) }]
      : rows.map(({ userId }) => ({ type: 'join', userId }));
  if (total !== null) actions.push({ type: 'occupancy', total, source: 'who-now' });
  actions.push({ type: 'invalidate', error: new PresenceError('PRESENCE_DEGRADED') });
  return actions;
}
