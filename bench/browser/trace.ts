import type { CDPSession } from 'playwright-core';

/** The fields of a Chrome trace event this benchmark reads. */
interface TraceEvent {
  name: string;
  ph: string;
  pid: number;
  tid: number;
  ts: number;
  dur?: number;
  /** thread (CPU) time of the event, µs */
  tdur?: number;
  args?: { name?: string };
}

/** A trace of the page's renderer, started and stopped around the churn. */
export interface ChurnTrace {
  start(): Promise<void>;
  stop(): Promise<void>;
  /**
   * Main-thread CPU time (ms) in each 16.7 ms window between the page's
   * `churn-start` and `churn-end` marks: the work the browser had to fit
   * into each frame's budget (tasks of any kind: JS, style, layout, paint, GC).
   */
  busyPerFrame(): number[];
}

const FRAME_US = 1_000_000 / 60;

/** Records the renderer's top-level tasks (cheap to trace) through the Chrome DevTools Protocol. */
export function createChurnTrace(cdp: CDPSession): ChurnTrace {
  const events: TraceEvent[] = [];
  cdp.on('Tracing.dataCollected', (e) => {
    // CDP types trace events loosely; these are Chrome's trace event objects.
    for (const event of e.value as unknown as TraceEvent[]) events.push(event);
  });
  return {
    async start() {
      await cdp.send('Tracing.start', {
        traceConfig: {
          includedCategories: ['toplevel', 'blink.user_timing'],
          excludedCategories: ['*'],
        },
        transferMode: 'ReportEvents',
      });
    },
    async stop() {
      const complete = new Promise<void>((resolve) =>
        cdp.once('Tracing.tracingComplete', () => resolve()),
      );
      await cdp.send('Tracing.end');
      await complete;
    },
    busyPerFrame() {
      const mark = (name: string) => events.find((e) => e.name === name);
      const from = mark('churn-start');
      const to = mark('churn-end');
      if (!from || !to) throw new Error('trace has no churn-start / churn-end marks');
      // Top-level tasks of the page's main thread, merged so nested tasks count once.
      // Top-level tasks of the page's main thread. Each counts with its CPU time
      // (tdur), spread over the windows its wall time overlaps: on a loaded machine
      // wall time also counts the time the OS ran other processes.
      const tasks = events.filter(
        (e) =>
          e.name === 'ThreadControllerImpl::RunTask' &&
          e.ph === 'X' &&
          e.pid === from.pid &&
          e.tid === from.tid &&
          (e.dur ?? 0) > 0,
      );
      const windows = Math.max(1, Math.floor((to.ts - from.ts) / FRAME_US));
      const busy = new Array<number>(windows).fill(0);
      for (const task of tasks) {
        const wall = task.dur ?? 0;
        const cpu = task.tdur ?? wall;
        const start = Math.max(task.ts, from.ts);
        const end = Math.min(task.ts + wall, from.ts + windows * FRAME_US);
        for (let w = Math.floor((start - from.ts) / FRAME_US); w < windows; w++) {
          const wStart = from.ts + w * FRAME_US;
          if (wStart >= end) break;
          const overlap = Math.min(end, wStart + FRAME_US) - Math.max(start, wStart);
          busy[w]! += (cpu * overlap) / wall;
        }
      }
      return busy.map((us) => us / 1000);
    },
  };
}
