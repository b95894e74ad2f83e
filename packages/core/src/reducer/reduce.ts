import type { PresenceAction } from '../actions';
import { PresenceDraft } from './presence-draft';
import {
  createConfig,
  createEmptyState,
  type PresenceConfigOptions,
  type PresenceState,
} from '../state';

/**
 * The pure reducer: returns the state after `action` at store-clock `now`,
 * without touching `state` (everything is copied, so it costs O(members); the
 * store uses the same logic in place). Returns `state` itself when nothing
 * changed. Never throws: bad input is counted in `diagnostics`.
 */
export function reduce(state: PresenceState, action: PresenceAction, now = 0): PresenceState {
  const draft = new PresenceDraft(state);
  draft.begin(now, null);
  draft.apply(action);
  const next = draft.publish(state);
  return next;
}

/**
 * The state of a channel nobody has reported on yet, for use with {@link reduce}.
 * Throws `PresenceError('INVALID_ARGUMENT')` on bad options.
 */
export function initialPresenceState(options: PresenceConfigOptions = {}): PresenceState {
  return createEmptyState(createConfig(options), options.selfId ?? null);
}
