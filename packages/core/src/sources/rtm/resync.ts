import type { PresenceAction } from '../../actions';
import { PresenceError, sdkCause, toPresenceError } from '../../errors';
import { partialListActions } from './degraded';
import { rtmErrorCode } from './rtm-pacer';
import type { SourceContext } from './source-context';
import { fetchWhoNowPages } from './who-now-pages';

const MAX_RETRY_MS = 60_000;

/**
 * RTM_ERROR_PRESENCE_INACTIVE / RTM_ERROR_PRESENCE_NOT_CONNECTED: how 2.3.0
 * reports presence that is unavailable, since it never emits
 * ERROR_OUT_OF_SERVICE (docs/agora-behaviour.md §1b, "ERROR_OUT_OF_SERVICE is never emitted").
 */
const PRESENCE_UNAVAILABLE: ReadonlySet<number> = new Set([-13014, -13001]);

function presenceUnavailable(error: unknown): boolean {
  const code = rtmErrorCode(error);
  return code !== null && PRESENCE_UNAVAILABLE.has(code);
}

export interface ResyncOptions {
  /** first retry delay (ms); doubles up to 60 s; 0 disables retries */
  readonly retryBaseMs: number;
  /** retry while presence is out of service */
  readonly retryOutOfService: boolean;
  /** after every whole list: write the local state if a write was refused meanwhile */
  readonly afterSnapshot: () => void;
}

/**
 * The whoNow resync of one source and its backoff: a resync replaces the
 * list (all pages as ONE snapshot, events seen meanwhile replayed on top), a
 * failed or partial one is retried while the list is stale, and presence
 * calls refused as unavailable are the out-of-service path.
 */
export class PresenceResync {
  /**
   * set by ERROR_OUT_OF_SERVICE or a presence call rejected -13014 / -13001,
   * until a fresh list: that error says more than a failed resync
   */
  outOfService = false;
  readonly #ctx: SourceContext;
  readonly #options: ResyncOptions;
  #running: Promise<void> | null = null;
  /** actions seen while a resync is in flight, replayed on top of its (older) snapshot */
  #replay: PresenceAction[] | null = null;
  #retryTimer: unknown = null;
  #retries = 0;

  constructor(ctx: SourceContext, options: ResyncOptions) {
    this.#ctx = ctx;
    this.#options = options;
  }

  /** Remembers an action dispatched while a resync is in flight. */
  record(action: PresenceAction): void {
    if (this.#replay !== null && action.type !== 'ignored') this.#replay.push(action);
  }

  /**
   * A partial list (degraded mode): adds whom it names, marks the list stale
   * with PRESENCE_DEGRADED (see {@link partialListActions}).
   */
  applyPartial(rows: readonly { readonly userId: string }[], total: number | null): void {
    const { store } = this.#ctx;
    store.flush();
    for (const action of partialListActions(rows, total, store.getState().members.size))
      this.#ctx.dispatch(action);
  }

  /**
   * A presence call was refused because presence is unavailable (-13014 /
   * -13001): the out-of-service path, as ERROR_OUT_OF_SERVICE would have been.
   * Marks the list stale (the first time with PRESENCE_OUT_OF_SERVICE) and
   * returns true; false for any other error.
   */
  noteUnavailable(error: unknown): boolean {
    if (!presenceUnavailable(error)) return false;
    const first = !this.outOfService;
    this.outOfService = true;
    this.#ctx.dispatch(
      first
        ? {
            type: 'invalidate',
            error: new PresenceError('PRESENCE_OUT_OF_SERVICE', { cause: sdkCause(error) }),
          }
        : { type: 'invalidate' },
    );
    // nothing will tell us when it is back: ask again with backoff (resync when it recovers)
    if (this.#options.retryOutOfService) this.scheduleRetry();
    return true;
  }

  /** a resync nobody awaits: its failure is reported and retried with backoff while the list is stale */
  auto(): void {
    const { store } = this.#ctx;
    this.resync().then(
      () => {
        store.flush();
        // a partial (degraded-mode) answer leaves the list stale: ask again later
        if (store.getState().staleness.stale) this.scheduleRetry();
        else this.#retries = 0;
      },
      (error: unknown) => {
        this.#ctx.report(error);
        this.scheduleRetry();
      },
    );
  }

  scheduleRetry(): void {
    const { retryBaseMs } = this.#options;
    if (!this.#ctx.bound() || retryBaseMs <= 0 || this.#retryTimer !== null) return;
    const delay = Math.min(MAX_RETRY_MS, retryBaseMs * 2 ** this.#retries++);
    this.#retryTimer = this.#ctx.timers.setTimeout(() => {
      this.#retryTimer = null;
      const { store } = this.#ctx;
      store.flush();
      // a SNAPSHOT (e.g. the presence service came back) may have made the list fresh already
      const state = store.getState();
      // while the link is down the reconnect path resyncs by itself
      if (this.#ctx.bound() && state.staleness.stale && state.status === 'connected') this.auto();
      else this.#retries = 0;
    }, delay);
  }

  /** Replaces the list with whoNow over all pages, applied as one snapshot. Rejects RTM_RESYNC_FAILED. */
  resync(): Promise<void> {
    if (!this.#ctx.bound())
      return Promise.reject(new PresenceError('RTM_RESYNC_FAILED', { message: 'unbound' }));
    if (this.#running !== null) return this.#running;
    this.#replay = [];
    const run = this.#run();
    this.#running = run;
    return run;
  }

  async #run(): Promise<void> {
    const { dispatch } = this.#ctx;
    try {
      const { rows, total, partial } = await this.fetchAllPages();
      const buffered = this.#replay ?? [];
      this.outOfService = false;
      if (partial) this.applyPartial(rows, total);
      else {
        dispatch({
          type: 'snapshot',
          members: rows,
          ...(total > rows.length ? { total } : {}),
        });
      }
      // events that arrived during paging are newer than parts of the snapshot
      for (const action of buffered) dispatch(action);
      this.#options.afterSnapshot();
    } catch (error) {
      const presenceError = toPresenceError(error, 'RTM_RESYNC_FAILED');
      if (!this.noteUnavailable(error)) {
        dispatch(
          this.outOfService ? { type: 'invalidate' } : { type: 'invalidate', error: presenceError },
        );
      }
      throw presenceError;
    } finally {
      this.#replay = null;
      this.#running = null;
    }
  }

  /** one whoNow lane for both listings and count(): the rate limit is per operation */
  fetchAllPages() {
    const { client, channel, call } = this.#ctx;
    return fetchWhoNowPages(client.presence, channel, (work) =>
      call(
        'whoNow',
        work,
        'RTM_RESYNC_FAILED',
        'RTM_RESYNC_FAILED',
        'Refreshing the audience list took too long.',
      ),
    );
  }

  /** Stops the retry timer. */
  close(): void {
    if (this.#retryTimer !== null) this.#ctx.timers.clearTimeout(this.#retryTimer);
    this.#retryTimer = null;
  }
}
