/**
 * React binding overhead at 100,000 members. Every figure is printed as a
 * ratio to a baseline measured in the same process (the store alone, no
 * React), so the numbers mean something on any machine.
 *
 *   pnpm --filter @audience-presence/react bench
 */
import { performance } from 'node:perf_hooks';

// production React, as users run it; a DOM for react-dom (Node 20 has no navigator either)
process.env.NODE_ENV ??= 'production';
// jsdom ships no .d.ts (and @types/jsdom is not installed): type the one call used
const { JSDOM } = (await import('jsdom' as string)) as {
  JSDOM: new (html: string) => { window: Window & typeof globalThis };
};
const dom = new JSDOM('<!doctype html><div id="root"></div>');
Object.assign(globalThis, {
  window: dom.window,
  document: dom.window.document,
  navigator: dom.window.navigator,
});

const { createElement: h } = await import('react');
const { createRoot } = await import('react-dom/client');
const { flushSync } = await import('react-dom');
const { createPresenceStore } = await import('@audience-presence/core');
const react = await import('../src/index');
const { AudiencePresenceProvider, useAudienceCount, useAudiencePresence, useMember } = react;

const MEMBERS = 100_000;
const BURST = 1_000;
const RUNS = 31;

const gc = (globalThis as { gc?: () => void }).gc;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

function makeStore() {
  const store = createPresenceStore({ selfId: 'me', schedule: () => undefined });
  store.dispatch({
    type: 'snapshot',
    members: Array.from({ length: MEMBERS }, (_, i) => ({ userId: `u${i}`, state: { n: '0' } })),
  });
  store.flush();
  return store;
}

type Store = ReturnType<typeof makeStore>;
let tick = 0;
/** one burst: BURST members change state; applied in one flush */
function burst(store: Store): void {
  tick++;
  for (let i = 0; i < BURST; i++) {
    store.dispatch({
      type: 'state',
      userId: `u${(tick * BURST + i) % MEMBERS}`,
      state: { n: String(tick) },
    });
  }
}

/** mounts `view` over `store` (nothing for the baseline) */
function mount(store: Store, view: (() => unknown) | null): void {
  if (view === null) return;
  const root = createRoot(document.createElement('div'));
  function View() {
    view!();
    return null;
  }
  flushSync(() =>
    root.render(h(AudiencePresenceProvider, { appId: 'a', userId: 'me', store }, h(View))),
  );
}

/** one burst applied inside flushSync, so the time includes React's render and commit */
function once(store: Store): number {
  burst(store);
  // a collection left over from the previous case must not land in this one's timing
  gc?.();
  const t0 = performance.now();
  flushSync(() => store.flush());
  return performance.now() - t0;
}

const cases: [string, (() => unknown) | null][] = [
  ['baseline: store.flush, no React', null],
  ['useAudienceCount() (count only)', () => useAudienceCount()],
  ['useMember(one id)', () => useMember('u5')],
  ['useAudiencePresence() (lists rebuilt)', () => useAudiencePresence()],
];

const stores = cases.map(([, view]) => {
  const store = makeStore();
  mount(store, view);
  once(store); // warm-up
  return store;
});
// interleaved, starting at a different case each round, so machine noise hits every case alike
const times: number[][] = cases.map(() => []);
for (let r = 0; r < RUNS; r++) {
  for (let k = 0; k < stores.length; k++) {
    const i = (r + k) % stores.length;
    times[i]!.push(once(stores[i]!));
  }
}

console.log(
  `${MEMBERS.toLocaleString()} members, bursts of ${BURST} state changes, median of ${RUNS} interleaved runs`,
);
const baseline = median(times[0]!);
cases.forEach(([name], i) => {
  const ms = median(times[i]!);
  console.log(
    `${name.padEnd(42)} ${ms.toFixed(2).padStart(8)} ms  ${(ms / baseline).toFixed(2)}x baseline`,
  );
});
dom.window.close();
