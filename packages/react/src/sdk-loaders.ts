import { PresenceError } from '@audience-presence/core';
import type AgoraRTCDefault from 'agora-rtc-react';
import type { ClientConfig, IAgoraRTCClient } from 'agora-rtc-react';
import type AgoraRTMDefault from 'agora-rtm-sdk';
import type { RTMClient, RTMConfig } from 'agora-rtm-sdk';

/**
 * Creates a real agora-rtm-sdk 2.x client. The SDK (~1.4 MB, touches `window`
 * when loaded: agora-notes.md §1) is imported here, lazily, and nowhere else,
 * so the package renders on a server and apps that never call this do not pay
 * for it. Construction does no network I/O.
 *
 * Rejects with `PresenceError('RTM_LOGIN_FAILED')` when the SDK cannot be loaded
 * and `PresenceError('INVALID_ARGUMENT')` when it rejects the appId or userId.
 *
 * @example
 * <AudiencePresenceProvider appId={appId} userId="ana" rtm={({ appId, userId }) => createRealRtmClient(appId, userId)} ...>
 */
export async function createRealRtmClient(
  appId: string,
  userId: string,
  config?: RTMConfig,
): Promise<RTMClient> {
  let AgoraRTM: typeof AgoraRTMDefault;
  try {
    // a default import: the UMD bundle has no named `RTM` export in ESM (agora-notes.md §1)
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
    throw new PresenceError('INVALID_ARGUMENT', {
      message: 'agora-rtm-sdk rejected the App ID or user id.',
      cause,
    });
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
  config: Partial<ClientConfig> = {},
): Promise<IAgoraRTCClient> {
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
