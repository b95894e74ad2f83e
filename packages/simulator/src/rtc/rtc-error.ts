import type { AgoraRTCErrorCode, IAgoraRTCError } from 'agora-rtc-react';

/** The string values of agora-rtc-react's `AgoraRTCErrorCode` enum. */
export type RtcErrorCodeString = `${AgoraRTCErrorCode}`;

/**
 * Shaped like the RTC SDK's `AgoraRTCError` (`code`, `message`, `data`,
 * `name: 'AgoraRTCException'`), so code that inspects `error.code` works.
 */
export class SimulatedRtcError extends Error implements IAgoraRTCError {
  /** The SDK's error code, e.g. `CAN_NOT_GET_GATEWAY_SERVER`. */
  readonly code: AgoraRTCErrorCode;
  /** Extra data, as on the SDK's errors. */
  readonly data?: unknown;

  /** Builds an error with the SDK's `code`. */
  constructor(code: RtcErrorCodeString, message: string, data?: unknown) {
    super(`AgoraRTCError ${code}: ${message}`);
    this.name = 'AgoraRTCException';
    // The enum is type-only here; its values are these strings.
    this.code = code as AgoraRTCErrorCode;
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
