import type { Occupancy, PresenceCounts } from '@audience-presence/core';
import type { SimTruth } from './simulated/sim-world';

/** What the page shows, read from the presence store (the e2e tests compare it with the truth). */
export interface DemoView {
  readonly status: string;
  readonly stale: boolean;
  readonly occupancy: Occupancy;
  readonly counts: PresenceCounts;
  readonly memberIds: readonly string[];
}

/**
 * `window.__demo`: a read-only handle for the end-to-end tests and for the
 * curious (open the console). `truth()` exists in simulated mode only.
 */
export interface DemoHandle {
  mode?: 'simulated' | 'real';
  /** the local user's userId while the presence screen is shown */
  userId?: string;
  truth?: () => SimTruth;
  view?: () => DemoView;
}

declare global {
  interface Window {
    __demo?: DemoHandle;
  }
}

/** Merges `part` into `window.__demo`; returns a function that removes those keys again. */
export function exposeDemoHandle(part: DemoHandle): () => void {
  const handle = (window.__demo ??= {});
  Object.assign(handle, part);
  return () => {
    for (const key of Object.keys(part) as (keyof DemoHandle)[]) {
      if (handle[key] === part[key]) delete handle[key];
    }
  };
}
