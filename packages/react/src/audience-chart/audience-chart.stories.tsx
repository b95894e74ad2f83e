import { TEST_APP_ID } from '@audience-presence/test-utils';
import { useEffect, useState } from 'react';
import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, waitFor, within } from 'storybook/test';
import { bindRtmSource, createPresenceStore, type PresenceStore } from '@audience-presence/core';
import { createSimulatedCloud } from '@audience-presence/simulator';
import { PresenceStoreProvider } from '../presence-store-provider';
import { AudienceChart } from './audience-chart';
import type { AudienceChartPoint } from './chart-data';

// Stories may use the simulator; production code never does (style.md).

const DAY_START = Date.UTC(2026, 11, 1, 0, 0, 0);
const SPIKE_AT = DAY_START + (20 * 3_600 + 14 * 60 + 7) * 1_000; // 20:14:07 UTC

/** 24 h at one point per second (86,400 points): a slow evening wave, noise, and one spike. */
function dayOfAudience(): readonly AudienceChartPoint[] {
  const points: AudienceChartPoint[] = [];
  for (let i = 0; i < 86_400; i++) {
    const hour = i / 3_600;
    const evening = Math.exp(-((hour - 20) ** 2) / 6);
    const audience = Math.round(40 + 420 * evening + ((i * 7_919) % 37));
    points.push({ t: DAY_START + i * 1_000, audience });
  }
  points[(SPIKE_AT - DAY_START) / 1_000] = { t: SPIKE_AT, audience: 5_120 };
  return points;
}

/** A simulated channel where viewers keep arriving (and some leave), read through the core store. */
function useGrowingChannel(): PresenceStore | null {
  const [store, setStore] = useState<PresenceStore | null>(null);
  useEffect(() => {
    const cloud = createSimulatedCloud({ presence: { instantEventThreshold: 50 } });
    const next = createPresenceStore({ selfId: 'me' });
    const client = cloud.createRtmClient(TEST_APP_ID, 'me');
    const source = bindRtmSource(next, client, { channel: 'live', userId: 'me' });
    const crowd = cloud.crowd('live', { presenceTimeout: 5 });
    crowd.join(5);
    // The channel is an external system created on mount; the effect hands it to render.
    // eslint-disable-next-line react-hooks/set-state-in-effect
    setStore(next);
    source.join({ token: cloud.createToken() }).catch(() => undefined);
    let tick = 0;
    const timer = setInterval(() => {
      tick++;
      crowd.join(3);
      if (tick % 3 === 0) {
        const leaving = crowd.members().slice(0, 4);
        crowd.leave(leaving.map((m) => m.userId));
      }
    }, 250);
    return () => {
      clearInterval(timer);
      source.unbind();
      next.destroy();
    };
  }, []);
  return store;
}

function LiveSimulatedChart() {
  const store = useGrowingChannel();
  if (store === null) return null;
  return (
    <PresenceStoreProvider store={store}>
      <div style={{ maxWidth: 560 }}>
        <AudienceChart windowMs={60_000} resolutionMs={500} locale="en-US" />
      </div>
    </PresenceStoreProvider>
  );
}

const meta = {
  title: 'Components/AudienceChart',
  component: AudienceChart,
  args: { locale: 'en-US', timeZone: 'UTC' },
  decorators: [
    (Story) => (
      <div style={{ maxWidth: 560 }}>
        <Story />
      </div>
    ),
  ],
  parameters: {
    docs: {
      description: {
        component:
          'The audience over time as a hand-written SVG area chart with the peak marked. Without `data` it records the surrounding store (`useAudienceHistory`); with `data` it draws yours, such as apps/server\'s `/stats` timeline (`statsTimelineData`). A text summary ("peak 512 at 20:14") names it for screen readers and a visually hidden table gives the figures. Long histories are downsampled to one slice per pixel column, keeping the peak.',
      },
    },
  },
} satisfies Meta<typeof AudienceChart>;

export default meta;
type Story = StoryObj<typeof meta>;

/** Live: a simulated RTM channel that keeps growing, recorded every 500 ms. */
export const LiveSimulated: Story = {
  render: () => <LiveSimulatedChart />,
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    const figure = await canvas.findByRole('figure', { name: 'Audience over time' });
    // the first steps end, then the peak rises as viewers arrive
    await waitFor(
      () =>
        expect(within(figure).getByText(/^peak \d+ at \d\d:\d\d:\d\d · latest \d+$/)).toBeVisible(),
      { timeout: 5_000 },
    );
    const first = Number(
      /peak (\d+)/.exec(within(figure).getByText(/^peak/).textContent ?? '')?.[1],
    );
    await waitFor(
      () => {
        const now = Number(
          /peak (\d+)/.exec(within(figure).getByText(/^peak/).textContent ?? '')?.[1],
        );
        expect(now).toBeGreaterThan(first);
      },
      { timeout: 5_000 },
    );
    await expect(within(figure).getByRole('img')).toBeVisible();
  },
};

/** 24 hours at one point per second: drawn from about two points per pixel column, the one-second spike kept. */
export const DayOfHistory: Story = {
  name: '24 h history',
  args: { data: dayOfAudience() },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    const drawing = canvas.getByRole('img', {
      name: 'Audience over time peak 5,120 at 20:14 · latest 73',
    });
    await expect(drawing).toBeVisible();
    const width = drawing.getBoundingClientRect().width;
    await waitFor(() =>
      expect(drawing.getAttribute('viewBox')).toBe(`0 0 ${Math.round(width)} 160`),
    );
    const line =
      canvasElement.querySelector('path.ap-audience-chart__line')?.getAttribute('d') ?? '';
    await expect(line.split('L').length).toBeLessThanOrEqual(2 * Math.round(width) + 2);
    // the visually hidden table: 24 hourly rows, the spike among them
    const table = canvas.getByRole('table', { name: 'Highest audience by time' });
    const rows = within(table).getAllByRole('row').slice(1);
    await expect(rows).toHaveLength(24);
    await expect(rows.map((r) => r.textContent)).toContain('20:145,120');
  },
};

/** No data yet. */
export const Empty: Story = {
  args: { data: [] },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    const figure = canvas.getByRole('figure', { name: 'Audience over time' });
    await expect(within(figure).getAllByText('No audience yet')[0]).toBeVisible();
    await expect(within(figure).queryByRole('img')).toBeNull();
  },
};

/** `theme="dark"` (or the user's `prefers-color-scheme`): the same variables as AudienceList's dark theme. */
export const Dark: Story = {
  args: {
    theme: 'dark',
    data: Array.from({ length: 90 }, (_, i) => ({
      t: DAY_START + 20 * 3_600_000 + i * 60_000,
      audience: Math.round(200 + 300 * Math.sin(i / 14) ** 2),
    })),
  },
  play: async ({ canvasElement }) => {
    const figure = within(canvasElement).getByRole('figure', { name: 'Audience over time' });
    await expect(getComputedStyle(figure).backgroundColor).toBe('rgb(21, 23, 28)');
    await expect(within(figure).getByText(/^peak 500 at 20:\d\d · latest \d+$/)).toBeVisible();
  },
};
