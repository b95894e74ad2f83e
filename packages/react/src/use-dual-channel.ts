import {
  IDLE_DUAL_CHANNEL,
  targetFromKey,
  targetKey,
  toTarget,
  type DualChannelOptions,
  type DualChannelSnapshot,
  type DualChannelTarget,
} from '@audience-presence/core';
import { useCallback, useEffect, useMemo, useSyncExternalStore } from 'react';
import { useSessionContext } from './presence-context';

/** What {@link useDualChannel} returns. */
export interface DualChannel extends DualChannelSnapshot {
  /** Runs the join again after a failure (the same options). */
  retry(): void;
  /** Leaves both channels now; the next change of options joins again. */
  leave(): void;
}

const getServerSnapshot = (): DualChannelSnapshot => IDLE_DUAL_CHANNEL;

/**
 * The same target object while the options mean the same thing, so the join
 * effect does not re-run when an app passes a fresh `state` literal each render.
 */
function useStableTarget(options: DualChannelOptions | null | undefined): DualChannelTarget | null {
  const key = options === null || options === undefined ? null : targetKey(toTarget(options));
  return useMemo(() => (key === null ? null : targetFromKey(key)), [key]);
}

/**
 * Joins the RTC channel and the RTM channel of the same name as ONE operation
 * (Agora's FAQ: "bind the actions of joining both channels"): RTC join in live
 * mode with `role`, then RTM login, subscribe with presence, and the local
 * user's presence state (role, RTC uid, `state`). If either side fails, the
 * other is undone and `status` becomes `failed` with a typed `error`; every
 * step is bounded by the provider's `timeoutMs`.
 *
 * Changing `channel` switches (the old channel is left first, and nothing from
 * it reaches the new list); changing `role` or `state` updates both sides in
 * place; `null` or unmount leaves both. Use it once per provider.
 *
 * @example
 * const { status, error, retry } = useDualChannel({ channel: 'concert', role: 'audience', state: { name: 'Ana' } });
 */
export function useDualChannel(options: DualChannelOptions | null | undefined): DualChannel {
  const session = useSessionContext('useDualChannel');
  const target = useStableTarget(options);
  useEffect(() => session.claim(), [session]);
  useEffect(() => {
    if (target === null) return;
    session.join(target);
    return () => session.leave();
  }, [session, target]);
  const snapshot = useSyncExternalStore(session.subscribe, session.getSnapshot, getServerSnapshot);
  const retry = useCallback(() => session.retry(), [session]);
  const leave = useCallback(() => session.leave(), [session]);
  return { ...snapshot, retry, leave };
}
