import type { PresenceStore } from '@audience-presence/core';
import type { ReactNode } from 'react';
import { PresenceStoreContext } from './presence-context';

/** Props of {@link PresenceStoreProvider}. */
export interface PresenceStoreProviderProps {
  /** the store the subtree reads (filled by any source: an NCS feed, your own) */
  readonly store: PresenceStore;
  /** the subtree whose read hooks see `store` */
  readonly children?: ReactNode;
}

/**
 * Gives its subtree a presence store to READ, without connecting to Agora:
 * every read hook (`useAudiencePresence`, `useMember`, `AudienceList`, ...)
 * works the same under it. For a store fed by the NCS feed (`connectNcsFeed`)
 * or any other source. Inside an `<AudiencePresenceProvider>` it overrides the
 * store the read hooks see; `useDualChannel` keeps the outer provider's session.
 *
 * @example
 * const store = createPresenceStore();
 * connectNcsFeed({ url: 'https://host/channels/live/events', dispatch: store.dispatch });
 * <PresenceStoreProvider store={store}><AudienceList /></PresenceStoreProvider>
 */
export function PresenceStoreProvider({ store, children }: PresenceStoreProviderProps) {
  return <PresenceStoreContext.Provider value={store}>{children}</PresenceStoreContext.Provider>;
}
