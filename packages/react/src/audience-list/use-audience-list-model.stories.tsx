import { useMemo, useState } from 'react';
import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, userEvent, waitFor, within } from 'storybook/test';
import { fakeFirstName, makeMembers } from '@audience-presence/test-utils';
import { useAudienceListModel } from './use-audience-list-model';
import type { AudienceListSort } from './member-sorter';

interface ModelDemoProps {
  /** Members generated for the demo. */
  count: number;
  /** How many of them are hosts. */
  hostCount: number;
  /** Agora's totalOccupancy (drives the audience count). */
  occupancy: number;
  sort: AudienceListSort;
}

/**
 * `useAudienceListModel` with hand-made markup: the same sorted, filtered,
 * sectioned model `AudienceList` draws, for apps that want their own UI.
 */
function ModelDemo({ count, hostCount, occupancy, sort }: ModelDemoProps) {
  const list = useMemo(
    () => makeMembers(count, { hosts: hostCount, name: (i) => `${fakeFirstName(i)} ${i}` }),
    [count, hostCount],
  );
  const [query, setQuery] = useState('');
  const model = useAudienceListModel({ members: list, occupancy, sort, query });
  const [hosts, audience] = model.sections;
  return (
    <div style={{ fontFamily: 'system-ui', maxWidth: 360 }}>
      <label>
        Find someone{' '}
        <input type="search" value={query} onChange={(e) => setQuery(e.target.value)} />
      </label>
      <p>
        {hosts.count} on stage, {audience.count.toLocaleString('en-US')} watching (
        {model.matchCount} shown)
      </p>
      <h2 style={{ fontSize: 14 }}>On stage</h2>
      <ul aria-label="On stage">
        {hosts.members.map((m) => (
          <li key={m.userId}>{model.displayName(m)}</li>
        ))}
      </ul>
      <h2 style={{ fontSize: 14 }}>Watching (first 10)</h2>
      <ul aria-label="Watching">
        {audience.members.slice(0, 10).map((m) => (
          <li key={m.userId}>{model.displayName(m)}</li>
        ))}
      </ul>
    </div>
  );
}

const meta = {
  title: 'Hooks/useAudienceListModel',
  component: ModelDemo,
  args: { count: 2_000, hostCount: 2, occupancy: 48_212, sort: 'name' },
  argTypes: { sort: { control: 'inline-radio', options: ['join-time', 'name'] } },
  parameters: {
    docs: {
      description: {
        component:
          'The headless half of `AudienceList`. `useAudienceListModel({ members, hosts?, occupancy?, audienceCount?, sort?, query?, nameKey? })` returns `{ sections: [hosts, audience], hostCount, audienceCount, loadedCount, matchCount, query, sort, displayName }`. Sorting is incremental and memoised, so a presence event never re-sorts 100,000 members.',
      },
    },
  },
} satisfies Meta<typeof ModelDemo>;

export default meta;
type Story = StoryObj<typeof meta>;

/** Sorted by name, with a search box. */
export const CustomMarkup: Story = {
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await expect(canvas.getByText(/2 on stage, 48,210 watching/)).toBeVisible();
    await userEvent.type(canvas.getByRole('searchbox'), 'chloe 1');
    await waitFor(() => {
      const names = within(canvas.getByRole('list', { name: 'Watching' })).getAllByRole('listitem');
      for (const li of names) expect(li).toHaveTextContent(/^Chloé 1/);
    });
  },
};
