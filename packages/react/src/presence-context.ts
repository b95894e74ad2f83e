import {
  PresenceError,
  type DualChannelSession,
  type PresenceStore,
} from '@audience-presence/core';
import { createContext, useContext } from 'react';

/** What a provider hands its subtree: one store and one connection driver. */
export interface PresenceRuntime {
  readonly store: PresenceStore;
  readonly controller: DualChannelSession;
}

/** @internal read it through the hooks */
export const PresenceContext = createContext<PresenceRuntime | null>(null);

/** The nearest provider's runtime; throws a clear error outside one. */
export function usePresenceRuntime(hook: string): PresenceRuntime {
  const runtime = useContext(PresenceContext);
  if (runtime === null) {
    throw new PresenceError('INVALID_ARGUMENT', {
      message: `${hook} must be used inside <AudiencePresenceProvider>.`,
    });
  }
  return runtime;
}
