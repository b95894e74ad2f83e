import { useMemo } from 'react';
import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, fn, userEvent, waitFor, within } from 'storybook/test';
import { makeMembers } from '@audience-presence/test-utils';
import { AudienceList } from './audience-list';

/** Generates big lists inside the story, so 100,000 members never travel as Storybook args. */
function Generated({
  count,
  hostCount = 0,
  ...rest
}: { count: number; hostCount?: number } & Omit<Parameters<typeof AudienceList>[0], 'members'>) {
  const members = useMemo(() => makeMembers(count, { hosts: hostCount }), [count, hostCount]);
  return <AudienceList {...rest} members={members} occupancy={rest.occupancy ?? count} />;
}

const meta = {
  title: 'Components/AudienceList',
  component: AudienceList,
  args: { members: [], height: 420, locale: 'en-US', status: 'connected' },
  argTypes: { members: { control: false } },
  parameters: {
    docs: {
      description: {
        component:
          'Who is watching: hosts and audience, virtualized (a few dozen rows in the DOM at 100,000 members), with search, sort, keyboard navigation and a throttled live region. Import `@audience-presence/react/audience-list.css` once.',
      },
    },
  },
} satisfies Meta<typeof AudienceList>;

export default meta;
type Story = StoryObj<typeof meta>;

const rowsOf = (canvas: HTMLElement) => within(canvas).queryAllByRole('listitem');

/** Before the first snapshot: a skeleton, and `aria-busy` on the region. */
export const Loading: Story = {
  args: { status: 'connecting' },
  play: async ({ canvasElement }) => {
    const region = within(canvasElement).getByRole('region', { name: 'Audience' });
    await expect(region).toHaveAttribute('aria-busy', 'true');
    await expect(rowsOf(canvasElement)).toHaveLength(0);
  },
};

/** Connected, and no one is here. */
export const Empty: Story = {
  play: async ({ canvasElement }) => {
    await expect(within(canvasElement).getByText('No one is watching yet')).toBeVisible();
  },
};

/** A handful of viewers; avatars from state, initials as the fallback. */
export const FewMembers: Story = {
  args: {
    members: [
      ...makeMembers(4),
      {
        userId: 'pic',
        role: 'audience',
        state: {
          name: 'Avatar Person',
          avatar:
            'data:image/svg+xml;utf8,<svg xmlns="http://www.w3.org/2000/svg" width="32" height="32"><rect width="32" height="32" fill="%23667"/></svg>',
        },
        joinedAt: 1_700_000_100_000,
        lastSeenAt: 0,
      },
    ],
  },
  play: async ({ canvasElement }) => {
    await expect(rowsOf(canvasElement)).toHaveLength(5);
    await expect(within(canvasElement).getByText('5 watching')).toBeVisible();
  },
};

/** Hosts in their own section; the audience count comes from the occupancy, not the rows. */
export const HostsAndAudience: Story = {
  render: (args) => (
    <Generated
      {...args}
      count={60}
      hostCount={3}
      occupancy={{ total: 48_213, source: 'interval' }}
    />
  ),
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await expect(canvas.getByText('3 hosts · 48,210 watching')).toBeVisible();
    await expect(canvas.getByRole('list', { name: '3 hosts' })).toBeInTheDocument();
    await expect(canvas.getByRole('list', { name: '48,210 watching' })).toBeInTheDocument();
  },
};

/** 10,000 members. */
export const TenThousand: Story = {
  render: (args) => <Generated {...args} count={10_000} hostCount={2} />,
  play: async ({ canvasElement }) => {
    await expect(rowsOf(canvasElement).length).toBeLessThan(100);
  },
};

/** 100,000 members: still fewer than 100 rows in the DOM; scroll to the end. */
export const HundredThousand: Story = {
  render: (args) => <Generated {...args} count={100_000} hostCount={5} />,
  play: async ({ canvasElement }) => {
    const rows = rowsOf(canvasElement);
    await expect(rows.length).toBeGreaterThan(5);
    await expect(rows.length).toBeLessThan(100);
    await userEvent.click(rows[0]!);
    await userEvent.keyboard('{End}');
    await waitFor(() => expect(document.activeElement).toHaveAttribute('aria-posinset', '99995'));
    await expect(rowsOf(canvasElement).length).toBeLessThan(100);
  },
};

/** Reconnecting: the list stays, dimmed, under a notice. */
export const Stale: Story = {
  render: (args) => <Generated {...args} count={40} hostCount={1} status="reconnecting" />,
  play: async ({ canvasElement }) => {
    await expect(
      within(canvasElement).getByText('Reconnecting… the list may be out of date.'),
    ).toBeVisible();
    await expect(rowsOf(canvasElement).length).toBeGreaterThan(0);
  },
};

/** Failed: the error's message and a retry action. */
export const Failed: Story = {
  args: { status: 'failed', error: { message: 'The RTM token expired.' }, onRetry: fn() },
  play: async ({ canvasElement, args }) => {
    const alert = within(canvasElement).getByRole('alert');
    await expect(alert).toHaveTextContent('The RTM token expired.');
    await userEvent.click(within(alert).getByRole('button', { name: 'Retry' }));
    await expect(args.onRetry).toHaveBeenCalledOnce();
  },
};

/** `renderItem` draws custom rows; the list keeps the row's accessibility attributes. */
export const CustomRows: Story = {
  render: (args) => (
    <Generated
      {...args}
      count={200}
      hostCount={1}
      renderItem={(member, info) => (
        <span style={{ display: 'flex', gap: 8, alignItems: 'baseline' }}>
          <strong>{info.displayName}</strong>
          <small>{member.role === 'host' ? 'on stage' : `#${info.index + 1}`}</small>
        </span>
      )}
    />
  ),
  play: async ({ canvasElement }) => {
    await expect(within(canvasElement).getByText('on stage')).toBeVisible();
    await expect(
      within(canvasElement).getByText('#1').closest('[role="listitem"]'),
    ).toHaveAttribute('aria-posinset', '1');
  },
};

/** Dark theme via `theme="dark"` (or the user's `prefers-color-scheme`). */
export const DarkTheme: Story = {
  render: (args) => <Generated {...args} count={300} hostCount={2} theme="dark" />,
  parameters: { backgrounds: { value: '#0b0c0f' } },
};

/** Search filters by display name, ignoring case and accents. */
export const Search: Story = {
  render: (args) => <Generated {...args} count={5_000} hostCount={2} />,
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await userEvent.type(canvas.getByRole('searchbox', { name: 'Search by name' }), 'chloe');
    await waitFor(() => {
      const rows = rowsOf(canvasElement);
      expect(rows.length).toBeGreaterThan(0);
      for (const row of rows) expect(row).toHaveTextContent(/Chloé/);
    });
    await userEvent.clear(canvas.getByRole('searchbox'));
    await userEvent.type(canvas.getByRole('searchbox'), 'nobody-like-this');
    await waitFor(() =>
      expect(canvas.getByText('No one matches “nobody-like-this”')).toBeVisible(),
    );
  },
};

/** Arrows, Home/End and type-ahead move the focus; one row is tabbable. */
export const Keyboard: Story = {
  render: (args) => <Generated {...args} count={1_000} />,
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await userEvent.click(canvas.getByRole('searchbox'));
    await userEvent.tab(); // the sort menu
    await userEvent.tab(); // the first row
    await expect(document.activeElement).toHaveAttribute('data-user-id', 'user-0');
    await userEvent.keyboard('{ArrowDown}{ArrowDown}');
    await expect(document.activeElement).toHaveAttribute('data-user-id', 'user-2');
    await userEvent.keyboard('{End}');
    await expect(document.activeElement).toHaveAttribute('data-user-id', 'user-999');
    await userEvent.keyboard('{Home}');
    await expect(document.activeElement).toHaveAttribute('data-user-id', 'user-0');
    await userEvent.keyboard('pr');
    await expect(document.activeElement).toHaveTextContent(/Priya/);
  },
};
