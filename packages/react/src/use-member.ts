import {
  selectMember,
  selectSelf,
  type Member,
  type MemberState,
  type PresenceState,
} from '@audience-presence/core';
import { useCallback } from 'react';
import { useStoreContext } from './presence-context';
import { useStoreSelector } from './use-store-selector';

/**
 * One member by RTM userId, or null. Member objects are immutable and keep
 * their identity while unchanged, so a row for member X does not re-render
 * when member Y changes.
 *
 * @example
 * function Row({ id }: { id: string }) {
 *   const member = useMember(id);
 *   return <li>{member?.state.name ?? id}</li>;
 * }
 */
export function useMember<S extends MemberState = MemberState>(userId: string): Member<S> | null {
  const store = useStoreContext('useMember');
  const selector = useCallback((state: PresenceState) => selectMember(state, userId), [userId]);
  return useStoreSelector(store, selector) as Member<S> | null;
}

/**
 * The local user as a member (with its own presence state), once RTM reports it.
 *
 * @example
 * const self = useSelf(); // self?.role === 'host'
 */
export function useSelf<S extends MemberState = MemberState>(): Member<S> | null {
  const store = useStoreContext('useSelf');
  return useStoreSelector(store, selectSelf) as Member<S> | null;
}
