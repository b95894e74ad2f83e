import { PresenceError, sdkCause } from '../errors';
import { rtmErrorCode } from '../sources/rtm/rtm-pacer';

/** RTM_ERROR_DUPLICATE_USER_ID (agora-rtm.js 2.3.0's error table) */
const RTM_DUPLICATE_USER_ID = -10027;

/**
 * The error for a -10027 (agora-rtm-sdk 2.3.0 already made a client for this
 * appId + userId, even one logged out: docs/agora-behaviour.md §1b), else null.
 */
export function duplicateClientError(cause: unknown): PresenceError | null {
  if (rtmErrorCode(cause) !== RTM_DUPLICATE_USER_ID) return null;
  // the SDK's own error as cause, not our wrapper of it
  return new PresenceError('RTM_DUPLICATE_CLIENT', { cause: sdkCause(cause) });
}
