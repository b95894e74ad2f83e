import { invalidArgument, PresenceError, requireNonEmpty } from '../errors';
import type { DualChannelConfig } from './dual-channel-config';
import type { DualChannelTarget } from './target';

/** RTM allows 32 state keys (docs/agora-behaviour.md §1); role and RTC uid take two */
const MAX_APP_STATE_KEYS = 30;

/**
 * Checks a join request before any SDK is touched, so bad input fails fast
 * with a clear INVALID_ARGUMENT instead of half-way through the join.
 */
export function validateJoin(config: DualChannelConfig, target: DualChannelTarget): void {
  requireNonEmpty(config.appId, 'appId');
  requireNonEmpty(config.userId, 'userId');
  const timeoutMs = config.timeoutMs;
  if (timeoutMs !== undefined && !(Number.isFinite(timeoutMs) && timeoutMs > 0))
    throw invalidArgument('timeoutMs must be a positive number of milliseconds');
  requireNonEmpty(target.channel, 'channel');
  if (target.role !== 'host' && target.role !== 'audience')
    throw invalidArgument(`role must be 'host' or 'audience', got ${String(target.role)}`);
  const uid = target.rtcUid;
  if (uid !== null && typeof uid !== 'string' && !(Number.isInteger(uid) && uid >= 0))
    throw invalidArgument('rtcUid must be a string, a non-negative integer or null');
  const keys = Object.keys(target.state);
  if (keys.length > MAX_APP_STATE_KEYS)
    throw invalidArgument(
      `state has ${keys.length} keys; RTM allows ${MAX_APP_STATE_KEYS} besides role and rtcUid`,
    );
  for (const key of keys) {
    if (typeof target.state[key] !== 'string')
      throw invalidArgument(
        `state.${key} must be a string (RTM presence state is string key-values)`,
      );
  }
}

/** A token provider's answer must be a non-empty string. */
export function validateToken(token: unknown): string {
  if (typeof token !== 'string' || token === '') {
    throw new PresenceError('TOKEN_PROVIDER_FAILED', {
      message: 'The token provider must resolve to a non-empty string.',
    });
  }
  return token;
}
