/**
 * `@audience-presence/simulator/agora`: the simulator seen through the real
 * SDKs' types. Its own entry point because these types name agora-rtc-react
 * and agora-rtm-sdk (optional peers): import it where the SDKs are installed,
 * e.g. to hand a simulated client to agora-rtc-react's `AgoraRTCProvider`.
 */
import type { IAgoraRTCClient } from 'agora-rtc-react';
import type { RTMClient, RTMPresence } from 'agora-rtm-sdk';
import type { SimulatedRtcClient } from './rtc/rtc-client';

/**
 * The members of agora-rtc-react's `IAgoraRTCClient` the simulator implements
 * (`localTracks` holds whatever was published, typed `object[]`: the
 * simulator plays no media). `IAgoraRTCClient` itself cannot be implemented
 * structurally: its EventEmitter base has a private field.
 */
export type RtcClientSurface = Pick<
  IAgoraRTCClient,
  | 'connectionState'
  | 'remoteUsers'
  | 'uid'
  | 'channelName'
  | 'mode'
  | 'role'
  | 'on'
  | 'off'
  | 'once'
  | 'removeAllListeners'
  | 'getListeners'
  | 'join'
  | 'leave'
  | 'unpublish'
  | 'setClientRole'
  | 'renewToken'
>;

/** The members of agora-rtm-sdk's `RTMClient` the simulator implements. */
export type RtmClientSurface = Pick<
  RTMClient,
  | 'login'
  | 'logout'
  | 'subscribe'
  | 'unsubscribe'
  | 'renewToken'
  | 'addEventListener'
  | 'removeEventListener'
>;

/** The members of agora-rtm-sdk's `RTMPresence` the simulator implements. */
export type RtmPresenceSurface = Pick<
  RTMPresence,
  | 'whoNow'
  | 'getOnlineUsers'
  | 'setState'
  | 'getState'
  | 'removeState'
  | 'whereNow'
  | 'getUserChannels'
>;

/**
 * The one documented cast: agora-rtc-react's `IAgoraRTCClient` extends an
 * EventEmitter class with a private field, so no fake can satisfy it
 * structurally. The simulator implements the members its hooks and
 * `AgoraRTCProvider` use ({@link RtcClientSurface}: checked here, so this
 * does not compile if the simulated client stops fitting them); pass the
 * result as the `client` prop or to hooks.
 */
export function asAgoraRTCClient(client: SimulatedRtcClient): IAgoraRTCClient {
  const surface: RtcClientSurface = client;
  return surface as unknown as IAgoraRTCClient;
}
