import {
  createPresenceStore,
  DualChannelSession,
  type ClientSource,
  type DefaultClients,
  type PresenceConfigOptions,
  type PresenceStore,
  type RtcClientLike,
  type RtmClient,
  type RtmConfig,
  type Timers,
  type TokenProvider,
} from '@audience-presence/core';
import { useEffect, useState, type ReactNode } from 'react';
import { DualChannelContext } from './presence-context';
import { PresenceStoreProvider } from './presence-store-provider';
import { createRealRtcClient, createRealRtmClient } from './sdk-loaders';

/** the real SDKs, loaded lazily on the first join that gives no client (SSR-safe) */
const REAL_CLIENTS: DefaultClients = {
  rtc: () => createRealRtcClient(),
  rtm: createRealRtmClient,
};

/** Props of {@link AudiencePresenceProvider}. */
export interface AudiencePresenceProviderProps extends Omit<PresenceConfigOptions, 'selfId'> {
  /** your Agora App ID (RTC and RTM share it) */
  readonly appId: string;
  /** the local user's RTM userId (a string under 64 bytes: docs/agora-behaviour.md §1) */
  readonly userId: string;
  /**
   * The RTC client: the SAME object you give agora-rtc-react's `AgoraRTCProvider`,
   * or a factory. Default: a live-mode client from {@link createRealRtcClient} (lazily loaded).
   */
  readonly rtcClient?: ClientSource<RtcClientLike> | null;
  /**
   * The RTM client (one per app: docs/agora-behaviour.md §1) or a factory for one.
   * Default: {@link createRealRtmClient}(appId, userId, rtmConfig), lazily loaded.
   */
  readonly rtmClient?: ClientSource<RtmClient> | null;
  /** config for the default RTM client (`presenceTimeout`, `logLevel`, ...) */
  readonly rtmConfig?: RtmConfig;
  /** serves the first join and every renewal; omit when your project has no App Certificate */
  readonly tokenProvider?: TokenProvider | null;
  /** bound on every SDK await (RTM login never settles offline), ms. Default 15 000. */
  readonly timeoutMs?: number;
  /** an existing presence store to fill instead of a new one (e.g. shared with an NCS feed) */
  readonly store?: PresenceStore;
  /** store clock (tests): default `Date.now` */
  readonly now?: () => number;
  /** timers for the join deadlines (tests): default the host's */
  readonly timers?: Timers;
  /** the subtree that reads presence and calls `useDualChannel` */
  readonly children?: ReactNode;
}

/**
 * Owns the presence store of its subtree and the connection that fills it
 * (a {@link PresenceStoreProvider} plus the dual-channel session).
 * Add it inside (or next to) agora-rtc-react's `AgoraRTCProvider` and give it
 * the same client; nothing else in your tree changes. Renders on a server:
 * the store starts empty and connecting happens only in effects
 * (`useDualChannel`). Store options (`roleKey`, `includeSelfInAudience`, ...)
 * are read once; client and token settings apply from the next join.
 *
 * @example
 * <AgoraRTCProvider client={rtcClient}>
 *   <AudiencePresenceProvider appId={APP_ID} userId="ana" rtcClient={rtcClient} tokenProvider={fetchToken}>
 *     <Stage />
 *   </AudiencePresenceProvider>
 * </AgoraRTCProvider>
 */
export function AudiencePresenceProvider(props: AudiencePresenceProviderProps) {
  const [runtime] = useState(() => {
    const store =
      props.store ??
      // an option left undefined takes its default (every one is read with `??`)
      createPresenceStore({
        selfId: props.userId,
        roleKey: props.roleKey,
        rtcUidKey: props.rtcUidKey,
        activityLimit: props.activityLimit,
        includeSelfInAudience: props.includeSelfInAudience,
        now: props.now,
      });
    return { store, session: new DualChannelSession(store, configOf(props), REAL_CLIENTS) };
  });
  const { appId, userId, rtcClient, rtmClient, rtmConfig, tokenProvider, timeoutMs, timers } =
    props;
  useEffect(() => {
    runtime.session.configure(
      configOf({
        appId,
        userId,
        rtcClient,
        rtmClient,
        rtmConfig,
        tokenProvider,
        timeoutMs,
        timers,
      }),
    );
  }, [runtime, appId, userId, rtcClient, rtmClient, rtmConfig, tokenProvider, timeoutMs, timers]);
  return (
    <DualChannelContext.Provider value={runtime.session}>
      <PresenceStoreProvider store={runtime.store}>{props.children}</PresenceStoreProvider>
    </DualChannelContext.Provider>
  );
}

function configOf(
  props: Pick<
    AudiencePresenceProviderProps,
    | 'appId'
    | 'userId'
    | 'rtcClient'
    | 'rtmClient'
    | 'rtmConfig'
    | 'tokenProvider'
    | 'timeoutMs'
    | 'timers'
  >,
) {
  return {
    appId: props.appId,
    userId: props.userId,
    rtc: props.rtcClient ?? null,
    rtm: props.rtmClient ?? null,
    rtmConfig: props.rtmConfig,
    tokenProvider: props.tokenProvider ?? null,
    timeoutMs: props.timeoutMs,
    timers: props.timers,
  };
}
