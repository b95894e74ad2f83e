/**
 * Checks and normalisation of canonical actions that may come from plain JS:
 * the reducer never trusts the type system alone.
 */
import type { LeaveReason, MemberState } from '../model';
import { EMPTY_STATE } from '../state';
import { copyStateMap } from '../state-map';

/** every LeaveReason, for validating actions that come from plain JS */
export const LEAVE_REASONS: ReadonlySet<string> = new Set<LeaveReason>([
  'left',
  'timed-out',
  'missing-from-snapshot',
  'kicked',
  'channel-closed',
]);
/** The state to store: EMPTY_STATE when empty or absent, the same object when frozen, else a frozen copy of its string values. */
export function frozenState(state: MemberState | undefined): MemberState {
  // canonical actions can come from plain JS: anything but an object is "no state"
  if (typeof state !== 'object' || state === null) return EMPTY_STATE;
  if (state === EMPTY_STATE) return state;
  if (Object.isFrozen(state)) {
    return Object.keys(state).length === 0 ? EMPTY_STATE : state;
  }
  // values that are not strings are dropped, the rest kept
  return copyStateMap(state).state;
}

/** undefined, or a plain object (a state map) */
export function isStateLike(state: unknown): boolean {
  return (
    state === undefined || (typeof state === 'object' && state !== null && !Array.isArray(state))
  );
}

/** a usable user id (RTM user ids, RTC uids as strings): a non-empty string */
export function isUserId(value: unknown): value is string {
  return typeof value === 'string' && value !== '';
}

/** a usable occupancy figure */
export function isValidTotal(total: unknown): total is number {
  return typeof total === 'number' && Number.isFinite(total) && total >= 0;
}
