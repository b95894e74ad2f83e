import type { PresenceChange, PresenceChangeMap, PresenceChangeType } from './changes';

/** Stops a listener. Calling it twice is harmless. */
export type Unsubscribe = () => void;

/**
 * A tiny typed emitter for presence changes. A throwing listener does not stop
 * the others: its error is rethrown asynchronously so it still surfaces.
 */
export class ChangeEmitter {
  #listeners = new Map<PresenceChangeType, Set<(change: never) => void>>();
  #count = 0;

  /** true when at least one listener is registered (changes are only collected then) */
  get active(): boolean {
    return this.#count > 0;
  }

  /** Adds a listener for one change type; the same function twice counts once. */
  on<K extends PresenceChangeType>(
    type: K,
    listener: (change: PresenceChangeMap[K]) => void,
  ): Unsubscribe {
    let set = this.#listeners.get(type);
    if (set === undefined) {
      set = new Set();
      this.#listeners.set(type, set);
    }
    const fn = listener as (change: never) => void;
    if (!set.has(fn)) {
      set.add(fn);
      this.#count++;
    }
    let active = true;
    return () => {
      if (!active) return;
      active = false;
      if (set.delete(fn)) this.#count--;
    };
  }

  /** Delivers changes in order, each to the listeners of its type. */
  emit(changes: readonly PresenceChange[]): void {
    for (const change of changes) {
      const set = this.#listeners.get(change.type);
      if (set === undefined) continue;
      for (const fn of [...set]) {
        try {
          (fn as (c: PresenceChange) => void)(change);
        } catch (error) {
          queueMicrotask(() => {
            throw error;
          });
        }
      }
    }
  }

  /** Removes every listener. */
  clear(): void {
    this.#listeners.clear();
    this.#count = 0;
  }
}
