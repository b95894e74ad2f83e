import type { Member, Role } from '@audience-presence/core';
import { fakeName } from './fake-names';

/** Options of {@link makeMembers}. */
export interface MakeMembersOptions {
  /** How many of the members (the first ones) are hosts. Default 0. */
  readonly hosts?: number;
  /** Display name of member number `i` (stored as `state.name`). Default {@link fakeName}. */
  readonly name?: (i: number) => string;
}

/**
 * Deterministic members `user-0` … `user-{count-1}`: hosts first, then the
 * audience, joined one second apart in that order.
 */
export function makeMembers(count: number, options: MakeMembersOptions = {}): Member[] {
  const { hosts = 0, name = fakeName } = options;
  return Array.from({ length: count }, (_, i) => {
    const role: Role = i < hosts ? 'host' : 'audience';
    return {
      userId: `user-${i}`,
      role,
      state: { name: name(i) },
      joinedAt: 1_700_000_000_000 + i * 1000,
      lastSeenAt: 0,
    };
  });
}
