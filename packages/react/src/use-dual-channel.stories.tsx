import { TEST_APP_ID } from '@audience-presence/test-utils';
import { useEffect, useState } from 'react';
import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, userEvent, waitFor, within } from 'storybook/test';
import { createSimulatedCloud } from '@audience-presence/simulator';
import { AudiencePresenceProvider } from './audience-presence-provider';
import { useDualChannel } from './use-dual-channel';

// Stories may use the simulator (an in-memory Agora); production code never does.

interface DualChannelDemoProps {
  /** The first RTC join fails (simulated `rtc-join-fail` fault), so Retry has work to do. */
  failFirstJoin: boolean;
}

function Status({ online, onNetwork }: { online: boolean; onNetwork: () => void }) {
  const [role, setRole] = useState<'host' | 'audience'>('audience');
  const { status, error, retry, rtcUid } = useDualChannel({
    channel: 'live',
    role,
    state: { name: 'Ana' },
  });
  const [history, setHistory] = useState<string[]>([]);
  useEffect(() => {
    // A log of every status this hook went through, for the reader and the play function.
    // eslint-disable-next-line react-hooks/set-state-in-effect
    setHistory((h) => (h[h.length - 1] === status ? h : [...h, status]));
  }, [status]);
  return (
    <div style={{ fontFamily: 'system-ui', display: 'grid', gap: 8, maxWidth: 420 }}>
      <p>
        Status: <strong data-testid="status">{status}</strong>{' '}
        {rtcUid === null ? '' : `(RTC uid ${rtcUid})`}
      </p>
      {error ? (
        <p role="alert">
          {error.code}: {error.message} <button onClick={retry}>Retry</button>
        </p>
      ) : null}
      <div style={{ display: 'flex', gap: 8 }}>
        <button onClick={onNetwork}>{online ? 'Drop the network' : 'Restore the network'}</button>
        <button onClick={() => setRole(role === 'host' ? 'audience' : 'host')}>
          {role === 'host' ? 'Step down' : 'Go on stage'}
        </button>
      </div>
      <ol aria-label="Status history">
        {history.map((s, i) => (
          <li key={i}>{s}</li>
        ))}
      </ol>
    </div>
  );
}

/** A provider on a simulated cloud (real timers) showing `useDualChannel`'s status as it happens. */
function DualChannelDemo({ failFirstJoin }: DualChannelDemoProps) {
  const [sim] = useState(() => {
    const cloud = createSimulatedCloud();
    if (failFirstJoin) cloud.faults.add({ kind: 'rtc-join-fail', times: 1 });
    return {
      cloud,
      rtc: cloud.createRtcClient({ mode: 'live' }),
      rtm: cloud.createRtmClient(TEST_APP_ID, 'ana'),
    };
  });
  const [online, setOnline] = useState(true);
  const toggleNetwork = () => {
    for (const client of [sim.rtm, sim.rtc]) {
      if (online) sim.cloud.network.drop(client);
      else sim.cloud.network.restore(client);
    }
    setOnline(!online);
  };
  return (
    <AudiencePresenceProvider
      appId={TEST_APP_ID}
      userId="ana"
      rtcClient={sim.rtc}
      rtmClient={sim.rtm}
      tokenProvider={async () => sim.cloud.createToken()}
      timeoutMs={4000}
    >
      <Status online={online} onNetwork={toggleNetwork} />
    </AudiencePresenceProvider>
  );
}

const meta = {
  title: 'Hooks/useDualChannel',
  component: DualChannelDemo,
  args: { failFirstJoin: false },
  parameters: {
    docs: {
      description: {
        component:
          '`useDualChannel({ channel, role, state })` joins RTC (live mode) and RTM presence as one operation and returns `{ status, channel, role, rtcUid, error, retry(), leave() }`. These stories run it against the in-memory Agora simulator: a join, a failure with Retry, and a network drop with the reconnect.',
      },
    },
  },
} satisfies Meta<typeof DualChannelDemo>;

export default meta;
type Story = StoryObj<typeof meta>;

const statusOf = (canvas: HTMLElement) => within(canvas).getByTestId('status').textContent;

/** idle → joining → joined. */
export const Join: Story = {
  play: async ({ canvasElement }) => {
    await waitFor(() => expect(statusOf(canvasElement)).toBe('joined'), { timeout: 4000 });
    const history = within(
      within(canvasElement).getByRole('list', { name: 'Status history' }),
    ).getAllByRole('listitem');
    await expect(history.map((li) => li.textContent)).toContain('joining');
  },
};

/** The RTC join fails: `failed` with a typed error; Retry joins. */
export const FailureAndRetry: Story = {
  args: { failFirstJoin: true },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await waitFor(() => expect(statusOf(canvasElement)).toBe('failed'), { timeout: 4000 });
    await expect(canvas.getByRole('alert')).toHaveTextContent('RTC_JOIN_FAILED');
    await userEvent.click(canvas.getByRole('button', { name: 'Retry' }));
    await waitFor(() => expect(statusOf(canvasElement)).toBe('joined'), { timeout: 4000 });
  },
};

/** The network drops: `reconnecting`; it comes back: `joined` again. */
export const Reconnect: Story = {
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await waitFor(() => expect(statusOf(canvasElement)).toBe('joined'), { timeout: 4000 });
    await userEvent.click(canvas.getByRole('button', { name: 'Drop the network' }));
    await waitFor(() => expect(statusOf(canvasElement)).toBe('reconnecting'), { timeout: 4000 });
    await userEvent.click(canvas.getByRole('button', { name: 'Restore the network' }));
    await waitFor(() => expect(statusOf(canvasElement)).toBe('joined'), { timeout: 6000 });
  },
};
