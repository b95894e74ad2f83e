import type { RtmErrorInfo as ErrorInfo } from '../agora-types';

/**
 * The agora-rtm-sdk 2.3.0 error codes the simulator raises (values read from
 * the SDK bundle's `RTM_ERROR_*` enum; see docs/agora-behaviour.md §1 and the simulator README).
 */
export const RtmErrorCode = {
  INVALID_APP_ID: -10003,
  INVALID_TOKEN: -10005,
  INVALID_USER_ID: -10006,
  INVALID_CHANNEL_NAME: -10008,
  TOKEN_EXPIRED: -10009,
  INVALID_PARAMETER: -10014,
  DUPLICATE_OPERATION: -10017,
  INVALID_CHANNEL_TYPE: -10019,
  OPERATION_RATE_EXCEED_LIMITATION: -10021,
  LOGIN_CANCELED: -10023,
  NOT_CONNECTED: -10025,
  DUPLICATE_USER_ID: -10027,
  CHANNEL_NOT_SUBSCRIBED: -11002,
  CHANNEL_INSTANCE_EXCEED_LIMITATION: -11005,
  CHANNEL_SUBSCRIBE_FAILED: -11021,
  PRESENCE_NOT_CONNECTED: -13001,
  PRESENCE_INVALID_ARGUMENT: -13003,
  PRESENCE_STATE_COUNT_OVERFLOW: -13005,
  PRESENCE_INVALID_STATE_KEY: -13006,
  PRESENCE_INVALID_STATE_VALUE: -13007,
  PRESENCE_STATE_KEY_SIZE_OVERFLOW: -13008,
  PRESENCE_STATE_VALUE_SIZE_OVERFLOW: -13009,
  PRESENCE_USER_NOT_EXIST: -13011,
  PRESENCE_INACTIVE: -13014,
} as const;

/** One of the {@link RtmErrorCode} values. */
export type RtmErrorCodeValue = (typeof RtmErrorCode)[keyof typeof RtmErrorCode];

/** Error class names the SDK uses for `RTMBaseError.name`. */
export type RtmErrorName =
  | 'RtmInvalidArgumentError'
  | 'RtmInvalidStatusError'
  | 'RtmLimitExceededError'
  | 'RtmUnauthenticatedError'
  | 'RtmUnavailableError';

/**
 * Shaped like the SDK's `RTMBaseError`: an `Error` with `code` (= `errorCode`),
 * `reason`, `operation`, `serverCode` and a `name` such as
 * `RtmInvalidStatusError` (docs/agora-behaviour.md §1, "Errors").
 */
export class SimulatedRtmError extends Error implements ErrorInfo {
  /** Same value as {@link SimulatedRtmError.errorCode}. */
  readonly code: number;
  /** Agora's numeric error code, e.g. -10025. */
  readonly errorCode: number;
  /** Always true, as on the SDK's errors. */
  readonly error = true;
  /** Human-readable reason. */
  readonly reason: string;
  /** The API that failed, e.g. `subscribe`. */
  readonly operation: string;
  /** Server-side code; 0 when the failure is client-side. */
  readonly serverCode: number;

  /** Builds an error for `operation` with Agora's `code`. */
  constructor(
    name: RtmErrorName,
    operation: string,
    code: RtmErrorCodeValue,
    reason: string,
    serverCode = 0,
  ) {
    super(reason);
    this.name = name;
    this.code = code;
    this.errorCode = code;
    this.reason = reason;
    this.operation = operation;
    this.serverCode = serverCode;
  }
}

/** -10025: the call needs a logged-in, connected client. */
export function notConnected(operation: string): SimulatedRtmError {
  return new SimulatedRtmError(
    'RtmInvalidStatusError',
    operation,
    RtmErrorCode.NOT_CONNECTED,
    'RTM service is not connected.',
  );
}
