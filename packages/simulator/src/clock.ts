/** Opaque handle returned by {@link Clock.setTimeout}. */
export type TimerHandle = { readonly __timer: true };

/**
 * The time source the simulated cloud runs on. Inject {@link createVirtualClock}
 * in tests for deterministic time, {@link createRealClock} for demos.
 */
export interface Clock {
  /** Current time in ms since the Unix epoch (virtual or real). */
  now(): number;
  /** Runs `fn` once after `ms` milliseconds. */
  setTimeout(fn: () => void, ms: number): TimerHandle;
  /** Cancels a timer; unknown or already-fired handles are ignored. */
  clearTimeout(handle: TimerHandle): void;
}

/** A {@link Clock} whose time only moves when the test says so. */
export interface VirtualClock extends Clock {
  /**
   * Moves time forward by `ms`, running every timer that falls due in order of
   * due time (ties in scheduling order). Awaits pending promise callbacks
   * before each due time, so code that awaits the simulator between timers
   * behaves as it would in real time. Always `await` it.
   */
  advance(ms: number): Promise<void>;
  /** Lets pending promise callbacks run without moving time. */
  flush(): Promise<void>;
  /** Number of timers scheduled and not yet fired or cleared. */
  pendingTimers(): number;
}

interface VirtualTimer {
  readonly __timer: true;
  due: number;
  seq: number;
  fn: () => void;
  cancelled: boolean;
}

/**
 * Settles the microtask queue: a real macrotask runs only after every queued
 * promise callback (and the ones those queue) has run.
 */
function macrotask(): Promise<void> {
  return new Promise((resolve) => {
    if (typeof MessageChannel !== 'undefined') {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => {
        channel.port1.close();
        resolve();
      };
      channel.port2.postMessage(null);
    } else {
      globalThis.setTimeout(resolve, 0);
    }
  });
}

/**
 * Creates a virtual clock starting at `startMs` (default 1_700_000_000_000, a
 * fixed instant so timestamps in tests are reproducible).
 */
export function createVirtualClock(startMs = 1_700_000_000_000): VirtualClock {
  let now = startMs;
  let seq = 0;
  // A binary min-heap on (due, seq): many thousands of timers stay cheap.
  const heap: VirtualTimer[] = [];
  let live = 0;
  let advancing = false;

  const less = (a: VirtualTimer, b: VirtualTimer) =>
    a.due < b.due || (a.due === b.due && a.seq < b.seq);
  const push = (t: VirtualTimer) => {
    heap.push(t);
    let i = heap.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!less(heap[i]!, heap[p]!)) break;
      [heap[i], heap[p]] = [heap[p]!, heap[i]!];
      i = p;
    }
  };
  const pop = (): VirtualTimer | undefined => {
    const top = heap[0];
    const last = heap.pop();
    if (heap.length > 0 && last) {
      heap[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < heap.length && less(heap[l]!, heap[m]!)) m = l;
        if (r < heap.length && less(heap[r]!, heap[m]!)) m = r;
        if (m === i) break;
        [heap[i], heap[m]] = [heap[m]!, heap[i]!];
        i = m;
      }
    }
    return top;
  };
  const peek = (): VirtualTimer | undefined => {
    while (heap[0]?.cancelled) pop();
    return heap[0];
  };

  return {
    now: () => now,
    setTimeout(fn, ms) {
      const t: VirtualTimer = {
        __timer: true,
        due: now + Math.max(0, ms),
        seq: seq++,
        fn,
        cancelled: false,
      };
      push(t);
      live++;
      return t;
    },
    clearTimeout(handle) {
      const t = handle as VirtualTimer;
      if (!t.cancelled) {
        t.cancelled = true;
        live--;
      }
    },
    async advance(ms) {
      if (!(ms >= 0)) throw new RangeError(`advance(ms) needs ms >= 0, got ${ms}`);
      // Two overlapping advances would interleave their timers: refuse.
      if (advancing)
        throw new Error('advance() is already running: await it before advancing again');
      advancing = true;
      try {
        await run(now + ms);
      } finally {
        advancing = false;
      }
    },
    flush: macrotask,
    pendingTimers: () => live,
  };

  async function run(target: number): Promise<void> {
    await macrotask();
    for (;;) {
      const next = peek();
      if (!next || next.due > target) break;
      now = next.due;
      // Run every timer due at this instant, then let promises settle.
      while (peek()?.due === now) {
        const t = pop()!;
        t.cancelled = true;
        live--;
        t.fn();
      }
      await macrotask();
    }
    now = target;
    await macrotask();
  }
}

/** A {@link Clock} on the platform's real timers (for the demo). */
export function createRealClock(): Clock {
  return {
    now: () => Date.now(),
    setTimeout: (fn, ms) => globalThis.setTimeout(fn, ms) as unknown as TimerHandle,
    clearTimeout: (h) => globalThis.clearTimeout(h as unknown as ReturnType<typeof setTimeout>),
  };
}
