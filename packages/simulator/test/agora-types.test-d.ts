// The SDK shapes restated in src/agora-types.ts, and the simulated clients,
// against the installed SDKs (agora-rtm-sdk 2.3.0, agora-rtc-react 2.5.1): the
// shipped d.ts names neither SDK, so these checks keep the simulator typed
// against the real SDKs.
import type {
  ClientConfig,
  ClientRoleOptions,
  ConnectionDisconnectedReason,
  IAgoraRTCError,
  IAgoraRTCRemoteUser,
  UID,
  AgoraRTCErrorCode,
} from 'agora-rtc-react';
import type { RTMConfig, RTMEvents, WhoNowResponse } from 'agora-rtm-sdk';
import { expectTypeOf } from 'vitest';
import type { RtcClientSurface, RtmClientSurface, RtmPresenceSurface } from '../src/agora';
import type {
  RtcClientConfig,
  RtcClientRoleOptions,
  RtcDisconnectedReason,
  RtcErrorCodeString,
  RtcRemoteUser,
  RtcUid,
  RtmConfig,
  RtmLinkStateEvent,
  RtmPresenceEvent,
  RtmTokenEvent,
  RtmWhoNowResponse,
  SimulatedRtcClient,
  SimulatedRtcError,
  SimulatedRtmClient,
  SimulatedRtmPresence,
} from '../src/index';

// the simulated clients implement the SDK members they claim
expectTypeOf<SimulatedRtcClient>().toExtend<RtcClientSurface>();
expectTypeOf<SimulatedRtmClient>().toExtend<RtmClientSurface>();
expectTypeOf<SimulatedRtmPresence>().toExtend<RtmPresenceSurface>();
// SimulatedRtcError is the SDK's error but for `code`: the SDK types it as its
// string enum, which no string literal is assignable to (the values are the
// same), and `print()` returns the error itself
// (a plain conditional: toExtend trips over the SDK's `throw(): never`)
type Fits<A, B> = [A] extends [B] ? true : false;
expectTypeOf<
  Fits<
    Omit<SimulatedRtcError, 'code' | 'print'> & { code: AgoraRTCErrorCode },
    Omit<IAgoraRTCError, 'print'>
  >
>().toEqualTypeOf<true>();

// what the simulator emits is exactly what the SDKs emit
expectTypeOf<RtmPresenceEvent>().toEqualTypeOf<RTMEvents.PresenceEvent>();
expectTypeOf<RtmLinkStateEvent>().toEqualTypeOf<RTMEvents.LinkStateEvent>();
expectTypeOf<RtmTokenEvent>().toEqualTypeOf<RTMEvents.TokenEvent>();
expectTypeOf<RtmWhoNowResponse>().toEqualTypeOf<WhoNowResponse>();
expectTypeOf<RtcUid>().toEqualTypeOf<UID>();
expectTypeOf<RtcErrorCodeString>().toEqualTypeOf<`${AgoraRTCErrorCode}`>();
expectTypeOf<RtcDisconnectedReason>().toEqualTypeOf<`${ConnectionDisconnectedReason}`>();
expectTypeOf<RtcRemoteUser>().toExtend<IAgoraRTCRemoteUser>();

// and a real config object is accepted where the simulator takes one
expectTypeOf<RTMConfig>().toExtend<RtmConfig>();
expectTypeOf<Partial<ClientConfig>>().toExtend<RtcClientConfig>();
expectTypeOf<ClientRoleOptions>().toExtend<RtcClientRoleOptions>();
