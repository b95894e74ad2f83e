// The SDK shapes restated in src/agora-types.ts against the installed SDKs
// (agora-rtm-sdk 2.3.0, agora-rtc-react 2.5.1): the shipped d.ts names neither
// SDK, so these checks are what keeps the restatement honest.
import type { IAgoraRTCClient, UID } from 'agora-rtc-react';
import type {
  RTMClient,
  RTMConfig,
  RTMEvents,
  SubscribeOptions,
  WhoNowResponse,
} from 'agora-rtm-sdk';
import { expectTypeOf } from 'vitest';
import type {
  RtcClientLike,
  RtcConnectionState,
  RtcHostClient,
  RtcUid,
  RtmClient,
  RtmConfig,
  RtmLinkStateEvent,
  RtmPresenceEvent,
  RtmSubscribeOptions,
  RtmWhoNowResponse,
} from '../src/index';

// the real clients go into the provider and the sources as they are
expectTypeOf<IAgoraRTCClient>().toExtend<RtcClientLike>();
expectTypeOf<IAgoraRTCClient>().toExtend<RtcHostClient>();
expectTypeOf<RTMClient>().toExtend<RtmClient>();

// what the SDKs hand us fits what we read
expectTypeOf<RTMEvents.PresenceEvent>().toExtend<RtmPresenceEvent>();
expectTypeOf<RTMEvents.LinkStateEvent>().toExtend<RtmLinkStateEvent>();
expectTypeOf<WhoNowResponse>().toExtend<RtmWhoNowResponse>();
expectTypeOf<IAgoraRTCClient['connectionState']>().toEqualTypeOf<RtcConnectionState>();
expectTypeOf<UID>().toEqualTypeOf<RtcUid>();

// and what we hand the SDKs fits what they take
expectTypeOf<RtmConfig>().toExtend<RTMConfig>();
expectTypeOf<RtmSubscribeOptions>().toEqualTypeOf<SubscribeOptions>();
expectTypeOf<RtmPresenceEvent['eventType']>().toEqualTypeOf<RTMEvents.PresenceEvent['eventType']>();
expectTypeOf<RtmLinkStateEvent['currentState']>().toEqualTypeOf<RTMEvents.LinkState>();
