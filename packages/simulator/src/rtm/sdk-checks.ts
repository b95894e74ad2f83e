import type { RtmStateDetail as StateDetail } from '../agora-types';
import type { States } from './presence-channel';
import {
  RtmErrorCode,
  type RtmErrorCodeValue,
  type RtmErrorName,
  SimulatedRtmError,
} from './rtm-error';

/**
 * The argument checks agora-rtm-sdk 2.3.0 makes before any I/O, with its codes
 * and error classes (read in its agora-rtm.js and probed in jsdom;
 * docs/agora-behaviour.md §1b "Constructor checks", "Validation", "Error class names").
 */

// The SDK's App ID check (`/^[\dA-Za-z]{32}$/`).
const APP_ID = /^[0-9A-Za-z]{32}$/;
// The SDK's user ID check (its `dw`): 1..64 characters from this set (no '.',
// no '`'), not starting with '_'. State keys follow the same rule.
const USER_ID = /^[a-zA-Z0-9 !#$%&()+,\-:;<=>?@[\]^_{|}~]{1,64}$/;

/** True when the SDK accepts `userId` (also its rule for state keys). */
export function validUserId(userId: unknown): boolean {
  return typeof userId === 'string' && !userId.startsWith('_') && USER_ID.test(userId);
}

/**
 * -10008 RtmInvalidArgumentError unless the SDK accepts `channel` as a
 * channel name (the user-ID rule, its `Uw(name, op, "channel")`).
 */
export function checkChannelName(channel: unknown, operation: string): void {
  if (!validUserId(channel)) {
    throw new SimulatedRtmError(
      'RtmInvalidArgumentError',
      operation,
      RtmErrorCode.INVALID_CHANNEL_NAME,
      'Invalid channel name.',
    );
  }
}

/** -10003 RtmUnavailableError unless `appId` is 32 letters or digits. */
export function checkAppId(appId: unknown): void {
  if (typeof appId !== 'string' || !APP_ID.test(appId)) {
    throw new SimulatedRtmError(
      'RtmUnavailableError',
      'initRTM',
      RtmErrorCode.INVALID_APP_ID,
      'Invalid App id. illegal symbol or too long.',
    );
  }
}

/** -10006 RtmInvalidArgumentError unless the SDK accepts `userId`. */
export function checkUserId(userId: unknown): void {
  if (!validUserId(userId)) {
    throw new SimulatedRtmError(
      'RtmInvalidArgumentError',
      'initRTM',
      RtmErrorCode.INVALID_USER_ID,
      'Invalid user id. illegal symbol or too long.',
    );
  }
}

/** The SDK's limits (MAX_STATE_COUNT 32, key <= 32 bytes, value <= 16,384 bytes; docs/agora-behaviour.md §1b). */
const MAX_STATES = 32;
const MAX_KEY_BYTES = 32;
const MAX_VALUE_BYTES = 16_384;

const bytes = (s: string) => new TextEncoder().encode(s).byteLength;

/**
 * agora-rtm-sdk 2.3.0's setState checks, in its order (docs/agora-behaviour.md §1b,
 * "Validation"): empty -13003; too many keys -13005; per key: over 32 bytes
 * -13008, empty or outside the allowed set -13006; value over 16,384 bytes
 * -13009. A non-string value is -13007 (a simulator choice: the SDK does not
 * check the type).
 */
export function validateState(state: StateDetail, current: States): void {
  const fail = (name: RtmErrorName, code: RtmErrorCodeValue, reason: string) =>
    new SimulatedRtmError(name, 'presenceSetState', code, reason);
  if (state === null || typeof state !== 'object') {
    throw fail(
      'RtmInvalidArgumentError',
      RtmErrorCode.INVALID_PARAMETER,
      'state must be an object of strings.',
    );
  }
  const keys = Object.keys(state);
  if (keys.length === 0) {
    throw fail(
      'RtmInvalidArgumentError',
      RtmErrorCode.PRESENCE_INVALID_ARGUMENT,
      'Presence operation failed due to invalid argument.state of parameter is empty',
    );
  }
  if (keys.length > MAX_STATES || new Set([...Object.keys(current), ...keys]).size > MAX_STATES) {
    throw fail(
      'RtmLimitExceededError',
      RtmErrorCode.PRESENCE_STATE_COUNT_OVERFLOW,
      'Exceed presence state count limitation.',
    );
  }
  for (const [key, value] of Object.entries(state)) {
    if (bytes(key) > MAX_KEY_BYTES) {
      throw fail(
        'RtmInvalidArgumentError',
        RtmErrorCode.PRESENCE_STATE_KEY_SIZE_OVERFLOW,
        'Presence state key length is too long.',
      );
    }
    // A state key follows the SDK's user-ID rules (its `dw`).
    if (!validUserId(key)) {
      throw fail(
        'RtmInvalidArgumentError',
        RtmErrorCode.PRESENCE_INVALID_STATE_KEY,
        'Invalid presence state key.',
      );
    }
    if (typeof value !== 'string') {
      throw fail(
        'RtmInvalidArgumentError',
        RtmErrorCode.PRESENCE_INVALID_STATE_VALUE,
        'Invalid presence state value.',
      );
    }
    if (bytes(value) > MAX_VALUE_BYTES) {
      throw fail(
        'RtmLimitExceededError',
        RtmErrorCode.PRESENCE_STATE_VALUE_SIZE_OVERFLOW,
        'Presence state value length is too long.',
      );
    }
  }
}
