import type { RtmPresenceEvent } from '../../agora-types';
import type { PresenceAction } from '../../actions';
import { PresenceError } from '../../errors';
import type { MemberState } from '../../model';
import { EMPTY_STATE } from '../../state';
import { copyStateMap } from '../../state-map';
import { isUserId, isValidTotal } from '../../reducer/action-checks';

/** The RTM presence event, as agora-rtm-sdk 2.3.0 types it (restated: `agora-types.ts`). */
export type { RtmPresenceEvent };

type Ignored = Extract<PresenceAction, { type: 'ignored' }>;

const KNOWN_TYPES: ReadonlySet<string> = new Set([
  'NONE',
  'SNAPSHOT',
  'INTERVAL',
  'REMOTE_JOIN',
  'REMOTE_LEAVE',
  'REMOTE_TIMEOUT',
  'REMOTE_STATE_CHANGED',
  'ERROR_OUT_OF_SERVICE',
]);

/** `detail` is `false` in a production build (core README, "Production builds"): then empty */
function ignored(why: Ignored['why'], detail: string | false): PresenceAction[] {
  return [{ type: 'ignored', why, detail: detail || '' }];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A copy of an RTM state map, frozen; `null` when a value is not a string (a malformed event). */
function readState(value: unknown): MemberState | null {
  if (!isRecord(value)) return null;
  const { state, dropped } = copyStateMap(value);
  return dropped ? null : state;
}

function readUserStates(value: unknown): { userId: string; state: MemberState }[] | null {
  if (!Array.isArray(value)) return null;
  const out: { userId: string; state: MemberState }[] = new Array(value.length);
  for (let i = 0; i < value.length; i++) {
    const row: unknown = value[i];
    if (!isRecord(row) || !isUserId(row.userId)) return null;
    // `states` may be absent in a degraded snapshot (docs/agora-behaviour.md §1: EMPTY states)
    const state = row.states === undefined ? EMPTY_STATE : readState(row.states);
    if (state === null) return null;
    out[i] = { userId: row.userId, state };
  }
  return out;
}

function readUsers(value: unknown): string[] | null {
  if (!isRecord(value) || !Array.isArray(value.users)) return null;
  if (!value.users.every(isUserId)) return null;
  return value.users as string[];
}

/**
 * Validates one RTM `presence` event and normalises it into canonical actions
 * (pure; never throws). Semantics from docs/agora-behaviour.md §1:
 * - only `SNAPSHOT` is a snapshot (other types carry `snapshot: []`);
 * - `INTERVAL` becomes one `interval` action with `totalOccupancy` as total;
 * - `REMOTE_STATE_CHANGED.stateChanged` is the publisher's WHOLE state map;
 * - `ERROR_OUT_OF_SERVICE` invalidates the list (the source then resyncs);
 * - `NONE` yields nothing.
 * Anything malformed, unknown, or for another channel than `channelName`
 * becomes a single `ignored` action, which the reducer counts.
 */
export function adaptPresenceEvent(event: unknown, channelName: string): PresenceAction[] {
  if (!isRecord(event))
    return ignored(
      'malformed',
      process.env.NODE_ENV !== 'production' && 'presence event is not an object',
    );
  const type = event.eventType;
  if (typeof type !== 'string')
    return ignored(
      'malformed',
      process.env.NODE_ENV !== 'production' && 'presence event without eventType',
    );
  if (!KNOWN_TYPES.has(type))
    return ignored(
      'unknown-type',
      process.env.NODE_ENV !== 'production' && `presence eventType ${type.slice(0, 50)}`,
    );
  if (typeof event.channelName !== 'string')
    return ignored(
      'malformed',
      process.env.NODE_ENV !== 'production' && `${type} without channelName`,
    );
  if (event.channelName !== channelName) {
    return ignored(
      'foreign-channel',
      process.env.NODE_ENV !== 'production' &&
        `${type} for channel ${event.channelName.slice(0, 64)}`,
    );
  }
  switch (type) {
    case 'NONE':
      return [];
    case 'SNAPSHOT': {
      const rows = readUserStates(event.snapshot);
      if (rows === null)
        return ignored(
          'malformed',
          process.env.NODE_ENV !== 'production' && 'SNAPSHOT with a bad snapshot list',
        );
      return [{ type: 'snapshot', members: rows }];
    }
    case 'INTERVAL': {
      const interval = event.interval;
      if (!isRecord(interval))
        return ignored(
          'malformed',
          process.env.NODE_ENV !== 'production' && 'INTERVAL without interval',
        );
      const joins = readUsers(interval.join);
      const leaves = readUsers(interval.leave);
      const timeouts = readUsers(interval.timeout);
      const states = readUserStates(interval.userStateList ?? []);
      const total = interval.totalOccupancy;
      if (joins === null || leaves === null || timeouts === null || states === null) {
        return ignored(
          'malformed',
          process.env.NODE_ENV !== 'production' && 'INTERVAL with a bad user list',
        );
      }
      if (!isValidTotal(total)) {
        return ignored(
          'malformed',
          process.env.NODE_ENV !== 'production' &&
            'INTERVAL without a valid totalOccupancy (needs agora-rtm-sdk >= 2.3)',
        );
      }
      return [{ type: 'interval', joins, leaves, timeouts, states, total }];
    }
    case 'REMOTE_JOIN':
    case 'REMOTE_LEAVE':
    case 'REMOTE_TIMEOUT': {
      const userId = event.publisher;
      if (!isUserId(userId))
        return ignored(
          'malformed',
          process.env.NODE_ENV !== 'production' && `${type} without publisher`,
        );
      if (type === 'REMOTE_JOIN') {
        // some builds carry the joiner's initial states here; use them when well-formed
        const state = event.stateChanged === undefined ? null : readState(event.stateChanged);
        return [
          state === null || state === EMPTY_STATE
            ? { type: 'join', userId }
            : { type: 'join', userId, state },
        ];
      }
      return [{ type: 'leave', userId, reason: type === 'REMOTE_LEAVE' ? 'left' : 'timed-out' }];
    }
    case 'REMOTE_STATE_CHANGED': {
      const userId = event.publisher;
      if (!isUserId(userId))
        return ignored(
          'malformed',
          process.env.NODE_ENV !== 'production' && `${type} without publisher`,
        );
      const state = readState(event.stateChanged);
      if (state === null)
        return ignored(
          'malformed',
          process.env.NODE_ENV !== 'production' && `${type} with a bad stateChanged map`,
        );
      return [{ type: 'state', userId, state }];
    }
    default: // 'ERROR_OUT_OF_SERVICE'
      return [
        {
          type: 'invalidate',
          error: new PresenceError('PRESENCE_OUT_OF_SERVICE', { cause: event }),
        },
      ];
  }
}
