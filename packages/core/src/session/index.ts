export { DualChannelSession } from './dual-channel-session';
export type { DefaultClients } from './client-cache';
export type { DualChannelConfig } from './dual-channel-config';
export { targetFromKey, targetKey, toTarget, type DualChannelTarget } from './target';
export { IDLE_DUAL_CHANNEL, type DualChannelSnapshot } from './dual-channel-snapshot';
export { duplicateClientError } from './duplicate-client';
export type * from './types';
