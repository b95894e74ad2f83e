import type { RtmConfig } from '../agora-types';
import { PresenceError, type PresenceErrorCode } from '../errors';
import { sourceKey, type DualChannelConfig } from './dual-channel-config';
import { duplicateClientError } from './duplicate-client';
import type { RtcClientLike, RtmClient } from './types';

/**
 * The clients used when a config gives none. Core imports no SDK at runtime,
 * so the React package passes lazy real-SDK loaders here; without them a
 * config must give both clients.
 */
export interface DefaultClients {
  /** Makes the RTC client when `config.rtc` gives none (react: a live-mode agora-rtc-react client). */
  rtc(): Promise<RtcClientLike>;
  /**
   * Makes, or returns the one already made, the RTM client of `appId` +
   * `userId` when `config.rtm` gives none; `config` is `config.rtmConfig`
   * (react: agora-rtm-sdk's, one per pair per page: docs/agora-behaviour.md §1b).
   */
  rtm(appId: string, userId: string, config?: RtmConfig): Promise<RtmClient>;
}

const NO_DEFAULT_CLIENTS: DefaultClients = {
  rtc: () =>
    Promise.reject(
      new PresenceError('RTC_JOIN_FAILED', { message: 'No RTC client was given (config.rtc).' }),
    ),
  rtm: () =>
    Promise.reject(
      new PresenceError('RTM_LOGIN_FAILED', { message: 'No RTM client was given (config.rtm).' }),
    ),
};

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
 * The teardown of the last session that used an RTM client (unsubscribe,
 * logout), so a later session on the same client (a remount, a user switch
 * back) logs in only once the client is clean.
 */
const rtmSettling = new WeakMap<object, Promise<unknown>>();

/** Records that `rtm` is being cleaned up until `done` settles. */
export function settlingRtm(rtm: RtmClient, done: Promise<unknown>): void {
  const settled = done.then(
    () => undefined,
    () => undefined,
  );
  rtmSettling.set(rtm, settled);
  void settled.then(() => {
    if (rtmSettling.get(rtm) === settled) rtmSettling.delete(rtm);
  });
}

/** Resolves once the previous session's cleanup of `rtm` (if any) is done. */
export function rtmSettled(rtm: RtmClient): Promise<unknown> {
  return rtmSettling.get(rtm) ?? Promise.resolve();
}

/**
 * The provider's clients, made on the first join (never during render) and
 * reused. RTM: one client per App ID + userId for the life of the page,
 * because agora-rtm-sdk 2.3.0 throws -10027 for a second one even after logout
 * (docs/agora-behaviour.md §1b): the real default comes from the React package's createRealRtmClient and its
 * page-wide registry, and a factory's clients are kept per user here (a switch
 * A -> B -> A asks the factory once per user). A factory that fails is tried
 * again on the next join.
 */
export class ClientCache {
  #rtc: Entry<RtcClientLike> | null = null;
  readonly #rtm = new Map<string, Entry<RtmClient>>();
  readonly #defaults: DefaultClients;

  constructor(defaults: DefaultClients = NO_DEFAULT_CLIENTS) {
    this.#defaults = defaults;
  }

  /** The RTC client: the given one, the factory's, or a real live-mode client. */
  rtc(config: DualChannelConfig, bound: BoundFactory): Promise<RtcClientLike> {
    const { rtc, appId, userId } = config;
    const cached = this.#rtc;
    if (cached !== null && cached.source === sourceKey(rtc)) return cached.client;
    let client: Promise<RtcClientLike>;
    if (typeof rtc === 'function') {
      client = bound(() => rtc({ appId, userId }), 'RTC_JOIN_TIMEOUT', 'RTC_JOIN_FAILED');
    } else if (rtc !== null && rtc !== undefined) client = Promise.resolve(rtc);
    else client = this.#defaults.rtc();
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
    const cached = this.#rtm.get(user);
    if (cached !== undefined && cached.source === sourceKey(rtm)) return cached.client;
    let client: Promise<RtmClient>;
    if (typeof rtm === 'function') {
      client = bound(() => rtm({ appId, userId }), 'RTM_LOGIN_TIMEOUT', 'RTM_LOGIN_FAILED').catch(
        (error: unknown) => {
          // the factory constructs a new client each time: say what to do about it
          throw duplicateClientError(error) ?? error;
        },
      );
    } else if (rtm !== null && rtm !== undefined) client = Promise.resolve(rtm);
    else client = this.#defaults.rtm(appId, userId, rtmConfig);
    const entry: Entry<RtmClient> = { source: sourceKey(rtm), user, client };
    this.#rtm.set(user, entry);
    client.catch(() => {
      if (this.#rtm.get(user) === entry) this.#rtm.delete(user);
    });
    return client;
  }
}
