import type { PresenceChange, PresenceChangeType } from '@audience-presence/core';
import { useEffect, useRef } from 'react';
import { usePresenceRuntime } from './presence-context';

const ALL_TYPES: readonly PresenceChangeType[] = ['join', 'leave', 'timeout', 'state', 'role'];

/**
 * Calls `listener` for every presence change (join, leave, timeout, state,
 * role), for toasts and activity feeds. Changes arrive after the store
 * update that caused them, in order; a first snapshot announces nobody. The
 * latest `listener` is always used without re-subscribing.
 *
 * @example
 * usePresenceListener((change) => {
 *   if (change.type === 'join') toast(`${change.member.state.name ?? change.member.userId} joined`);
 * });
 */
export function usePresenceListener(
  listener: (change: PresenceChange) => void,
  types: readonly PresenceChangeType[] = ALL_TYPES,
): void {
  const { store } = usePresenceRuntime('usePresenceListener');
  const latest = useRef(listener);
  useEffect(() => {
    latest.current = listener;
  });
  const typesKey = types.join(',');
  useEffect(() => {
    const wanted = typesKey === '' ? [] : (typesKey.split(',') as PresenceChangeType[]);
    const offs = wanted.map((type) =>
      store.on(type, (change) => latest.current(change as PresenceChange)),
    );
    return () => {
      for (const off of offs) off();
    };
  }, [store, typesKey]);
}
