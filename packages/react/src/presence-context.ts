import {
  PresenceError,
  type DualChannelSession,
  type PresenceStore,
} from '@audience-presence/core';
import { createContext, useContext } from 'react';

/**
 * Reading and connecting are separate contexts: the read hooks need only a
 * store (`<PresenceStoreProvider>`, or the one `<AudiencePresenceProvider>`
 * owns); `useDualChannel` needs the provider's session.
 * @internal read them through the hooks
 */
export const PresenceStoreContext = createContext<PresenceStore | null>(null);

/** @internal the nearest `<AudiencePresenceProvider>`'s dual-channel session */
export const DualChannelContext = createContext<DualChannelSession | null>(null);

/** The nearest store (a store provider's or an AudiencePresenceProvider's); throws a clear error outside one. */
export function useStoreContext(hook: string): PresenceStore {
  const store = useContext(PresenceStoreContext);
  if (store === null) {
    throw new PresenceError('INVALID_ARGUMENT', {
      message: `${hook} must be used inside <AudiencePresenceProvider> or <PresenceStoreProvider>.`,
    });
  }
  return store;
}

/** The nearest AudiencePresenceProvider's session; throws a clear error outside one. */
export function useSessionContext(hook: string): DualChannelSession {
  const session = useContext(DualChannelContext);
  if (session === null) {
    throw new PresenceError('INVALID_ARGUMENT', {
      message: `${hook} must be used inside <AudiencePresenceProvider> (a <PresenceStoreProvider> only reads).`,
    });
  }
  return session;
}
