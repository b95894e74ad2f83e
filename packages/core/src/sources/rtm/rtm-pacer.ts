import type { Timers } from '../../deadline';

/**
 * agora-rtm-sdk 2.3.0 allows 20 calls per second per operation (`whoNow`,
 * `setState`, `subscribe`, `login`, ...); the 21st inside one second throws
 * -10021 synchronously (docs/agora-behaviour.md §1b, "20 calls per second per operation").
 */
export const RTM_CALLS_PER_WINDOW = 20;
/** the SDK's second plus a margin: our timers and its clock are not the same clock */
export const RTM_RATE_WINDOW_MS = 1_050;
/** waits before trying a rate-limited call again (each retry also waits for a free slot) */
const RATE_LIMITED_RETRY_MS: readonly number[] = [1_000, 2_000, 4_000];

/** `RTM_ERROR_OPERATION_RATE_EXCEED_LIMITATION` (agora-rtm.js 2.3.0's error table) */
export const RTM_RATE_LIMITED = -10021;

/** The SDK error code of `error`, also when it is wrapped in a PresenceError's `cause`. */
export function rtmErrorCode(error: unknown): number | null {
  for (let e = error, depth = 0; depth < 3 && typeof e === 'object' && e !== null; depth++) {
    const { code, errorCode } = e as { code?: unknown; errorCode?: unknown };
    if (typeof code === 'number') return code;
    if (typeof errorCode === 'number') return errorCode;
    e = (e as { cause?: unknown }).cause;
  }
  return null;
}

interface Lane {
  /** calls started within the last window */
  used: number;
  readonly waiting: (() => void)[];
}

/**
 * Keeps one client's calls under the SDK's rate limit, per operation: at most
 * {@link RTM_CALLS_PER_WINDOW} calls start within any {@link RTM_RATE_WINDOW_MS}
 * (each call holds a slot for one window after it starts, so this holds for
 * any sliding second, whichever way the SDK counts). Calls beyond that wait,
 * first come first served. A call the SDK still refuses with -10021 (another
 * part of the app used the same budget) is retried, the SAME call, after a
 * growing wait: a paged listing continues where it was, it never starts over.
 */
export class RtmPacer {
  readonly #timers: Timers;
  readonly #limit: number;
  readonly #windowMs: number;
  readonly #lanes = new Map<string, Lane>();
  readonly #handles = new Set<unknown>();
  #closed = false;

  constructor(
    timers: Timers,
    options: { readonly limit?: number; readonly windowMs?: number } = {},
  ) {
    this.#timers = timers;
    this.#limit = options.limit ?? RTM_CALLS_PER_WINDOW;
    this.#windowMs = options.windowMs ?? RTM_RATE_WINDOW_MS;
  }

  /**
   * Runs `call` when `operation` has a free slot (at once, synchronously, when
   * it has one), retrying it after -10021. Resolves or rejects as `call` does;
   * after {@link close} queued calls never run (their callers' deadlines end them).
   */
  run<T>(operation: string, call: () => Promise<T>): Promise<T> {
    const go = (retry: number): Promise<T> => {
      let result: Promise<T>;
      try {
        result = Promise.resolve(call());
      } catch (error) {
        // the SDK throws -10021 synchronously
        result = Promise.reject(error);
      }
      return result.catch(async (error: unknown) => {
        const delay = RATE_LIMITED_RETRY_MS[retry];
        if (rtmErrorCode(error) !== RTM_RATE_LIMITED || delay === undefined || this.#closed)
          throw error;
        await this.#sleep(delay);
        return attempt(retry + 1);
      });
    };
    const attempt = (retry: number): Promise<T> =>
      this.#tryTake(operation) ? go(retry) : this.#queue(operation).then(() => go(retry));
    return attempt(0);
  }

  /** Drops queued calls and clears every timer (the source was unbound). */
  close(): void {
    this.#closed = true;
    for (const handle of this.#handles) this.#timers.clearTimeout(handle);
    this.#handles.clear();
    this.#lanes.clear();
  }

  #lane(operation: string): Lane {
    let lane = this.#lanes.get(operation);
    if (lane === undefined) {
      lane = { used: 0, waiting: [] };
      this.#lanes.set(operation, lane);
    }
    return lane;
  }

  /** takes a slot now if one is free and nobody is queued before us */
  #tryTake(operation: string): boolean {
    if (this.#closed) return false;
    const lane = this.#lane(operation);
    if (lane.used >= this.#limit || lane.waiting.length > 0) return false;
    this.#take(lane);
    return true;
  }

  /** resolves once a slot was taken for us; never after close() */
  #queue(operation: string): Promise<void> {
    if (this.#closed) return new Promise<void>(() => undefined);
    const lane = this.#lane(operation);
    return new Promise<void>((resolve) => lane.waiting.push(resolve));
  }

  #take(lane: Lane): void {
    lane.used++;
    this.#later(this.#windowMs, () => {
      lane.used--;
      const next = lane.waiting.shift();
      if (next === undefined) return;
      this.#take(lane);
      next();
    });
  }

  #sleep(ms: number): Promise<void> {
    return new Promise<void>((resolve) => this.#later(ms, resolve));
  }

  #later(ms: number, fn: () => void): void {
    if (this.#closed) return;
    const handle = this.#timers.setTimeout(() => {
      this.#handles.delete(handle);
      fn();
    }, ms);
    this.#handles.add(handle);
  }
}
