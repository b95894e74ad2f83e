import type { PresenceErrorCode } from '../../errors';

/**
 * The error a FAILED `linkState` means, by its `reasonCode` (docs/agora-behaviour.md §1):
 * a kick by a second login of the same userId, a server kick, token problems,
 * a refused login, or anything else.
 */
export function linkFailureCode(reasonCode: unknown): PresenceErrorCode {
  switch (reasonCode) {
    case 'SAME_UID_LOGIN':
      return 'RTM_SAME_UID_LOGIN';
    case 'KICKED_OUT_BY_SERVER':
      return 'RTM_KICKED';
    case 'TOKEN_EXPIRED':
      return 'TOKEN_EXPIRED';
    case 'INVALID_TOKEN':
      return 'TOKEN_INVALID';
    case 'LOGIN_NOT_AUTHORIZED':
    case 'LOGIN_REJECTED':
    case 'INCONSISTENT_APP_ID':
      return 'RTM_LOGIN_FAILED';
    default:
      return 'RTM_CONNECTION_FAILED';
  }
}
