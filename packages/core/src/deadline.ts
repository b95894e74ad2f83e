import { PresenceError, toPresenceError, type PresenceErrorCode } from './errors';

/** The timer functions a source uses (inject fakes in tests). */
export interface Timers {
  /** Calls `fn` once after `ms`; returns a handle for `clearTimeout`. */
  setTimeout(fn: () => void, ms: number): unknown;
  /** Cancels a pending `setTimeout` by its handle. */
  clearTimeout(handle: unknown): void;
}

/** The host's timers. */
export const defaultTimers: Timers = {
  setTimeout: (fn, ms) => globalThis.setTimeout(fn, ms),
  clearTimeout: (handle) => globalThis.clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/** Options of {@link withDeadline}. */
export interface WithDeadlineOptions {
  /** Message of the timeout error (default: the code's standard message). */
  readonly timeoutMessage?: string | undefined;
  /**
   * Stops waiting when it aborts: rejects with `failCode`, the abort reason as
   * message when it is a string, otherwise as `cause`.
   */
  readonly signal?: AbortSignal | undefined;
  /**
   * Asked when the time is up: while it returns true the wait is not a hang
   * (e.g. RTM queues a subscribe while its link is down and sends it on
   * reconnect: docs/agora-behaviour.md §1b), so the deadline starts again.
   */
  readonly extendWhile?: (() => boolean) | undefined;
}

function abortDetail(reason: unknown): { message?: string; cause?: unknown } {
  return typeof reason === 'string' ? { message: reason } : { cause: reason };
}

/**
 * Awaits `work` for at most `ms`: offline, SDK calls may never settle (RTM
 * `login()`: docs/agora-behaviour.md §1), so every SDK await needs its own deadline.
 * Resolves with `work`'s value, or rejects with a PresenceError: `timeoutCode`
 * after `ms`; `failCode` (the original error as `cause`) when `work` throws or
 * rejects, except that a PresenceError passes through unchanged; `failCode`
 * when `options.signal` aborts (at once, without calling `work`, if it already
 * has). Whatever settles first wins and clears the timer; later settlements are
 * ignored.
 */
export function withDeadline<T>(
  work: () => Promise<T> | T,
  ms: number,
  timers: Timers,
  timeoutCode: PresenceErrorCode,
  failCode: PresenceErrorCode,
  options: WithDeadlineOptions = {},
): Promise<T> {
  const { signal, timeoutMessage, extendWhile } = options;
  if (signal?.aborted === true) {
    return Promise.reject(new PresenceError(failCode, abortDetail(signal.reason)));
  }
  return new Promise<T>((resolve, reject) => {
    let settled = false;
    const onAbort = (): void => {
      if (finish()) reject(new PresenceError(failCode, abortDetail(signal?.reason)));
    };
    const onTime = (): void => {
      if (settled) return;
      if (extendWhile?.() === true) {
        handle = timers.setTimeout(onTime, ms);
        return;
      }
      finish();
      const message = timeoutMessage === undefined ? {} : { message: timeoutMessage };
      reject(new PresenceError(timeoutCode, message));
    };
    let handle = timers.setTimeout(onTime, ms);
    const finish = (): boolean => {
      if (settled) return false;
      settled = true;
      timers.clearTimeout(handle);
      signal?.removeEventListener('abort', onAbort);
      return true;
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    let promise: Promise<T>;
    try {
      promise = Promise.resolve(work());
    } catch (error) {
      promise = Promise.reject(error);
    }
    promise.then(
      (value) => {
        if (finish()) resolve(value);
      },
      (error: unknown) => {
        if (!finish()) return;
        reject(toPresenceError(error, failCode));
      },
    );
  });
}

/**
 * Bounds a source's SDK awaits with {@link withDeadline}; `abortAll` rejects
 * whatever is still pending (used when a source is unbound) so no caller waits
 * forever.
 */
export class Deadlines {
  readonly #timers: Timers;
  #abort = new AbortController();

  constructor(timers: Timers) {
    this.#timers = timers;
  }

  /**
   * Resolves with `work`'s value, or rejects with a PresenceError: `timeoutCode`
   * after `ms`, `failCode` (with the SDK error as cause) when `work` rejects.
   */
  run<T>(
    work: () => Promise<T> | T,
    ms: number,
    timeoutCode: PresenceErrorCode,
    failCode: PresenceErrorCode,
    timeoutMessage?: string,
    extendWhile?: () => boolean,
  ): Promise<T> {
    return withDeadline(work, ms, this.#timers, timeoutCode, failCode, {
      timeoutMessage,
      signal: this.#abort.signal,
      extendWhile,
    });
  }

  /** Rejects every pending await (each with its `failCode` and `message`) and clears its timer. */
  abortAll(message: string): void {
    // a fresh controller first: awaits started from here on are not aborted
    const aborting = this.#abort;
    this.#abort = new AbortController();
    aborting.abort(message);
  }
}
