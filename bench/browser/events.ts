import { fakeName } from '@audience-presence/test-utils';

/** One presence event of the benchmark's churn, the same stream for every list. */
export type BenchEvent =
  | { readonly type: 'join'; readonly userId: string; readonly name: string }
  | { readonly type: 'leave'; readonly userId: string }
  | { readonly type: 'state'; readonly userId: string; readonly name: string };

/** Deterministic display name for member number `n`. */
export const nameOf = (n: number): string => `${fakeName(n)} ${n}`;

/** Zero-padded so userId order equals join order (the store's insertion order). */
export const idOf = (n: number): string => `u${String(n).padStart(7, '0')}`;

/**
 * A seeded stream of joins (40%), leaves (40%) and state changes (20%) over a
 * channel that starts with `initial` members. It tracks who is present, so a
 * leave or state change always names a present member.
 */
export function createEventStream(initial: number, seed = 42): () => BenchEvent {
  let rng = seed >>> 0;
  const random = (): number => {
    // mulberry32
    rng = (rng + 0x6d2b79f5) >>> 0;
    let t = rng;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const present: string[] = Array.from({ length: initial }, (_, i) => idOf(i));
  let next = initial;
  let renames = 0;
  return () => {
    const r = random();
    if (r < 0.4 || present.length === 0) {
      const userId = idOf(next);
      const name = nameOf(next++);
      present.push(userId);
      return { type: 'join', userId, name };
    }
    const at = Math.floor(random() * present.length);
    const userId = present[at]!;
    if (r < 0.8) {
      present[at] = present[present.length - 1]!;
      present.pop();
      return { type: 'leave', userId };
    }
    return { type: 'state', userId, name: `Renamed ${renames++}` };
  };
}
