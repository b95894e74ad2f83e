import {
  AudienceList,
  AudiencePresenceProvider,
  useAudienceCount,
  useDualChannel,
  type RtcClientLike,
  type RtmClient,
} from '@audience-presence/react';
import { selectAudience, type PresenceState } from '@audience-presence/core';

export interface AppProps {
  readonly appId: string;
  readonly userId: string;
  /** omitted on the server: nothing connects during render */
  readonly rtcClient?: RtcClientLike;
  readonly rtmClient?: RtmClient;
}

function Stage() {
  const { status } = useDualChannel({ channel: 'live', state: { name: 'Me' } });
  const count = useAudienceCount();
  return (
    <main>
      <p id="status">{status}</p>
      <p id="count">{count}</p>
      <AudienceList height={300} />
    </main>
  );
}

export function App({ appId, userId, rtcClient, rtmClient }: AppProps) {
  return (
    <AudiencePresenceProvider
      appId={appId}
      userId={userId}
      {...(rtcClient ? { rtcClient } : {})}
      {...(rtmClient ? { rtmClient } : {})}
    >
      <Stage />
    </AudiencePresenceProvider>
  );
}

/** a pure selector over the core model, type-checked against the shipped d.ts */
export const audienceNames = (s: PresenceState): string[] =>
  selectAudience(s).map((m) => m.state['name'] ?? m.userId);
