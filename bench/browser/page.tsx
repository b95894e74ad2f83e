import { useSyncExternalStore, type ReactNode } from 'react';
import { createRoot } from 'react-dom/client';
import { flushSync } from 'react-dom';
import {
  createPresenceStore,
  selectAudience,
  selectCounts,
  selectHosts,
  selectOccupancy,
  type PresenceAction,
  type PresenceStore,
} from '@audience-presence/core';
import { AudienceList, type AudienceListSort } from '@audience-presence/react';
import '@audience-presence/react/audience-list.css';
import { createEventStream, idOf, nameOf, type BenchEvent } from './events';
import { NaiveList } from './naive-list';

/** What the page reports to the runner (window.__bench). */
export interface BenchResult {
  mode: string;
  members: number;
  mountMs: number;
  eventsApplied: number;
  churnMs: number;
  frames: number;
  /** rAF intervals during the churn (the display runs at 60 Hz: 16.7 ms when on time) */
  p50FrameMs: number;
  p95FrameMs: number;
  maxFrameMs: number;
  /** intervals longer than 1.5 display ticks: frames the user saw dropped */
  droppedFrames: number;
  /** rAF timestamps during the churn, ms after the `churn-start` mark */
  frameStamps: number[];
  longTasksMount: number;
  longTasksChurn: number;
  longTaskMsChurn: number;
  domNodesAfterMount: number;
  domNodesAfterChurn: number;
}

declare global {
  interface Window {
    __bench?: BenchResult | { error: string };
    /** Set by the runner: starts / stops its trace around the churn. */
    __traceStart?: () => Promise<void>;
    __traceStop?: () => Promise<void>;
  }
}

const params = new URLSearchParams(location.search);
const mode = params.get('mode') ?? 'virtual';
const N = Number(params.get('members') ?? 100_000);
const RATE = Number(params.get('rate') ?? 5_000);
const SECONDS = Number(params.get('seconds') ?? 5);

const longTasks: PerformanceEntry[] = [];
new PerformanceObserver((list) => longTasks.push(...list.getEntries())).observe({
  type: 'longtask',
  buffered: true,
});

const nextFrame = () => new Promise<number>((resolve) => requestAnimationFrame(resolve));
const percentile = (sorted: number[], p: number): number =>
  sorted.length === 0 ? 0 : sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!;

/** Reads the core store as the React hooks do: one snapshot per store update. */
function StoreList({ store, sort }: { store: PresenceStore; sort: AudienceListSort }) {
  const state = useSyncExternalStore(store.subscribe, store.getState);
  // Hosts and audience already apart, each in join order: the list neither splits nor sorts.
  const hosts = selectHosts(state);
  const audience = selectAudience(state);
  return (
    <AudienceList
      members={audience}
      hosts={hosts}
      occupancy={selectOccupancy(state)}
      audienceCount={selectCounts(state).audience}
      status="connected"
      sort={sort}
      height={600}
      locale="en-US"
    />
  );
}

function toAction(event: BenchEvent): PresenceAction {
  if (event.type === 'join')
    return { type: 'join', userId: event.userId, state: { name: event.name } };
  if (event.type === 'leave') return { type: 'leave', userId: event.userId, reason: 'left' };
  return { type: 'state', userId: event.userId, state: { name: event.name } };
}

async function run(): Promise<BenchResult> {
  const nextEvent = createEventStream(N);
  let apply: (event: BenchEvent) => void;
  let element: ReactNode;
  if (mode === 'naive') {
    const initial = Array.from({ length: N }, (_, i) => ({ userId: idOf(i), name: nameOf(i) }));
    let sink: ((event: BenchEvent) => void) | null = null;
    const subscribe = (fn: (event: BenchEvent) => void) => {
      sink = fn;
    };
    element = <NaiveList initial={initial} subscribe={subscribe} />;
    apply = (event) => sink?.(event);
  } else {
    // The store applies queued events once per animation frame (core's `schedule` option):
    // at 5,000 events/s the selectors and the list then run once per frame.
    const store = createPresenceStore({
      schedule: (flush) => requestAnimationFrame(() => flush()),
    });
    store.dispatch({
      type: 'snapshot',
      members: Array.from({ length: N }, (_, i) => ({
        userId: idOf(i),
        state: { name: nameOf(i) },
      })),
    });
    store.flush();
    element = <StoreList store={store} sort={mode === 'virtual-name' ? 'name' : 'join-time'} />;
    apply = (event) => store.dispatch(toAction(event));
  }

  await nextFrame();
  await nextFrame();
  const container = document.getElementById('root')!;
  const mountStart = performance.now();
  const root = createRoot(container);
  flushSync(() => root.render(element));
  // Mount = render + commit + style and layout, forced synchronously so the
  // 60 Hz frame clock does not add up to a frame of waiting to the small side.
  void document.body.offsetHeight;
  const mountEnd = performance.now();
  await nextFrame();
  await nextFrame();
  const domNodesAfterMount = document.getElementsByTagName('*').length;

  const total = RATE * SECONDS;
  let applied = 0;
  const frameTimes: number[] = [];
  /** rAF timestamps, ms after churn-start: the frame boundaries for the trace */
  const frameStamps: number[] = [];
  await window.__traceStart?.();
  performance.mark('churn-start');
  const churnStart = performance.now();
  await new Promise<void>((resolve) => {
    const pump = () => {
      const due = Math.min(total, Math.floor(((performance.now() - churnStart) * RATE) / 1000));
      while (applied < due) {
        apply(nextEvent());
        applied++;
      }
      if (applied < total) setTimeout(pump, 4);
    };
    let last = -1;
    const frame = (t: number) => {
      if (last >= 0) frameTimes.push(t - last);
      frameStamps.push(t - churnStart);
      last = t;
      if (applied < total) requestAnimationFrame(frame);
      else resolve();
    };
    requestAnimationFrame(frame);
    pump();
  });
  await nextFrame();
  await nextFrame();
  const churnEnd = performance.now();
  performance.mark('churn-end');
  await window.__traceStop?.();

  const sorted = [...frameTimes].sort((a, b) => a - b);
  const inChurn = longTasks.filter((t) => t.startTime >= churnStart && t.startTime < churnEnd);
  return {
    mode,
    members: N,
    mountMs: mountEnd - mountStart,
    eventsApplied: applied,
    churnMs: churnEnd - churnStart,
    frames: frameTimes.length,
    frameStamps,
    p50FrameMs: percentile(sorted, 0.5),
    p95FrameMs: percentile(sorted, 0.95),
    maxFrameMs: sorted[sorted.length - 1] ?? 0,
    droppedFrames: frameTimes.filter((t) => t > 25).length,
    longTasksMount: longTasks.filter((t) => t.startTime >= mountStart && t.startTime < mountEnd)
      .length,
    longTasksChurn: inChurn.length,
    longTaskMsChurn: inChurn.reduce((sum, t) => sum + t.duration, 0),
    domNodesAfterMount,
    domNodesAfterChurn: document.getElementsByTagName('*').length,
  };
}

run().then(
  (result) => {
    window.__bench = result;
  },
  (error: unknown) => {
    window.__bench = {
      error: error instanceof Error ? (error.stack ?? error.message) : String(error),
    };
  },
);
