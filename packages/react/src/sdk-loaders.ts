import {
  duplicateClientError,
  PresenceError,
  type RtcClientLike,
  type RtcClientRole,
  type RtcMode,
  type RtmClient,
  type RtmConfig,
} from '@audience-presence/core';
// type-only, and only inside function bodies: the shipped d.ts names neither
// SDK (both are optional peers), so signatures use core's restated shapes
import type AgoraRTCDefault from 'agora-rtc-react';
import type AgoraRTMDefault from 'agora-rtm-sdk';

/** The agora-rtc-react `ClientConfig` fields {@link createRealRtcClient} takes. */
export interface RealRtcClientConfig {
  /** default 'live' */
  readonly mode?: RtcMode;
  /** default 'vp8' */
  readonly codec?: 'vp8' | 'vp9' | 'h264' | 'h265' | 'av1';
  /** default 'audience' (the SDK's default in live mode) */
  readonly role?: RtcClientRole;
}

/**
 * agora-rtm-sdk 2.3.0 remembers every appId + userId it constructed and throws
 * -10027 for a second one, even after `logout()` (docs/agora-behaviour.md §1b, "One
 * client per (appId, userId), forever"). So this page keeps one client per
 * pair too, whoever asks: a remount or a user switch A -> B -> A gets the
 * client made before.
 */
const rtmClients = new Map<string, Promise<RtmClient>>();

/**
 * The page's real agora-rtm-sdk 2.x client for `appId` + `userId`: made on
 * the first call, the same object on every later one (the SDK allows one per
 * pair, forever; `config` of the first call wins). The SDK (~1.4 MB, touches `window`
 * when loaded: docs/agora-behaviour.md §1) is imported here, lazily, and nowhere else,
 * so the package renders on a server and apps that never call this do not pay
 * for it. Construction does no network I/O.
 *
 * Rejects with `PresenceError('RTM_LOGIN_FAILED')` when the SDK cannot be loaded,
 * `PresenceError('INVALID_ARGUMENT')` when it rejects the appId or userId, and
 * `PresenceError('RTM_DUPLICATE_CLIENT')` when the app already constructed its
 * own client for this user (pass that one as `rtmClient` instead).
 *
 * @example
 * <AudiencePresenceProvider appId={appId} userId="ana" rtmClient={({ appId, userId }) => createRealRtmClient(appId, userId)} ...>
 */
export function createRealRtmClient(
  appId: string,
  userId: string,
  config?: RtmConfig,
): Promise<RtmClient> {
  const key = `${appId}\u0000${userId}`;
  const existing = rtmClients.get(key);
  if (existing !== undefined) return existing;
  const made = constructRtmClient(appId, userId, config);
  rtmClients.set(key, made);
  // a failure (SDK not installed, bad user id) is not remembered: the next call tries again
  made.catch(() => {
    if (rtmClients.get(key) === made) rtmClients.delete(key);
  });
  return made;
}

async function constructRtmClient(
  appId: string,
  userId: string,
  config?: RtmConfig,
): Promise<RtmClient> {
  let AgoraRTM: typeof AgoraRTMDefault;
  try {
    // a default import: the UMD bundle has no named `RTM` export in ESM (docs/agora-behaviour.md §1)
    AgoraRTM = (await import('agora-rtm-sdk')).default;
  } catch (cause) {
    throw new PresenceError('RTM_LOGIN_FAILED', {
      message: 'Could not load agora-rtm-sdk. Is it installed?',
      cause,
    });
  }
  try {
    return new AgoraRTM.RTM(appId, userId, config);
  } catch (cause) {
    // the app constructed its own client for this user (not through here)
    throw (
      duplicateClientError(cause) ??
      new PresenceError('INVALID_ARGUMENT', {
        message: 'agora-rtm-sdk rejected the App ID or user id.',
        cause,
      })
    );
  }
}

/**
 * Creates a real agora-rtc-react client in live mode (lazily imported, like
 * {@link createRealRtmClient}). Prefer passing the client you already give
 * `AgoraRTCProvider`; this is for audience-only pages that play no media.
 *
 * Rejects with `PresenceError('RTC_JOIN_FAILED')` when the SDK cannot be loaded.
 */
export async function createRealRtcClient(
  config: RealRtcClientConfig = {},
): Promise<RtcClientLike> {
  let AgoraRTC: typeof AgoraRTCDefault;
  try {
    AgoraRTC = (await import('agora-rtc-react')).default;
  } catch (cause) {
    throw new PresenceError('RTC_JOIN_FAILED', {
      message: 'Could not load agora-rtc-react. Is it installed?',
      cause,
    });
  }
  return AgoraRTC.createClient({ mode: 'live', codec: 'vp8', ...config });
}
