import { TEST_APP_ID } from '@audience-presence/test-utils';
import { useEffect, useState, useSyncExternalStore } from 'react';
import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, userEvent, waitFor, within } from 'storybook/test';
import {
  bindRtmSource,
  createPresenceStore,
  selectAudience,
  selectCounts,
  selectError,
  selectHosts,
  selectOccupancy,
  selectStatus,
  type PresenceStore,
  type RtmSource,
} from '@audience-presence/core';
import { createSimulatedCloud, type SimulatedCloud } from '@audience-presence/simulator';
import { fakeName } from '@audience-presence/test-utils';
import { AudienceList } from './audience-list';

// Stories may use the simulator; production code never does (style.md).

let nameSeq = 0;
const nextName = () => {
  nameSeq++;
  return fakeName(nameSeq);
};

interface LiveChannelProps {
  /** Viewers already in the channel when the story starts. */
  crowdSize: number;
  /** Hosts on stage. */
  hosts: number;
  joinsPerSecond: number;
  leavesPerSecond: number;
  /** Share of departures that are crashes (seen as REMOTE_TIMEOUT after the presence timeout). */
  crashFraction: number;
  /** Local count at which Agora switches to interval mode (8..128). */
  instantEventThreshold: number;
  /** Seconds between INTERVAL events (10..300). */
  intervalSeconds: number;
}

interface Channel {
  cloud: SimulatedCloud;
  store: PresenceStore;
  source: RtmSource;
  client: ReturnType<SimulatedCloud['createRtmClient']>;
}

/** One simulated channel with us subscribed through the core store's RTM source. */
function useSimulatedChannel(props: LiveChannelProps): Channel | null {
  const {
    crowdSize,
    hosts,
    joinsPerSecond,
    leavesPerSecond,
    crashFraction,
    instantEventThreshold,
    intervalSeconds,
  } = props;
  const [channel, setChannel] = useState<Channel | null>(null);

  useEffect(() => {
    const cloud = createSimulatedCloud({ presence: { instantEventThreshold, intervalSeconds } });
    const store = createPresenceStore({ selfId: 'me' });
    const client = cloud.createRtmClient(TEST_APP_ID, 'me', { presenceTimeout: 10 });
    const source = bindRtmSource(store, client, {
      channel: 'live',
      userId: 'me',
      state: { name: 'You' },
    });
    const crowd = cloud.crowd('live', { presenceTimeout: 5 });
    for (let i = 0; i < hosts; i++)
      crowd.join(1, { role: 'host', states: { name: `Host ${nextName()}`, role: 'host' } });
    for (let i = 0; i < crowdSize; i++) crowd.join(1, { states: { name: nextName() } });
    // The channel is an external system created on mount; the effect hands it to render.
    // eslint-disable-next-line react-hooks/set-state-in-effect
    setChannel({ cloud, store, source, client });
    // A failed join shows up as the store's error status; unbinding on unmount rejects it too.
    source.join({ token: cloud.createToken() }).catch(() => undefined);

    // Churn through the crowd (named joiners; oldest leave first, a share crash).
    let owedJoins = 0;
    let owedLeaves = 0;
    const tick = setInterval(() => {
      owedJoins += joinsPerSecond / 4;
      owedLeaves += leavesPerSecond / 4;
      for (; owedJoins >= 1; owedJoins--) crowd.join(1, { states: { name: nextName() } });
      const leaving = Math.min(Math.floor(owedLeaves), Math.max(0, crowd.size - hosts));
      owedLeaves -= leaving;
      if (leaving > 0) {
        const audience = crowd.members().filter((m) => m.role === 'audience');
        const ids = audience.slice(0, leaving).map((m) => m.userId);
        const crashes = Math.round(ids.length * crashFraction);
        crowd.crash(ids.slice(0, crashes));
        crowd.leave(ids.slice(crashes));
      }
    }, 250);

    return () => {
      clearInterval(tick);
      source.unbind();
      store.destroy();
    };
  }, [
    crowdSize,
    hosts,
    joinsPerSecond,
    leavesPerSecond,
    crashFraction,
    instantEventThreshold,
    intervalSeconds,
  ]);

  return channel;
}

/** Reads the core store the way the React hooks will: one snapshot per store update. */
function StoreList({ store }: { store: PresenceStore }) {
  const state = useSyncExternalStore(store.subscribe, store.getState, store.getState);
  // Hosts and audience already apart, each in join order: the list neither splits nor sorts.
  const hosts = selectHosts(state);
  const audience = selectAudience(state);
  const occupancy = selectOccupancy(state);
  const status = selectStatus(state);
  const error = selectError(state);
  return (
    <AudienceList
      members={audience}
      hosts={hosts}
      occupancy={occupancy}
      audienceCount={selectCounts(state).audience}
      status={status}
      loading={!state.synced && status !== 'failed'}
      stale={state.staleness}
      error={error}
      height={420}
      locale="en-US"
      announceIntervalMs={3000}
    />
  );
}

function LiveChannel(props: LiveChannelProps) {
  const channel = useSimulatedChannel(props);
  const [online, setOnline] = useState(true);
  if (channel === null) return null;
  const toggle = () => {
    if (online) channel.cloud.network.drop(channel.client);
    else channel.cloud.network.restore(channel.client);
    setOnline(!online);
  };
  return (
    <div style={{ display: 'grid', gap: 8, maxWidth: 480 }}>
      <button type="button" onClick={toggle}>
        {online ? 'Drop the network' : 'Restore the network'}
      </button>
      <StoreList store={channel.store} />
    </div>
  );
}

const meta = {
  title: 'Components/AudienceList/Live channel',
  component: LiveChannel,
  args: {
    crowdSize: 30,
    hosts: 2,
    joinsPerSecond: 4,
    leavesPerSecond: 3,
    crashFraction: 0.25,
    instantEventThreshold: 50,
    intervalSeconds: 10,
  },
  argTypes: {
    crowdSize: { control: { type: 'range', min: 0, max: 20_000, step: 10 } },
    hosts: { control: { type: 'range', min: 0, max: 5 } },
    joinsPerSecond: { control: { type: 'range', min: 0, max: 200 } },
    leavesPerSecond: { control: { type: 'range', min: 0, max: 200 } },
    crashFraction: { control: { type: 'range', min: 0, max: 1, step: 0.05 } },
    instantEventThreshold: { control: { type: 'range', min: 8, max: 128 } },
    intervalSeconds: { control: { type: 'range', min: 10, max: 300 } },
  },
  parameters: {
    docs: {
      description: {
        component:
          'AudienceList fed by the in-memory Agora simulator through the core store: viewers join, leave and time out in real time. Below the threshold each viewer arrives as a REMOTE_JOIN; above it the channel switches to interval mode and the list moves once per INTERVAL while the count follows Agora\'s totalOccupancy. "Drop the network" shows the stale state.',
      },
    },
  },
} satisfies Meta<typeof LiveChannel>;

export default meta;
type Story = StoryObj<typeof meta>;

/** A small channel with single REMOTE_* events; rows come and go as viewers churn. */
export const LiveChannelStory: Story = {
  name: 'Live channel',
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await waitFor(() => expect(canvas.getByText(/2 hosts · \d+ watching/)).toBeVisible(), {
      timeout: 4000,
    });
    const first = canvas.getByText(/2 hosts · \d+ watching/).textContent;
    // churn changes the count within a few seconds
    await waitFor(
      () => expect(canvas.getByText(/2 hosts · \d+ watching/).textContent).not.toBe(first),
      {
        timeout: 5000,
      },
    );
  },
};

/** Above the threshold: interval mode, counts from totalOccupancy. */
export const IntervalMode: Story = {
  args: { crowdSize: 2_000, joinsPerSecond: 40, leavesPerSecond: 30 },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await waitFor(() => expect(canvas.getByText(/2 hosts · 2,0\d\d watching/)).toBeVisible(), {
      timeout: 4000,
    });
    await expect(canvas.queryAllByRole('listitem').length).toBeLessThan(100);
  },
};

/** The stale notice appears when the link drops and goes when it comes back. */
export const DisconnectAndReconnect: Story = {
  args: { crowdSize: 20, joinsPerSecond: 0, leavesPerSecond: 0 },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await waitFor(() => expect(canvas.getByText(/2 hosts · 20 watching/)).toBeVisible(), {
      timeout: 4000,
    });
    const notice = 'Reconnecting… the list may be out of date.';
    await expect(canvas.queryByText(notice)).toBeNull();
    // rows render one frame after the header's count (frame-coalesced): wait for them before dropping
    await waitFor(() => expect(canvas.queryAllByRole('listitem').length).toBeGreaterThan(0), {
      timeout: 4000,
    });
    await userEvent.click(canvas.getByRole('button', { name: 'Drop the network' }));
    await waitFor(() => expect(canvas.getByText(notice)).toBeVisible());
    // the list stays (the notice takes a row's height, so the visible row count may shrink by one)
    await expect(canvas.queryAllByRole('listitem').length).toBeGreaterThan(0);
    await userEvent.click(canvas.getByRole('button', { name: 'Restore the network' }));
    await waitFor(() => expect(canvas.queryByText(notice)).toBeNull(), { timeout: 4000 });
  },
};
