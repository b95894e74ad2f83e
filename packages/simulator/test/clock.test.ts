import { describe, expect, it } from 'vitest';
import { createRealClock, createVirtualClock } from '../src';

describe('createVirtualClock', () => {
  it('runs due timers in due order, ties in scheduling order, and stops at the target time', async () => {
    const clock = createVirtualClock(1000);
    const seen: string[] = [];
    clock.setTimeout(() => seen.push(`b@${clock.now()}`), 20);
    clock.setTimeout(() => seen.push(`a@${clock.now()}`), 10);
    clock.setTimeout(() => seen.push(`c@${clock.now()}`), 20);
    clock.setTimeout(() => seen.push('late'), 31);
    await clock.advance(30);
    expect(seen).toEqual(['a@1010', 'b@1020', 'c@1020']);
    expect(clock.now()).toBe(1030);
    expect(clock.pendingTimers()).toBe(1);
  });

  it('runs timers that timers schedule inside the window', async () => {
    const clock = createVirtualClock(0);
    const seen: number[] = [];
    const tick = () => {
      seen.push(clock.now());
      clock.setTimeout(tick, 10);
    };
    clock.setTimeout(tick, 10);
    await clock.advance(35);
    expect(seen).toEqual([10, 20, 30]);
  });

  it('lets awaited code run between timers (a timer set after an await still fires in the window)', async () => {
    const clock = createVirtualClock(0);
    const seen: number[] = [];
    clock.setTimeout(() => {
      void (async () => {
        await Promise.resolve();
        await Promise.resolve();
        clock.setTimeout(() => seen.push(clock.now()), 5);
      })();
    }, 10);
    await clock.advance(20);
    expect(seen).toEqual([15]);
  });

  it('clearTimeout cancels; clearing twice or a fired timer is harmless', async () => {
    const clock = createVirtualClock(0);
    let fired = 0;
    const h = clock.setTimeout(() => fired++, 5);
    const h2 = clock.setTimeout(() => fired++, 6);
    clock.clearTimeout(h);
    clock.clearTimeout(h);
    await clock.advance(10);
    clock.clearTimeout(h2);
    expect(fired).toBe(1);
    expect(clock.pendingTimers()).toBe(0);
  });

  it('rejects a negative or NaN advance with a RangeError', async () => {
    const clock = createVirtualClock();
    await expect(clock.advance(-1)).rejects.toBeInstanceOf(RangeError);
    await expect(clock.advance(Number.NaN)).rejects.toBeInstanceOf(RangeError);
  });

  it('refuses overlapping advances instead of interleaving them', async () => {
    const clock = createVirtualClock(0);
    const first = clock.advance(10);
    await expect(clock.advance(10)).rejects.toThrow(/already running/);
    await first;
    await clock.advance(10);
    expect(clock.now()).toBe(20);
  });

  it('handles many timers (heap order)', async () => {
    const clock = createVirtualClock(0);
    const seen: number[] = [];
    const dues = Array.from({ length: 500 }, (_, i) => (i * 7919) % 1000);
    for (const d of dues) clock.setTimeout(() => seen.push(clock.now()), d);
    await clock.advance(1000);
    expect(seen).toEqual([...dues].sort((a, b) => a - b));
  });
});

describe('createRealClock', () => {
  it('uses platform time and timers', async () => {
    const clock = createRealClock();
    expect(Math.abs(clock.now() - Date.now())).toBeLessThan(50);
    await new Promise<void>((resolve) => clock.setTimeout(resolve, 1));
    let fired = false;
    const h = clock.setTimeout(() => (fired = true), 1);
    clock.clearTimeout(h);
    await new Promise((r) => setTimeout(r, 10));
    expect(fired).toBe(false);
  });
});
