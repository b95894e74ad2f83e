import { TEST_APP_ID } from '@audience-presence/test-utils';
import { useEffect, useState, type ReactNode } from 'react';
import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, waitFor, within } from 'storybook/test';
import { createPresenceStore, type PresenceStore } from '@audience-presence/core';
import { AudiencePresenceProvider } from './audience-presence-provider';
import { useAudienceCount, usePresenceCounts } from './use-audience-count';
import { useMember, useSelf } from './use-member';
import { useMemberIds } from './use-member-ids';
import { usePresenceListener } from './use-presence-listener';
import { usePresenceStatus } from './use-presence-status';

/**
 * A provider over a store that a timer fills the way the RTM source would
 * (snapshot, joins, leaves, a reconnect), so each reading hook can be seen
 * without any SDK.
 */
function FakeChannel({ children, ratePerSecond }: { children: ReactNode; ratePerSecond: number }) {
  const [store] = useState<PresenceStore>(() => {
    const s = createPresenceStore({ selfId: 'me' });
    s.dispatch({ type: 'status', status: 'connected' });
    s.dispatch({
      type: 'snapshot',
      members: [
        { userId: 'me', state: { name: 'You' } },
        { userId: 'hana', state: { name: 'Hana', role: 'host' } },
        { userId: 'ana', state: { name: 'Ana' } },
      ],
    });
    s.flush();
    return s;
  });
  useEffect(() => {
    let n = 0;
    const timer = setInterval(() => {
      n++;
      store.dispatch({ type: 'join', userId: `viewer-${n}`, state: { name: `Viewer ${n}` } });
      if (n % 3 === 0) store.dispatch({ type: 'leave', userId: `viewer-${n - 2}`, reason: 'left' });
      if (n % 5 === 0)
        store.dispatch({ type: 'state', userId: 'ana', state: { name: `Ana (${n})` } });
      if (n % 7 === 0) store.dispatch({ type: 'status', status: 'reconnecting' });
      if (n % 7 === 1 && n > 1) store.dispatch({ type: 'status', status: 'connected' });
    }, 1000 / ratePerSecond);
    return () => clearInterval(timer);
  }, [store, ratePerSecond]);
  return (
    <AudiencePresenceProvider appId={TEST_APP_ID} userId="me" store={store}>
      <div style={{ fontFamily: 'system-ui' }}>{children}</div>
    </AudiencePresenceProvider>
  );
}

function Counts() {
  const watching = useAudienceCount();
  const { hosts, audience, total } = usePresenceCounts();
  return (
    <p data-testid="counts">
      useAudienceCount: {watching} · usePresenceCounts: hosts {hosts}, audience {audience}, {total}{' '}
      in the channel
    </p>
  );
}

function MemberRow({ id }: { id: string }) {
  const member = useMember(id);
  return <li>{member ? (member.state['name'] ?? id) : `${id} (gone)`}</li>;
}

function Members() {
  const ids = useMemberIds();
  const me = useSelf();
  return (
    <>
      <p>useSelf: {me?.state['name'] ?? 'not yet'}</p>
      <ul aria-label="useMemberIds + useMember">
        {ids.map((id) => (
          <MemberRow key={id} id={id} />
        ))}
      </ul>
    </>
  );
}

function Status() {
  const { status, stale } = usePresenceStatus();
  return (
    <p data-testid="status">
      usePresenceStatus: {status}
      {stale ? ' (stale)' : ''}
    </p>
  );
}

function Feed() {
  const [lines, setLines] = useState<string[]>([]);
  usePresenceListener((change) => {
    setLines((l) =>
      [`${change.type}: ${change.member.state['name'] ?? change.member.userId}`, ...l].slice(0, 5),
    );
  });
  return (
    <ul aria-label="usePresenceListener">
      {lines.map((line, i) => (
        <li key={i}>{line}</li>
      ))}
    </ul>
  );
}

interface ReadingHooksProps {
  /** Simulated presence events per second. */
  ratePerSecond: number;
}

/** The focused reading hooks side by side on one simulated channel. */
function ReadingHooks({ ratePerSecond }: ReadingHooksProps) {
  return (
    <FakeChannel ratePerSecond={ratePerSecond}>
      <Status />
      <Counts />
      <Members />
      <Feed />
    </FakeChannel>
  );
}

const meta = {
  title: 'Hooks/Focused reading hooks',
  component: ReadingHooks,
  args: { ratePerSecond: 8 },
  parameters: {
    docs: {
      description: {
        component:
          '`useAudienceCount()` (number), `usePresenceCounts()` (`{ hosts, audience, total }`), `useMemberIds()` (stable until someone joins or leaves), `useMember(id)` (a row re-renders only for its member), `useSelf()`, `usePresenceStatus()` (`{ status, stale, staleSince, error }`) and `usePresenceListener(fn, { types?, includeSelf? })` (join / leave / timeout / state / role events), all reading one `AudiencePresenceProvider`.',
      },
    },
  },
} satisfies Meta<typeof ReadingHooks>;

export default meta;
type Story = StoryObj<typeof meta>;

/** Counts, ids, members, status and the event feed follow the channel. */
export const AllReadingHooks: Story = {
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await expect(canvas.getByTestId('counts')).toHaveTextContent(
      'hosts 1, audience 1, 3 in the channel',
    );
    await expect(canvas.getByText('useSelf: You')).toBeVisible();
    await waitFor(() =>
      expect(canvas.getByTestId('counts')).not.toHaveTextContent('3 in the channel'),
    );
    await waitFor(() =>
      expect(
        within(canvas.getByRole('list', { name: 'usePresenceListener' })).getAllByRole(
          'listitem',
        )[0],
      ).toHaveTextContent(/^(join|leave|state): /),
    );
  },
};
