// @vitest-environment node
import { createPresenceStore } from '@audience-presence/core';
import { renderToString } from 'react-dom/server';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  AudienceChart,
  PresenceStoreProvider,
  useAudienceHistory,
  usePeakAudience,
} from '../../src/index';

function Figures() {
  const samples = useAudienceHistory();
  const peak = usePeakAudience();
  return <p>{`${samples.length} samples, peak ${peak.audience}`}</p>;
}

describe('the audience chart and its hooks on a server (Node, no window)', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('render the empty state, start no timer and warn about nothing', () => {
    expect(typeof window).toBe('undefined');
    const errors = vi.spyOn(console, 'error');
    const warnings = vi.spyOn(console, 'warn');
    const timers = vi.spyOn(globalThis, 'setTimeout');
    const store = createPresenceStore();
    store.dispatch({ type: 'join', userId: 'a' });
    store.flush();
    const html = renderToString(
      <PresenceStoreProvider store={store}>
        <Figures />
        <AudienceChart />
        <AudienceChart
          data={[{ t: Date.UTC(2026, 11, 1, 20, 0), audience: 7 }]}
          timeZone="UTC"
          locale="en-US"
        />
      </PresenceStoreProvider>,
    );
    // the server snapshot is the store's initial state: no history, no peak yet
    expect(html).toContain('0 samples, peak 0');
    expect(html).toContain('No audience yet');
    expect(html).toContain('peak 7 at 20:00 · latest 7');
    expect(html).toContain('<svg');
    expect(timers).not.toHaveBeenCalled();
    expect(errors).not.toHaveBeenCalled();
    expect(warnings).not.toHaveBeenCalled();
  });
});
