import {
  isPresenceError,
  PresenceError,
  type PresenceErrorCode,
  type Timers,
} from '@audience-presence/core';

/**
 * Awaits `work` for at most `ms`: offline, SDK calls may never settle
 * (RTM login: agora-notes.md §1), so every await of the connection lifecycle
 * is bounded. Rejects with `timeoutCode` after `ms`, or with `failCode` (the
 * original error as `cause`) when `work` fails; a PresenceError passes through.
 */
export function bounded<T>(
  work: () => Promise<T> | T,
  ms: number,
  timers: Timers,
  timeoutCode: PresenceErrorCode,
  failCode: PresenceErrorCode,
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    let settled = false;
    const handle = timers.setTimeout(() => {
      if (settled) return;
      settled = true;
      reject(new PresenceError(timeoutCode));
    }, ms);
    const finish = (): boolean => {
      if (settled) return false;
      settled = true;
      timers.clearTimeout(handle);
      return true;
    };
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
        if (finish())
          reject(isPresenceError(error) ? error : new PresenceError(failCode, { cause: error }));
      },
    );
  });
}

/** Wraps anything thrown into a PresenceError with `code` (a PresenceError passes through). */
export function toPresenceError(error: unknown, code: PresenceErrorCode): PresenceError {
  return isPresenceError(error) ? error : new PresenceError(code, { cause: error });
}

/** thrown between steps when a newer request replaced the one being run */
export class Superseded {}

/**
 * Stops waiting for `promise` as soon as `signal` aborts (a newer request or a
 * fatal event), so a hanging step (an offline login) does not hold up the
 * next channel for the whole timeout. The SDK call itself is cancelled by the
 * rollback (logout / leave), not here.
 */
export function abortable<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) {
    promise.catch(() => undefined);
    return Promise.reject(new Superseded());
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(new Superseded());
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}
