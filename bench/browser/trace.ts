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
   * Main-thread CPU time (ms) spent on each frame during the churn: the tasks
   * of any kind (JS, style, layout, paint, GC) between one rAF and the next.
   * `frameStamps` are the page's rAF times in ms after its `churn-start` mark.
   */
  workPerFrame(frameStamps: readonly number[]): number[];
}

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
    workPerFrame(frameStamps) {
      const mark = (name: string) => events.find((e) => e.name === name);
      const from = mark('churn-start');
      const to = mark('churn-end');
      if (!from || !to) throw new Error('trace has no churn-start / churn-end marks');
      // Top-level tasks of the page's main thread. Each counts with its CPU time
      // (tdur), spread over the frames its wall time overlaps: on a loaded machine
      // wall time also counts the time the OS ran other processes.
      const tasks = events.filter(
        (e) =>
          e.name === 'ThreadControllerImpl::RunTask' &&
          e.ph === 'X' &&
          e.pid === from.pid &&
          e.tid === from.tid &&
          (e.dur ?? 0) > 0,
      );
      // Frame k runs from rAF k to rAF k + 1 (trace clock: µs after the mark).
      const bounds = frameStamps.map((ms) => from.ts + ms * 1000);
      const frames = Math.max(0, bounds.length - 1);
      const busy = new Array<number>(frames).fill(0);
      let first = 0;
      for (const task of [...tasks].sort((x, y) => x.ts - y.ts)) {
        const wall = task.dur ?? 0;
        const cpu = task.tdur ?? wall;
        const start = task.ts;
        const end = task.ts + wall;
        while (first < frames && bounds[first + 1]! <= start) first++;
        for (let f = first; f < frames && bounds[f]! < end; f++) {
          const overlap = Math.min(end, bounds[f + 1]!) - Math.max(start, bounds[f]!);
          if (overlap > 0) busy[f]! += (cpu * overlap) / wall;
        }
      }
      return busy.map((us) => us / 1000);
    },
  };
}
