import { AudiencePresenceProvider } from '@audience-presence/react';
import { createSimulatedCloud } from '@audience-presence/simulator';
import { useEffect, useMemo, useState } from 'react';
import { DemoScreen } from '../demo-screen';
import { exposeDemoHandle } from '../debug-handle';
import { PlaceholderTile } from '../stage';
import { REAL_RTM_CONFIG } from './rtm-options';
import { createTokenProvider } from './token-provider';
import type { RealDemoProps } from './real-demo';

/** Props of {@link RealRtmDemo}: the same as real mode's (a type-only import: no SDK is loaded). */
export type RealRtmDemoProps = RealDemoProps;

/**
 * Real mode with `?rtc=sim`: the real agora-rtm-sdk (loaded lazily by the
 * provider) next to the simulator's RTC client, which joins at once in this
 * page. So the real RTM login runs even where no RTC join can (offline: the
 * e2e tests), and agora-rtc-react is never loaded. Nobody else is in the
 * simulated RTC channel: the stage shows only who RTM reports as hosts.
 */
export default function RealRtmDemo(props: RealRtmDemoProps) {
  const { appId, channel, tokenUrl, timeoutMs, session } = props;
  // the simulated cloud only carries RTC: no timers run until its client joins
  const [rtcClient] = useState(() =>
    createSimulatedCloud().createRtcClient({ mode: 'live', codec: 'vp8', role: 'audience' }),
  );
  const tokenProvider = useMemo(
    () => (tokenUrl === null ? null : createTokenProvider(tokenUrl, session.userId)),
    [tokenUrl, session.userId],
  );
  useEffect(() => exposeDemoHandle({ mode: 'real' }), []);

  return (
    <AudiencePresenceProvider
      appId={appId}
      userId={session.userId}
      rtcClient={rtcClient}
      rtmConfig={REAL_RTM_CONFIG}
      tokenProvider={tokenProvider}
      timeoutMs={timeoutMs}
      includeSelfInAudience
    >
      <DemoScreen
        channel={channel}
        modeLabel={`Agora App ID ${appId.slice(0, 6)}… (RTM; RTC simulated in this page)`}
        session={session}
        onSessionChange={props.onSessionChange}
        onLeave={props.onLeave}
        renderTile={(member) => <PlaceholderTile member={member} />}
        intervalSeconds={null}
      />
    </AudiencePresenceProvider>
  );
}
