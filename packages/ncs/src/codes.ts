/**
 * Agora's numeric codes for RTC NCS events, platforms and leave reasons, with
 * readable names. Source: docs/agora-behaviour.md §3.
 */

/** `productId` of RTC notices. Other products reuse event numbers with other meanings. */
export const RTC_PRODUCT_ID = 1;

/** RTC event types this package understands (productId 1). */
export const RTC_EVENT_TYPES = {
  channelCreated: 101,
  channelDestroyed: 102,
  hostJoin: 103,
  hostLeave: 104,
  audienceJoin: 105,
  audienceLeave: 106,
  communicationJoin: 107,
  communicationLeave: 108,
  roleToHost: 111,
  roleToAudience: 112,
} as const;

/** Readable platform name of an NCS `platform` code. */
export type PlatformName = 'android' | 'ios' | 'windows' | 'linux' | 'web' | 'macos' | 'other';

const PLATFORMS: Readonly<Record<number, PlatformName>> = {
  1: 'android',
  2: 'ios',
  5: 'windows',
  6: 'linux',
  7: 'web',
  8: 'macos',
};

/** Maps an NCS `platform` code to its name; unknown codes (and 0) are `'other'`. */
export function platformName(code: number): PlatformName {
  return PLATFORMS[code] ?? 'other';
}

/**
 * Readable name of an NCS leave `reason`, plus `channel-destroyed` for members
 * removed by event 102 (which carries no reason).
 */
export type LeaveReasonName =
  | 'quit'
  | 'timeout'
  | 'kicked'
  | 'load-balancing'
  | 'new-device'
  | 'multiple-ips'
  | 'network-trouble'
  | 'token-error'
  | 'unknown-network'
  | 'abnormal-user'
  | 'other'
  | 'channel-destroyed';

const REASONS: Readonly<Record<number, LeaveReasonName>> = {
  0: 'other',
  1: 'quit',
  2: 'timeout',
  3: 'kicked',
  4: 'load-balancing',
  5: 'new-device',
  9: 'multiple-ips',
  10: 'network-trouble',
  12: 'token-error',
  99: 'unknown-network',
  999: 'abnormal-user',
};

/** Maps an NCS leave `reason` code to its name; unknown codes are `'other'`. */
export function leaveReasonName(code: number): LeaveReasonName {
  return REASONS[code] ?? 'other';
}

/** Channel and uid of the Agora Console's "Check" test deliveries (docs/agora-behaviour.md §3). */
export const TEST_CHANNEL_NAME = 'test_webhook';
/** The uid of the Agora Console's "Check" test deliveries; see {@link TEST_CHANNEL_NAME}. */
export const TEST_UID = 12121212;
