import type { PresenceChange, PresenceChangeType } from '@audience-presence/core';
import { useEffect, useRef } from 'react';
import { useStoreContext } from './presence-context';

const ALL_TYPES: readonly PresenceChangeType[] = ['join', 'leave', 'timeout', 'state', 'role'];

/** Options of {@link usePresenceListener}. */
export interface PresenceListenerOptions {
  /** which changes to receive; default all: join, leave, timeout, state, role */
  readonly types?: readonly PresenceChangeType[];
  /** also report the local user's own changes (its state write after joining); default false */
  readonly includeSelf?: boolean;
}

/**
 * Calls `listener` for presence changes of other members (join, leave,
 * timeout, state, role), for toasts and activity feeds. Changes arrive after
 * the store update that caused them, in order; a first snapshot announces
 * nobody. The latest `listener` is always used without re-subscribing.
 *
 * @example
 * usePresenceListener((change) => {
 *   if (change.type === 'join') toast(`${change.member.state.name ?? change.member.userId} joined`);
 * }, { types: ['join', 'leave'] });
 */
export function usePresenceListener(
  listener: (change: PresenceChange) => void,
  options: PresenceListenerOptions = {},
): void {
  const store = useStoreContext('usePresenceListener');
  const latest = useRef(listener);
  useEffect(() => {
    latest.current = listener;
  });
  const typesKey = (options.types ?? ALL_TYPES).join(',');
  const includeSelf = options.includeSelf === true;
  useEffect(() => {
    const wanted = typesKey === '' ? [] : (typesKey.split(',') as PresenceChangeType[]);
    const deliver = (change: PresenceChange): void => {
      if (!includeSelf && change.member.userId === store.getState().selfId) return;
      latest.current(change);
    };
    const offs = wanted.map((type) =>
      store.on(type, (change) => deliver(change as PresenceChange)),
    );
    return () => {
      for (const off of offs) off();
    };
  }, [store, typesKey, includeSelf]);
}
