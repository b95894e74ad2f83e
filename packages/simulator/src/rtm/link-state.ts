import type { RtmLinkStateChangeReasonCode } from '../agora-types';

/**
 * `reason` strings for the reason codes the simulator emits, copied from the
 * SDK's `LinkStateChangeReasonDescription` enum (agora-rtm.d.ts), which is a
 * type-only declaration we cannot import at runtime.
 */
export const linkReason: Partial<Record<RtmLinkStateChangeReasonCode, string>> = {
  LOGIN: 'Perform login operation',
  LOGIN_SUCCESS: 'Login success',
  LOGIN_TIMEOUT: 'Login timeout',
  RELOGIN: 'Perform login operation again',
  LOGOUT: 'Logout success',
  AUTO_RECONNECT: 'Reconnecting',
  RECONNECT_TIMEOUT: 'Reconnect timeout',
  RECONNECT_SUCCESS: 'Reconnect success',
  OPERATION_RATE_EXCEED_LIMITATION: 'Operation rate exceed limitation',
  INVALID_TOKEN: 'Invalid token',
  TOKEN_EXPIRED: 'Token expired',
  SAME_UID_LOGIN: 'The same uid login on another device',
  KEEP_ALIVE_TIMEOUT: 'Keep alive timeout',
};

/** The `reason` text of the token event's WILL_EXPIRE (SDK's TokenEventReason). */
export const tokenWillExpireReason = 'The token is about to expire';
