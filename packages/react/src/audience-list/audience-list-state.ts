import type { ConnectionStatus, Staleness } from '@audience-presence/core';

/** What the list shows: the failed notice, the skeleton, the empty notice, or the rows. */
export type AudienceListViewState = 'failed' | 'loading' | 'empty' | 'ready';

/** The status props of `AudienceListView` (all optional, as a caller gives them). */
export interface AudienceListStatusProps {
  /** the presence connection status; `failed` shows the failed state, `reconnecting` marks the list stale by default */
  readonly status?: ConnectionStatus | undefined;
  /** show the skeleton; default: nothing loaded while `idle` or `connecting` */
  readonly loading?: boolean | undefined;
  /** dim the list with the stale notice (a `Staleness` is read by its `stale`); default: `status === 'reconnecting'` */
  readonly stale?: boolean | Staleness | undefined;
  /** an error to show in the failed state (its `message` follows `labels.failed`); null or omitted: none */
  readonly error?: { readonly message: string } | null | undefined;
}

/** What a presence store says about its list (the fields `useAudiencePresence` returns). */
export interface PresenceListStatus {
  /** the presence source's connection status */
  readonly status: ConnectionStatus;
  /** whether a full list (snapshot or resync) arrived since the last reset; the list is loading until then */
  readonly synced: boolean;
  /** whether the list is kept but may be out of date (reconnecting) */
  readonly stale: boolean;
  /** store-clock ms when the list became stale; null while fresh */
  readonly staleSince: number | null;
  /** the store's last error; shown only when `status` is `failed` */
  readonly error: { readonly message: string } | null;
}

/**
 * The status props for a list fed by a presence store. Explicit props win.
 * Loading until the first full list (unless the connection failed); the list
 * shows the store's error only when the connection failed: a background error
 * (a failed resync) does not hide a working list.
 */
export function presenceListStatus(
  presence: PresenceListStatus,
  props: AudienceListStatusProps = {},
): AudienceListStatusProps {
  const status = props.status ?? presence.status;
  return {
    status,
    loading: props.loading ?? (!presence.synced && status !== 'failed'),
    stale: props.stale ?? { stale: presence.stale, since: presence.staleSince },
    error: props.error ?? (status === 'failed' ? presence.error : null),
  };
}

/** What the list has to show, as counted by the list model. */
export interface AudienceListContent {
  /** members and hosts passed in, before search */
  readonly loadedCount: number;
  /** the audience count shown (may exceed the rows loaded) */
  readonly audienceCount: number;
}

/**
 * The one place the list's state is decided from its props: failed (an error,
 * or `status === 'failed'`), loading (`loading`, default: nothing loaded while
 * `idle` or `connecting`), empty, or ready; and whether it is stale
 * (`stale`, default: `status === 'reconnecting'`).
 */
export function deriveAudienceListState(
  props: AudienceListStatusProps,
  content: AudienceListContent,
): { readonly view: AudienceListViewState; readonly stale: boolean } {
  const { status, error } = props;
  const stale =
    typeof props.stale === 'object' && props.stale !== null
      ? props.stale.stale
      : (props.stale ?? status === 'reconnecting');
  const loading =
    props.loading ?? (content.loadedCount === 0 && (status === 'idle' || status === 'connecting'));
  const view: AudienceListViewState =
    error != null || status === 'failed'
      ? 'failed'
      : loading
        ? 'loading'
        : content.loadedCount === 0 && content.audienceCount === 0
          ? 'empty'
          : 'ready';
  return { view, stale };
}
