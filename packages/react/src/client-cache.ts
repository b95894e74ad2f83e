import type { PresenceErrorCode } from '@audience-presence/core';
import { sourceKey, type DualChannelConfig } from './dual-channel-config';
import { createRealRtcClient, createRealRtmClient } from './sdk-loaders';
import type { RtcClientLike, RtmClient } from './types';

/** Runs a factory with a deadline (the controller's `bounded`). */
export type BoundFactory = <T>(
  work: () => Promise<T> | T,
  timeoutCode: PresenceErrorCode,
  failCode: PresenceErrorCode,
) => Promise<T>;

interface Entry<C> {
  /** sourceKey of the client source, plus the user for RTM */
  readonly source: unknown;
  readonly user: string;
  readonly client: Promise<C>;
}

/**
 * The provider's clients, made on the first join (never during render) and
 * reused: one RTM instance per app (agora-notes.md §1). A factory that fails
 * is tried again on the next join.
 */
export class ClientCache {
  #rtc: Entry<RtcClientLike> | null = null;
  #rtm: Entry<RtmClient> | null = null;

  /** The RTC client: the given one, the factory's, or a real live-mode client. */
  rtc(config: DualChannelConfig, bound: BoundFactory): Promise<RtcClientLike> {
    const { rtc, appId, userId } = config;
    const cached = this.#rtc;
    if (cached !== null && cached.source === sourceKey(rtc)) return cached.client;
    let client: Promise<RtcClientLike>;
    if (typeof rtc === 'function') {
      client = bound(() => rtc({ appId, userId }), 'RTC_JOIN_TIMEOUT', 'RTC_JOIN_FAILED');
    } else if (rtc !== null && rtc !== undefined) client = Promise.resolve(rtc);
    else client = createRealRtcClient();
    const entry: Entry<RtcClientLike> = { source: sourceKey(rtc), user: '', client };
    this.#rtc = entry;
    client.catch(() => {
      if (this.#rtc === entry) this.#rtc = null;
    });
    return client;
  }

  /** The RTM client of this App ID + userId: the given one, the factory's, or a real one. */
  rtm(config: DualChannelConfig, bound: BoundFactory): Promise<RtmClient> {
    const { rtm, appId, userId, rtmConfig } = config;
    const user = `${appId}\u0000${userId}`;
    const cached = this.#rtm;
    if (cached !== null && cached.source === sourceKey(rtm) && cached.user === user) {
      return cached.client;
    }
    let client: Promise<RtmClient>;
    if (typeof rtm === 'function') {
      client = bound(() => rtm({ appId, userId }), 'RTM_LOGIN_TIMEOUT', 'RTM_LOGIN_FAILED');
    } else if (rtm !== null && rtm !== undefined) client = Promise.resolve(rtm);
    else client = createRealRtmClient(appId, userId, rtmConfig);
    const entry: Entry<RtmClient> = { source: sourceKey(rtm), user, client };
    this.#rtm = entry;
    client.catch(() => {
      if (this.#rtm === entry) this.#rtm = null;
    });
    return client;
  }
}
