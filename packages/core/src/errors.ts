/** Every way presence can fail, as a code the UI can switch on. */
export type PresenceErrorCode =
  /** RTM login did not settle in time (offline, `login()` never settles: docs/agora-behaviour.md §1) */
  | 'RTM_LOGIN_TIMEOUT'
  /** RTM login rejected (bad App ID, bad token) */
  | 'RTM_LOGIN_FAILED'
  | 'RTM_SUBSCRIBE_FAILED'
  | 'RTM_SUBSCRIBE_TIMEOUT'
  | 'RTM_SET_STATE_FAILED'
  /** whoNow failed or timed out during a resync */
  | 'RTM_RESYNC_FAILED'
  /** the same userId logged in elsewhere (linkState reason SAME_UID_LOGIN) */
  | 'RTM_SAME_UID_LOGIN'
  /** the server kicked us (KICKED_OUT_BY_SERVER) */
  | 'RTM_KICKED'
  /** the token expired and was not renewed */
  | 'TOKEN_EXPIRED'
  | 'TOKEN_INVALID'
  | 'TOKEN_PROVIDER_FAILED'
  /**
   * the presence service is unavailable for this channel: presence calls
   * rejected -13014 / -13001 (how agora-rtm-sdk 2.3.0 reports it: docs/agora-behaviour.md §1b),
   * or the type-only ERROR_OUT_OF_SERVICE event
   */
  | 'PRESENCE_OUT_OF_SERVICE'
  /**
   * the SDK fell back to presence from the message server (degraded mode,
   * docs/agora-behaviour.md §1b): the list names only the first 200; the count stays right
   */
  | 'PRESENCE_DEGRADED'
  /**
   * agora-rtm-sdk 2.3.0 refused a second RTM client for this App ID + userId
   * (-10027 RTM_ERROR_DUPLICATE_USER_ID, even after logout: docs/agora-behaviour.md §1b)
   */
  | 'RTM_DUPLICATE_CLIENT'
  /** the link went to FAILED for another reason */
  | 'RTM_CONNECTION_FAILED'
  | 'RTC_JOIN_FAILED'
  | 'RTC_JOIN_TIMEOUT'
  /** RTC disconnected us with IP_BANNED or CHANNEL_BANNED (a moderator's ban): do not simply retry */
  | 'RTC_BANNED'
  /**
   * RTC disconnected us with UID_BANNED: the same uid joined from another
   * device or tab (the SDK reports that as UID_BANNED too: docs/agora-behaviour.md §1b), or a ban
   */
  | 'RTC_UID_CLOSED'
  /** RTC went DISCONNECTED after joining, for a reason we did not cause (not a ban, not token expiry) */
  | 'RTC_CONNECTION_LOST'
  | 'RTC_ROLE_CHANGE_FAILED'
  | 'RTC_LEAVE_FAILED'
  /** the NCS live feed (server-sent events) could not be reached */
  | 'FEED_FAILED'
  /** an argument the caller passed is not usable */
  | 'INVALID_ARGUMENT';

const MESSAGES: Record<PresenceErrorCode, string> = {
  RTM_LOGIN_TIMEOUT: 'Could not reach Agora Signaling in time. Check the network and try again.',
  RTM_LOGIN_FAILED: 'Agora Signaling refused the login. Check the App ID and token.',
  RTM_SUBSCRIBE_FAILED: 'Could not join the presence channel.',
  RTM_SUBSCRIBE_TIMEOUT: 'Joining the presence channel took too long.',
  RTM_SET_STATE_FAILED: 'Could not publish your presence state.',
  RTM_RESYNC_FAILED: 'Could not refresh the audience list.',
  RTM_SAME_UID_LOGIN: 'You joined from another tab or device, so this one was disconnected.',
  RTM_KICKED: 'You were removed from the channel by the server.',
  TOKEN_EXPIRED: 'Your session token expired and could not be renewed.',
  TOKEN_INVALID: 'The token was rejected. Check the token server and App ID.',
  TOKEN_PROVIDER_FAILED: 'Could not get a token from the token provider.',
  PRESENCE_OUT_OF_SERVICE:
    'The presence service is unavailable for this channel; the list may be out of date.',
  PRESENCE_DEGRADED:
    'Presence is running in a reduced mode: the list may show only part of the audience; the count is right.',
  RTM_DUPLICATE_CLIENT:
    'agora-rtm-sdk already has a client for this App ID and user id (it allows one per page, even after logout). ' +
    'Let AudiencePresenceProvider create the RTM client, or pass the one client you made for this user.',
  RTM_CONNECTION_FAILED: 'The connection to Agora Signaling failed.',
  RTC_JOIN_FAILED: 'Could not join the live stream.',
  RTC_JOIN_TIMEOUT: 'Joining the live stream took too long.',
  RTC_BANNED: 'You were removed from the live stream.',
  RTC_UID_CLOSED:
    'Agora closed this connection: this user joined the stream from another device or tab, or was banned.',
  RTC_CONNECTION_LOST: 'The connection to the live stream was lost.',
  RTC_ROLE_CHANGE_FAILED: 'Could not change your role.',
  RTC_LEAVE_FAILED: 'Could not leave the live stream cleanly.',
  FEED_FAILED: 'Could not reach the presence feed.',
  INVALID_ARGUMENT: 'Invalid argument.',
};

/**
 * The one error type of @audience-presence/core. `code` says what failed,
 * `cause` holds the original SDK error (an `RTMBaseError`, an RTC `AgoraRTCError`, ...).
 */
export class PresenceError extends Error {
  /** always 'PresenceError' (what {@link isPresenceError} checks across bundle copies) */
  override readonly name = 'PresenceError';
  /** what failed; switch on it in the UI */
  readonly code: PresenceErrorCode;

  constructor(code: PresenceErrorCode, options: { message?: string; cause?: unknown } = {}) {
    super(
      options.message ?? MESSAGES[code],
      options.cause === undefined ? undefined : { cause: options.cause },
    );
    this.code = code;
  }
}

/** An INVALID_ARGUMENT error: bad options or arguments, caught before any SDK call. */
export function invalidArgument(message: string): PresenceError {
  return new PresenceError('INVALID_ARGUMENT', { message });
}

/** Throws INVALID_ARGUMENT "`name` must be a non-empty string" unless `value` is one. */
export function requireNonEmpty(value: unknown, name: string): asserts value is string {
  if (typeof value !== 'string' || value === '')
    throw invalidArgument(`${name} must be a non-empty string`);
}

/** Wraps anything thrown into a PresenceError with `code` (a PresenceError passes through). */
export function toPresenceError(error: unknown, code: PresenceErrorCode): PresenceError {
  return isPresenceError(error) ? error : new PresenceError(code, { cause: error });
}

/** The SDK's own error: the `cause` of our wrapper of it, else `error` itself. */
export function sdkCause(error: unknown): unknown {
  return error instanceof PresenceError && error.cause !== undefined ? error.cause : error;
}

/** Type guard that also works across bundle copies (checks the name and code). */
export function isPresenceError(value: unknown): value is PresenceError {
  return (
    value instanceof PresenceError ||
    (value instanceof Error &&
      value.name === 'PresenceError' &&
      typeof (value as { code?: unknown }).code === 'string')
  );
}
