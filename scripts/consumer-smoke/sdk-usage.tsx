// With the SDKs installed: the real clients go into the provider as they are.
import AgoraRTC, { AgoraRTCProvider } from 'agora-rtc-react';
import AgoraRTM from 'agora-rtm-sdk';
import { AudiencePresenceProvider, createRealRtmClient } from '@audience-presence/react';
import { bindRtmSource, createPresenceStore } from '@audience-presence/core';
import { createSimulatedCloud } from '@audience-presence/simulator';
import { asAgoraRTCClient } from '@audience-presence/simulator/agora';

const APP_ID = '0123456789abcdef0123456789abcdef';
const rtcClient = AgoraRTC.createClient({ mode: 'live', codec: 'vp8' });
const rtmClient = new AgoraRTM.RTM(APP_ID, 'ana');

export function RealApp() {
  return (
    <AgoraRTCProvider client={rtcClient}>
      <AudiencePresenceProvider
        appId={APP_ID}
        userId="ana"
        rtcClient={rtcClient}
        rtmClient={rtmClient}
      >
        <p>stage</p>
      </AudiencePresenceProvider>
      <AudiencePresenceProvider
        appId={APP_ID}
        userId="bo"
        rtcClient={rtcClient}
        rtmClient={({ appId, userId }) =>
          createRealRtmClient(appId, userId, { presenceTimeout: 30 })
        }
        rtmConfig={{ logLevel: 'none' }}
      />
    </AgoraRTCProvider>
  );
}

export const source = bindRtmSource(createPresenceStore({ selfId: 'ana' }), rtmClient, {
  channel: 'live',
  userId: 'ana',
});

// the simulator's one SDK-typed entry point: a simulated client for AgoraRTCProvider
export const simulated = (
  <AgoraRTCProvider client={asAgoraRTCClient(createSimulatedCloud().createRtcClient())}>
    <p>simulated</p>
  </AgoraRTCProvider>
);
