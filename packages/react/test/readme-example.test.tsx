// The README's "Testing with the simulator" example, run (check:readme type-checks the README's own block; this runs it).
import { TEST_APP_ID } from '@audience-presence/test-utils';
import { createSimulatedCloud, createVirtualClock } from '@audience-presence/simulator';
import { act, renderHook } from '@testing-library/react';
import type { ReactNode } from 'react';
import { expect, it } from 'vitest';
import { AudiencePresenceProvider, useAudiencePresence, useDualChannel } from '../src/index';

it('README: testing with the simulator', async () => {
  const clock = createVirtualClock();
  const cloud = createSimulatedCloud({ clock });
  const rtc = cloud.createRtcClient({ mode: 'live' }); // created once, like a real app's clients
  const rtm = cloud.createRtmClient(TEST_APP_ID, 'me');
  const wrapper = ({ children }: { children: ReactNode }) => (
    <AudiencePresenceProvider
      appId={TEST_APP_ID}
      userId="me"
      rtcClient={rtc}
      rtmClient={rtm}
      timers={clock}
      now={() => clock.now()}
    >
      {children}
    </AudiencePresenceProvider>
  );
  cloud.crowd('live').join(3);
  const { result } = renderHook(
    () => ({ dual: useDualChannel({ channel: 'live' }), presence: useAudiencePresence() }),
    { wrapper },
  );
  await act(() => clock.flush());
  expect(result.current.dual.status).toBe('joined');
  expect(result.current.presence.count).toBe(3);
});
