import { TEST_APP_ID } from '@audience-presence/test-utils';
import { useEffect, useState } from 'react';
import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, waitFor, within } from 'storybook/test';
import { createSimulatedCloud } from '@audience-presence/simulator';
import { fakeFirstName } from '@audience-presence/test-utils';
import { AudienceList } from './audience-list/audience-list';
import { AudiencePresenceProvider } from './audience-presence-provider';
import { useAudiencePresence } from './use-audience-presence';
import { useDualChannel } from './use-dual-channel';

// Stories may use the simulator (an in-memory Agora); production code never does.

interface LiveAudienceProps {
  /** Viewers in the channel when the story starts. */
  crowdSize: number;
  joinsPerSecond: number;
  leavesPerSecond: number;
}

function Summary() {
  useDualChannel({ channel: 'live', role: 'audience', state: { name: 'You' } });
  const { count, hosts, audience, status, stale } = useAudiencePresence();
  return (
    <div style={{ fontFamily: 'system-ui', display: 'grid', gap: 8, maxWidth: 480 }}>
      <p data-testid="summary">
        status <strong>{status}</strong>
        {stale ? ' (stale)' : ''} · {count} watching · {hosts.length} on stage · {audience.length}{' '}
        listed
      </p>
      {/* zero configuration: reads the same provider */}
      <AudienceList height={360} locale="en-US" />
    </div>
  );
}

/** A provider on a simulated cloud with a churning crowd; `useAudiencePresence` reads it. */
function LiveAudience({ crowdSize, joinsPerSecond, leavesPerSecond }: LiveAudienceProps) {
  const [sim] = useState(() => {
    const cloud = createSimulatedCloud({ presence: { intervalSeconds: 10 } });
    const crowd = cloud.crowd('live', { presenceTimeout: 5 });
    crowd.join(1, { role: 'host', states: { name: 'Host Hana', role: 'host' } });
    for (let i = 0; i < crowdSize; i++)
      crowd.join(1, { states: { name: `${fakeFirstName(i)} ${i}` } });
    return {
      cloud,
      crowd,
      rtc: cloud.createRtcClient({ mode: 'live' }),
      rtm: cloud.createRtmClient(TEST_APP_ID, 'me'),
    };
  });
  useEffect(() => {
    let seq = crowdSize;
    let owedJoins = 0;
    let owedLeaves = 0;
    const timer = setInterval(() => {
      owedJoins += joinsPerSecond / 4;
      owedLeaves += leavesPerSecond / 4;
      for (; owedJoins >= 1; owedJoins--)
        sim.crowd.join(1, { states: { name: `${fakeFirstName(seq)} ${seq++}` } });
      const audience = sim.crowd.members().filter((m) => m.role === 'audience');
      const leaving = Math.min(Math.floor(owedLeaves), audience.length);
      owedLeaves -= leaving;
      if (leaving > 0) sim.crowd.leave(audience.slice(0, leaving).map((m) => m.userId));
    }, 250);
    return () => clearInterval(timer);
  }, [sim, crowdSize, joinsPerSecond, leavesPerSecond]);
  return (
    <AudiencePresenceProvider
      appId={TEST_APP_ID}
      userId="me"
      rtcClient={sim.rtc}
      rtmClient={sim.rtm}
      tokenProvider={async () => sim.cloud.createToken()}
    >
      <Summary />
    </AudiencePresenceProvider>
  );
}

const meta = {
  title: 'Hooks/useAudiencePresence',
  component: LiveAudience,
  args: { crowdSize: 30, joinsPerSecond: 3, leavesPerSecond: 2 },
  parameters: {
    docs: {
      description: {
        component:
          "`useAudiencePresence()` returns `{ members, audience, hosts, count, counts, occupancy, self, status, stale, staleSince, error, synced }` for the provider's channel. Here a simulated crowd churns in real time; the summary line reads the hook and `<AudienceList />` below reads the same provider with zero configuration.",
      },
    },
  },
} satisfies Meta<typeof LiveAudience>;

export default meta;
type Story = StoryObj<typeof meta>;

/** A live simulated channel: the count and the list follow joins and leaves. */
export const LiveChannel: Story = {
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await waitFor(
      () =>
        expect(canvas.getByTestId('summary')).toHaveTextContent(
          /status connected · \d+ watching · 1 on stage/,
        ),
      {
        timeout: 5000,
      },
    );
    await waitFor(() => expect(canvas.getAllByRole('listitem').length).toBeGreaterThan(4));
    await expect(canvas.getByRole('list', { name: '1 host' })).toBeInTheDocument();
  },
};
