export { NcsError, isNcsError, type NcsErrorCode } from './errors';
export {
  RTC_PRODUCT_ID,
  RTC_EVENT_TYPES,
  TEST_CHANNEL_NAME,
  TEST_UID,
  platformName,
  leaveReasonName,
  type PlatformName,
  type LeaveReasonName,
} from './codes';
export type { HeaderSource } from './headers';
export {
  signNcsBody,
  verifyNcsSignature,
  type NcsSignatureAlgorithm,
  type VerifyOptions,
} from './signature';
export type {
  NcsNoticeBase,
  NcsUserFields,
  NcsChannelCreated,
  NcsChannelDestroyed,
  NcsJoin,
  NcsRole,
  NcsLeave,
  NcsRoleChange,
  NcsRtcEvent,
  NcsIgnoreReason,
  NcsNotice,
} from './events';
export { parseNcsNotice } from './parse';
export { constructNcsEvent } from './construct';
export {
  DEFAULT_TOMBSTONE_MS,
  DEFAULT_LOG_SIZE,
  type PresenceMember,
  type ChannelPresence,
  type FeedEvent,
  type ApplyResult,
  type FeedListener,
  type ResetListener,
  type NcsPresenceStore,
  type NcsPresenceStoreOptions,
} from './store';
export { transition, type UserRecord, type FeedChange, type Transition } from './tracker';
export { createMemoryPresenceStore } from './memory-store';
export { DEFAULT_STATS_WINDOW_MS, type ChannelStats, type TimelineBucket } from './stats';
export { DEFAULT_STATS_MAX_EVENTS } from './stats-tracker';
export {
  DEFAULT_MAX_BODY_BYTES,
  DEFAULT_STORE_TIMEOUT_MS,
  receiveNcsDelivery,
  type NcsOutcome,
  type NcsOutcomeInfo,
  type NcsReceiverOptions,
  type NcsReceipt,
  type NcsReceiptBody,
} from './receiver';
export { createNcsHandler } from './fetch-handler';
export { createNcsNodeHandler, readNodeBody } from './node-handler';
// the Redis store: `@audience-presence/ncs/redis` (its types need ioredis)
