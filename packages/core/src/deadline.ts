import { PresenceError, type PresenceErrorCode } from './errors';

/** The timer functions a source uses (inject fakes in tests). */
export interface Timers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** The host's timers. */
export const defaultTimers: Timers = {
  setTimeout: (fn, ms) => globalThis.setTimeout(fn, ms),
  clearTimeout: (handle) => globalThis.clearTimeout(handle as ReturnType<typeof setTimeout>),
};

interface Pending {
  readonly handle: unknown;
  readonly reject: (error: PresenceError) => void;
  readonly code: PresenceErrorCode;
}

/**
 * Bounds SDK awaits: offline, RTM `login()` never settles (agora-notes.md §1),
 * so every await needs its own deadline. `abortAll` rejects whatever is still
 * pending (used when a source is unbound) so no caller waits forever.
 */
export class Deadlines {
  readonly #timers: Timers;
  readonly #pending = new Set<Pending>();

  constructor(timers: Timers) {
    this.#timers = timers;
  }

  /**
   * Resolves with `work`'s value, or rejects with a PresenceError: `timeoutCode`
   * after `ms`, `failCode` (with the SDK error as cause) when `work` rejects.
   */
  run<T>(
    work: () => Promise<T>,
    ms: number,
    timeoutCode: PresenceErrorCode,
    failCode: PresenceErrorCode,
    timeoutMessage?: string,
  ): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      let settled = false;
      const entry: Pending = {
        code: failCode,
        handle: this.#timers.setTimeout(() => {
          if (!finish()) return;
          const message = timeoutMessage === undefined ? {} : { message: timeoutMessage };
          reject(new PresenceError(timeoutCode, message));
        }, ms),
        reject: (error) => {
          if (finish()) reject(error);
        },
      };
      const finish = (): boolean => {
        if (settled) return false;
        settled = true;
        this.#timers.clearTimeout(entry.handle);
        this.#pending.delete(entry);
        return true;
      };
      this.#pending.add(entry);
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
          if (finish()) reject(new PresenceError(failCode, { cause: error }));
        },
      );
    });
  }

  /** Rejects every pending await and clears its timer. */
  abortAll(message: string): void {
    for (const entry of [...this.#pending]) {
      entry.reject(new PresenceError(entry.code, { message }));
    }
  }
}
