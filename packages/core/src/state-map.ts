import type { MemberState } from './model';
import { EMPTY_STATE } from './state';

/** A copy of a presence state map, and whether a value had to be dropped. */
export interface StateMapCopy {
  /** frozen; EMPTY_STATE when no string value is left */
  readonly state: MemberState;
  /** a value was not a string (RTM state values are strings: docs/agora-behaviour.md §1) */
  readonly dropped: boolean;
}

/**
 * The one copy of a state map from outside (an SDK event, a whoNow page, a
 * canonical action from plain JS): its string values, frozen. Each caller
 * decides what a dropped value means (the RTM adapter rejects the event, the
 * reducer and the whoNow pages keep the rest).
 */
export function copyStateMap(value: object): StateMapCopy {
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record);
  let dropped = false;
  let copy: Record<string, string> | null = null;
  for (const key of keys) {
    const v = record[key];
    if (typeof v !== 'string') {
      dropped = true;
      continue;
    }
    (copy ??= {})[key] = v;
  }
  return { state: copy === null ? EMPTY_STATE : Object.freeze(copy), dropped };
}
