import type { RtcErrorCodeString } from '../agora-types';

export type { RtcErrorCodeString };

/**
 * Shaped like the RTC SDK's `AgoraRTCError` (`code`, `message`, `data`,
 * `name: 'AgoraRTCException'`), so code that inspects `error.code` works.
 */
export class SimulatedRtcError extends Error {
  /** The SDK's error code, e.g. `CAN_NOT_GET_GATEWAY_SERVER`. */
  readonly code: RtcErrorCodeString;
  /** Extra data, as on the SDK's errors. */
  readonly data?: unknown;

  /** Builds an error with the SDK's `code`. */
  constructor(code: RtcErrorCodeString, message: string, data?: unknown) {
    super(`AgoraRTCError ${code}: ${message}`);
    this.name = 'AgoraRTCException';
    this.code = code;
    this.data = data;
  }

  /** Same as the SDK: returns itself after logging. */
  print(): SimulatedRtcError {
    console.error(this.message);
    return this;
  }

  /** Same as the SDK: throws itself. */
  throw(): never {
    throw this;
  }
}
