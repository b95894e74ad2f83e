/** Receives errors thrown by app listeners (the SDKs swallow and log them). */
export type ListenerErrorHandler = (error: unknown, eventName: string) => void;

/**
 * A typed listener registry. Like the SDKs, it swallows exceptions thrown by a
 * listener (docs/agora-behaviour.md §1: "Exceptions thrown in a listener are swallowed
 * and logged by the SDK") and hands them to `onError`.
 */
export class Listeners<Map extends { [K in keyof Map]: (...args: never[]) => void }> {
  private readonly byName = new globalThis.Map<keyof Map, Set<Map[keyof Map]>>();

  /** @param onError where a listener's exception goes. */
  constructor(private readonly onError: ListenerErrorHandler) {}

  /** Adds `fn`; adding the same function twice keeps one registration. */
  add<K extends keyof Map>(name: K, fn: Map[K]): void {
    let set = this.byName.get(name);
    if (!set) {
      set = new Set();
      this.byName.set(name, set);
    }
    set.add(fn);
  }

  /** Removes `fn`; unknown functions are ignored. */
  remove<K extends keyof Map>(name: K, fn: Map[K]): void {
    this.byName.get(name)?.delete(fn);
  }

  /** Number of listeners for `name`. */
  count(name: keyof Map): number {
    return this.byName.get(name)?.size ?? 0;
  }

  /** Calls every listener of `name` in registration order. */
  emit<K extends keyof Map>(name: K, ...args: Parameters<Map[K]>): void {
    const set = this.byName.get(name);
    if (!set) return;
    for (const fn of [...set]) {
      try {
        (fn as (...a: Parameters<Map[K]>) => void)(...args);
      } catch (error) {
        this.onError(error, String(name));
      }
    }
  }

  /** Drops every listener. */
  clear(): void {
    this.byName.clear();
  }
}
