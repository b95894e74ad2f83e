/**
 * Crowd scaling benchmark. Prints ratios against baselines measured in the same
 * process, never absolute pass/fail thresholds:
 *  - per-member cost of crowd.join at 10k vs 100k (linear => ratio ~1),
 *  - crowd.join vs a bare Map insert of the same ids (constant overhead),
 *  - paging whoNow through 25k..200k members (linear => ~2x per doubling).
 * Run: npx tsx packages/simulator/bench/crowd.bench.ts
 */
import { createSimulatedCloud, createVirtualClock } from '../src/index';

const APP_ID = '0123456789abcdef0123456789abcdef';
const quiet = { onListenerError: () => {} };

function time(fn: () => void): number {
  const t0 = performance.now();
  fn();
  return performance.now() - t0;
}

async function timeAsync(fn: () => Promise<void>): Promise<number> {
  const t0 = performance.now();
  await fn();
  return performance.now() - t0;
}

function best(runs: number[]): number {
  return Math.min(...runs);
}

async function joinCost(n: number, watchers: number): Promise<{ ms: number; events: number }> {
  const clock = createVirtualClock();
  const cloud = createSimulatedCloud({ clock, ...quiet });
  let events = 0;
  for (let i = 0; i < watchers; i++) {
    const c = cloud.createRtmClient(APP_ID, `w${i}`);
    c.addEventListener('presence', () => events++);
    await c.login();
    await c.subscribe('live');
  }
  // Put every watcher in interval mode first, as in a real big room.
  cloud.crowd('live').join(100);
  events = 0;
  const ms = time(() => {
    cloud.crowd('live').join(n);
  });
  return { ms, events };
}

function mapBaseline(n: number): number {
  return time(() => {
    const m = new Map<string, object>();
    for (let i = 0; i < n; i++) m.set(String(100_000 + i), { userId: String(i), states: {} });
  });
}

async function pageAll(n: number): Promise<number> {
  const clock = createVirtualClock();
  // Measures the simulator's paging cost, so the SDK's 20 calls/s limit is off here.
  const cloud = createSimulatedCloud({ clock, ...quiet, rateLimit: false });
  cloud.crowd('live', { rtc: false }).join(n);
  const reader = cloud.createRtmClient(APP_ID, 'reader');
  await reader.login();
  return timeAsync(async () => {
    let page = '';
    let seen = 0;
    do {
      const r = await reader.presence.whoNow('live', 'MESSAGE', page ? { page } : {});
      seen += r.occupants.length;
      page = r.nextPage;
    } while (page);
    if (seen !== n) throw new Error(`paged ${seen} of ${n}`);
  });
}

async function main() {
  const reps = 7;
  const small: number[] = [];
  const large: number[] = [];
  const base: number[] = [];
  const baseSmall: number[] = [];
  let events = 0;
  for (let r = 0; r < reps; r++) {
    small.push((await joinCost(10_000, 5)).ms);
    const big = await joinCost(100_000, 5);
    large.push(big.ms);
    events = big.events;
    base.push(mapBaseline(100_000));
    baseSmall.push(mapBaseline(10_000));
  }
  const perSmall = best(small) / 10_000;
  const perLarge = best(large) / 100_000;
  console.log(
    `crowd.join 100k (5 subscribed clients in interval mode): best ${best(large).toFixed(1)} ms`,
  );
  console.log(`  listener callbacks during the join: ${events} (interval mode: expect 0)`);
  console.log(`  per-member cost 100k / 10k: ${(perLarge / perSmall).toFixed(2)}x (linear => ~1)`);
  console.log(`  vs bare Map insert of 100k: ${(best(large) / best(base)).toFixed(1)}x`);
  const mapScaling = best(base) / 100_000 / (best(baseSmall) / 10_000);
  console.log(`  (bare Map per-item cost 100k / 10k on this runtime: ${mapScaling.toFixed(2)}x)`);
  console.log(
    `  scaling relative to the runtime's own Map: ${(perLarge / perSmall / mapScaling).toFixed(2)} (linear => ~1)`,
  );

  // Paging: doubling the channel should double the time (linear), not quadruple it.
  await pageAll(50_000); // warm-up
  const sizes = [25_000, 50_000, 100_000, 200_000];
  const pageMs: number[] = [];
  for (const n of sizes) {
    const runs: number[] = [];
    for (let r = 0; r < 3; r++) runs.push(await pageAll(n));
    pageMs.push(best(runs));
  }
  console.log(
    `whoNow paging every member (page 50): ${sizes.map((n, i) => `${n / 1000}k ${pageMs[i]!.toFixed(1)} ms`).join(', ')}`,
  );
  const steps = pageMs.slice(1).map((ms, i) => (ms / pageMs[i]!).toFixed(2));
  console.log(`  time ratio per doubling: ${steps.join(', ')} (linear => ~2, quadratic => ~4)`);
}

void main();
