import type { Member, MemberState } from './model';

/**
 * The one rule for "who counts as audience": every member whose role is not
 * `'host'` (live mode's default role is audience, so `'unknown'` is audience
 * too). Core's selectors and react's list model both use these.
 */
export function isHost(member: { readonly role: Member['role'] }): boolean {
  return member.role === 'host';
}

/**
 * `audienceCount`'s `selfOffset` for a store: 1 when the local user is listed,
 * not a host, and not counted as audience (`includeSelfInAudience` off).
 * `selectCounts` and the reducer's peak both take it from here.
 */
export function selfOffset(self: Member | undefined, includeSelf: boolean): 0 | 1 {
  return !includeSelf && self !== undefined && !isHost(self) ? 1 : 0;
}

/** Frozen so a memoised caller never hands out a fresh empty array. */
const NO_MEMBERS: readonly never[] = Object.freeze([]);

/**
 * Hosts and audience of a member list, in one pass, order kept. With no host
 * the input array itself is the audience (no copy of a 100,000-member list).
 */
export function splitByRole<S extends MemberState>(
  members: readonly Member<S>[],
): { hosts: readonly Member<S>[]; audience: readonly Member<S>[] } {
  let hosts: Member<S>[] | null = null;
  for (const member of members) {
    if (isHost(member)) (hosts ??= []).push(member);
  }
  if (hosts === null) return { hosts: NO_MEMBERS, audience: members };
  return { hosts, audience: members.filter((m) => !isHost(m)) };
}

/**
 * The audience figure: the channel's size (Agora's totalOccupancy in interval
 * mode, else the member count) minus the hosts, minus the local user when it
 * is not counted, and never fewer than the audience rows actually known.
 * A missing or non-finite total falls back to the rows known.
 */
export function audienceCount(input: {
  /** the channel's size, self included */
  readonly total: number | null | undefined;
  readonly hosts: number;
  /** 1 when the local user is audience and left out of the figure */
  readonly selfOffset?: number;
  /** audience rows known (a floor: never show fewer than the list holds) */
  readonly known?: number;
}): number {
  const { total, hosts, selfOffset = 0, known = 0 } = input;
  if (total == null || !Number.isFinite(total)) return known;
  return Math.max(Math.floor(total) - hosts - selfOffset, known, 0);
}
