import { createPresenceStore } from '@audience-presence/core';
import { act, cleanup, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { AudienceChartView } from '../../src/audience-chart/audience-chart-view';
import {
  AudienceChart,
  PresenceStoreProvider,
  statsTimelineData,
  type AudienceChartPoint,
} from '../../src/index';

const T0 = Date.UTC(2026, 11, 1, 20, 0, 0); // 20:00 UTC
const utc = { locale: 'en-US', timeZone: 'UTC' } as const;

/** one point every 5 minutes (over ten minutes of data: times without seconds) */
const fiveMinutes = (values: readonly number[]): AudienceChartPoint[] =>
  values.map((audience, i) => ({ t: T0 + i * 300_000, audience }));

afterEach(cleanup);

describe('AudienceChartView', () => {
  it('is a figure whose drawing is named by the title and the summary "peak N at HH:MM"', () => {
    render(<AudienceChartView {...utc} data={fiveMinutes([100, 300, 512, 480, 240])} />);
    const figure = screen.getByRole('figure', { name: 'Audience over time' });
    // the drawing's accessible name: the title, then the summary
    expect(
      within(figure).getByRole('img', {
        name: 'Audience over time peak 512 at 20:10 · latest 240',
      }),
    ).toBeTruthy();
    expect(within(figure).getByText('peak 512 at 20:10 · latest 240')).toBeTruthy();
    // the peak is marked on the drawing
    expect(figure.querySelectorAll('circle.ap-audience-chart__peak')).toHaveLength(1);
  });

  it('gives the figures in a data table (time slices, the peak among the rows)', () => {
    render(
      <AudienceChartView {...utc} data={fiveMinutes([100, 300, 512, 480, 240])} tableRows={3} />,
    );
    const table = screen.getByRole('table', { name: 'Highest audience by time' });
    const rows = within(table).getAllByRole('row').slice(1); // without the header row
    expect(rows.length).toBeLessThanOrEqual(3);
    expect(rows.map((row) => row.textContent)).toContain('20:10512');
    expect(within(table).getByRole('columnheader', { name: 'Highest audience' })).toBeTruthy();
  });

  it('says so when there is no data, without a drawing or a table', () => {
    render(<AudienceChartView data={[]} />);
    const figure = screen.getByRole('figure', { name: 'Audience over time' });
    expect(within(figure).getAllByText('No audience yet').length).toBeGreaterThan(0);
    expect(within(figure).queryByRole('img')).toBeNull();
    expect(within(figure).queryByRole('table')).toBeNull();
  });

  it('draws a 24 h history at 1 s with about two vertices per pixel column', () => {
    const data = Array.from({ length: 86_400 }, (_, i) => ({
      t: T0 + i * 1_000,
      audience: 200 + (i % 500),
    }));
    const { container } = render(<AudienceChartView {...utc} data={data} />);
    const line = container.querySelector('path.ap-audience-chart__line')?.getAttribute('d') ?? '';
    // jsdom has no layout: the chart draws for its 600 px fallback width
    const vertices = line.split('L').length;
    expect(vertices).toBeGreaterThan(600);
    expect(vertices).toBeLessThanOrEqual(2 * 600 + 2);
  });

  it("reports apps/server's /stats peak (its exact time) when given one; seconds under ten minutes", () => {
    const timeline = [
      { t: T0, peak: 100, joins: 100, leaves: 0 },
      { t: T0 + 60_000, peak: 512, joins: 420, leaves: 8 },
      { t: T0 + 120_000, peak: 300, joins: 0, leaves: 212 },
    ];
    render(
      <AudienceChartView
        {...utc}
        data={statsTimelineData(timeline)}
        peak={{ audience: 512, at: T0 + 60_000 + 42_000 }}
      />,
    );
    expect(
      screen.getByRole('img', { name: 'Audience over time peak 512 at 20:01:42 · latest 300' }),
    ).toBeTruthy();
  });

  it('takes a theme, labels and a time format', () => {
    render(
      <AudienceChartView
        data={fiveMinutes([3, 7])}
        theme="dark"
        labels={{ title: 'Zuschauer', peak: (f, time) => `Spitze ${f} um ${time}` }}
        formatTime={(t) => `t+${(t - T0) / 300_000}`}
      />,
    );
    const figure = screen.getByRole('figure', { name: 'Zuschauer' });
    expect(figure.getAttribute('data-theme')).toBe('dark');
    expect(screen.getByRole('img', { name: 'Zuschauer Spitze 7 um t+1 · latest 7' })).toBeTruthy();
  });
});

describe('AudienceChart without data (the provider-backed one)', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it("records the store's audience under <PresenceStoreProvider>, one point per step", () => {
    vi.useFakeTimers({ now: T0 });
    const store = createPresenceStore();
    render(
      <PresenceStoreProvider store={store}>
        <AudienceChart {...utc} resolutionMs={60_000} windowMs={3_600_000} />
      </PresenceStoreProvider>,
    );
    expect(screen.getAllByText('No audience yet').length).toBeGreaterThan(0);
    act(() => {
      for (const userId of ['a', 'b', 'c']) store.dispatch({ type: 'join', userId });
      store.flush();
      vi.advanceTimersByTime(60_000);
    });
    act(() => {
      store.dispatch({ type: 'leave', userId: 'a', reason: 'left' });
      store.flush();
      vi.advanceTimersByTime(60_000);
    });
    // the 20:01 step began with 3 there: its highest figure is still 3
    expect(
      screen.getByRole('img', { name: 'Audience over time peak 3 at 20:00:00 · latest 3' }),
    ).toBeTruthy();
    act(() => {
      vi.advanceTimersByTime(60_000);
    });
    expect(
      screen.getByRole('img', { name: 'Audience over time peak 3 at 20:00:00 · latest 2' }),
    ).toBeTruthy();
  });
});
