/**
 * useAudienceHistory and usePeakAudience read the store alone: under a
 * PresenceStoreProvider (a store any source fills) and under the joining
 * AudiencePresenceProvider alike, and re-render at most once per step.
 */
import { createPresenceStore, type PresenceStore } from '@audience-presence/core';
import { act, render } from '@testing-library/react';
import type { ReactNode } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  PresenceStoreProvider,
  useAudienceCount,
  useAudienceHistory,
  useDualChannel,
  usePeakAudience,
  type AudienceSample,
  type PeakAudience,
} from '../src/index';
import { setup } from './helpers/simulated-session';

const T0 = Date.UTC(2026, 11, 1, 20, 0, 0);

function apply(store: PresenceStore, userId: string, kind: 'join' | 'leave' = 'join'): void {
  store.dispatch(
    kind === 'join' ? { type: 'join', userId } : { type: 'leave', userId, reason: 'left' },
  );
  store.flush();
}

describe('useAudienceHistory under <PresenceStoreProvider>', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('gives one sample per step and re-renders at most once per step, however busy the store', () => {
    vi.useFakeTimers({ now: T0 });
    const store = createPresenceStore();
    let renders = 0;
    let samples: readonly AudienceSample[] = [];
    function History() {
      renders++;
      samples = useAudienceHistory({ windowMs: 60_000, resolutionMs: 1_000 });
      return null;
    }
    render(
      <PresenceStoreProvider store={store}>
        <History />
      </PresenceStoreProvider>,
    );
    const mounted = renders; // the first render, then the one with the started recorder
    expect(samples).toEqual([]);
    // a join every 100 ms for 10 s: 100 store updates, 10 steps
    for (let i = 0; i < 100; i++) {
      act(() => {
        apply(store, `u${i}`);
        vi.advanceTimersByTime(100);
      });
    }
    expect(renders - mounted).toBe(10);
    expect(samples.map((s) => s.t)).toEqual(Array.from({ length: 10 }, (_, i) => T0 + i * 1_000));
    expect(samples.map((s) => s.audience)).toEqual([10, 20, 30, 40, 50, 60, 70, 80, 90, 100]);
  });
});

describe('usePeakAudience', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('re-renders only when the peak rises, and keeps when it was first reached', () => {
    vi.useFakeTimers({ now: T0 });
    const store = createPresenceStore();
    let renders = 0;
    let peak: PeakAudience | null = null;
    function Peak() {
      renders++;
      peak = usePeakAudience();
      return null;
    }
    render(
      <PresenceStoreProvider store={store}>
        <Peak />
      </PresenceStoreProvider>,
    );
    expect(peak).toEqual({ audience: 0, at: null, since: null });
    act(() => {
      apply(store, 'a');
      apply(store, 'b');
    });
    const afterTwo = renders;
    expect(peak).toEqual({ audience: 2, at: T0, since: null });
    act(() => {
      vi.advanceTimersByTime(1_000);
      apply(store, 'a', 'leave');
      apply(store, 'c'); // 2 again: not a new peak
    });
    expect(renders).toBe(afterTwo);
    act(() => {
      vi.advanceTimersByTime(1_000);
      apply(store, 'd');
    });
    expect(renders).toBe(afterTwo + 1);
    expect(peak).toEqual({ audience: 3, at: T0 + 2_000, since: null });
  });
});

describe('under <AudiencePresenceProvider> (RTM on the simulator)', () => {
  it("history and peak follow Agora's totalOccupancy in interval mode, since the join", async () => {
    const env = setup({ presence: { instantEventThreshold: 8, intervalSeconds: 10 } });
    const now = () => env.clock.now();
    let renders = 0;
    let view: { samples: readonly AudienceSample[]; peak: PeakAudience; count: number } | null =
      null;
    function Dashboard() {
      renders++;
      useDualChannel({ channel: 'live' });
      view = {
        samples: useAudienceHistory({
          windowMs: 120_000,
          resolutionMs: 5_000,
          now,
          timers: env.clock,
        }),
        peak: usePeakAudience(),
        count: useAudienceCount(),
      };
      return null;
    }
    const wrap = (ui: ReactNode) => <env.Wrapper>{ui}</env.Wrapper>;
    render(wrap(<Dashboard />));
    await env.settle();
    const joinedAt = env.clock.now();
    expect(view!.peak).toEqual({ audience: 0, at: null, since: joinedAt });
    env.cloud.crowd('live').join(2_000); // interval mode: they arrive with the next INTERVAL
    await env.advance(10_000);
    expect(view!.count).toBe(2_000);
    expect(view!.peak.audience).toBe(2_000);
    const peakAt = view!.peak.at!;
    env.cloud.crowd('live').leave(
      env.cloud
        .crowd('live')
        .members()
        .slice(0, 500)
        .map((m) => m.userId),
    );
    await env.advance(20_000);
    expect(view!.count).toBe(1_500);
    expect(view!.peak).toEqual({ audience: 2_000, at: peakAt, since: joinedAt });
    const samples = view!.samples;
    expect(Math.max(...samples.map((s) => s.audience))).toBe(2_000);
    expect(samples.at(-1)?.audience).toBe(1_500);
    // 30 s at 5 s a step: 6 samples (the step of the join may be partial)
    expect(samples.length).toBeGreaterThanOrEqual(5);
    expect(samples.length).toBeLessThanOrEqual(7);
    // re-renders: at most once per step plus the count and peak changes
    const before = renders;
    await env.advance(60_000); // nothing changes: one render per step, 12 steps
    expect(renders - before).toBeLessThanOrEqual(12);
    expect(view!.samples.length).toBeGreaterThan(samples.length);
  });
});
