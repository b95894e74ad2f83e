export { toPresenceError } from '../errors';

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
