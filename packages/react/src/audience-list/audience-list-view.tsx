import { useDeferredValue, useMemo, type CSSProperties } from 'react';
import type {
  ConnectionStatus,
  Member,
  MemberState,
  Occupancy,
  Staleness,
} from '@audience-presence/core';
import type { AudienceListRenderItem } from './audience-list-item';
import { AudienceListHeader } from './audience-list-header';
import { AudienceListNotices } from './audience-list-notices';
import { AudienceListRows } from './audience-list-rows';
import { deriveAudienceListState } from './audience-list-state';
import { partClass, type AudienceListClassNames } from './class-names';
import { DEFAULT_AVATAR_KEY, DEFAULT_NAME_KEY } from './display';
import { defaultAudienceListLabels, type AudienceListLabels } from './labels';
import type { AudienceListSort } from './member-sorter';
import { createRowLayout } from './row-layout';
import { useAudienceListModel } from './use-audience-list-model';
import { useControllable } from './use-controllable';
import { useFrameCoalesced } from './use-frame-coalesced';
import { useListNavigation } from './use-list-navigation';
import { useRovingFocus } from './use-roving-focus';
import { useRowVirtualizer } from './use-row-virtualizer';
import { useThrottledAnnouncement } from './use-throttled-announcement';

/** Props of {@link AudienceListView} (and of `AudienceList` when given `members`). */
export interface AudienceListViewProps<S extends MemberState = MemberState> {
  /** The members to list (unique userIds); split by `role` unless `hosts` is given. */
  members: readonly Member<S>[];
  /** The hosts, already apart (core's `selectHosts`); `members` is then the audience as is. */
  hosts?: readonly Member<S>[] | null;
  /** Agora's `totalOccupancy` (or a plain number): the audience count shown is this minus the hosts. */
  occupancy?: Occupancy | number | null;
  /** Overrides the audience count (e.g. core's `selectCounts(state).audience`, without the local user). */
  audienceCount?: number | null;
  /** Connection status of the presence source; drives loading, stale and failed states. */
  status?: ConnectionStatus;
  /** Before the first snapshot. Default: no members while `idle` or `connecting`. */
  loading?: boolean;
  /** Dims the list and shows a reconnecting notice. Default: `status === 'reconnecting'`. */
  stale?: boolean | Staleness;
  /** Shows the failed state with this message. `status === 'failed'` does too. */
  error?: { readonly message: string } | null;
  /** Shows a retry button in the failed state. */
  onRetry?: () => void;
  /** State key of the display name. Default `'name'`. */
  nameKey?: string;
  /** State key of the avatar URL. Default `'avatar'`. */
  avatarKey?: string;
  /** Controlled sort order. */
  sort?: AudienceListSort;
  /** Initial sort order when uncontrolled. Default `'join-time'`. */
  defaultSort?: AudienceListSort;
  /** Called with the order the user picks (controlled or not). */
  onSortChange?: (sort: AudienceListSort) => void;
  /** Controlled search text. */
  query?: string;
  /** Initial search text when uncontrolled. */
  defaultQuery?: string;
  /** Called with the search text on every keystroke (controlled or not). */
  onQueryChange?: (query: string) => void;
  /** Show the search box. Default `true`. */
  searchable?: boolean;
  /** Show the sort menu. Default `true`. */
  sortable?: boolean;
  /** Custom row content (inside the row's `listitem`, which keeps the a11y attributes). */
  renderItem?: AudienceListRenderItem<S>;
  /** Height of every row in px (rows are not measured, so keep content within it). Default 48. */
  rowHeight?: number;
  /** Height of the widget (px or any CSS length). Default: `--ap-list-height` (480px). */
  height?: number | string;
  /** Rows rendered beyond the viewport on each side. Default 6. */
  overscan?: number;
  /** `auto` follows `prefers-color-scheme`. Default `auto`. */
  theme?: 'light' | 'dark' | 'auto';
  /** Extra class names on the root, after `ap-audience-list`. */
  className?: string;
  /** Extra class names per part (`audienceListClass` names the built-in ones). */
  classNames?: AudienceListClassNames;
  /** Inline style of the root (merged after the `--ap-list-height` that `height` sets). */
  style?: CSSProperties;
  /** Texts to replace, merged over {@link defaultAudienceListLabels}. */
  labels?: Partial<AudienceListLabels>;
  /** Locale for numbers ("48,210"). Default: the browser's. */
  locale?: string;
  /** Count changes are announced to screen readers at most this often. Default 5000 ms. */
  announceIntervalMs?: number;
  /**
   * Apply new `members` / `hosts` / counts at most once per animation frame
   * (the latest wins), so thousands of presence events per second cost one
   * list update per frame. Default `true`.
   */
  coalesce?: boolean;
}

const DEFAULT_ROW_HEIGHT = 48;

/**
 * The presentational audience list: everything comes in as props. Virtualized
 * (a few dozen rows in the DOM at 100,000 members), sectioned into hosts and
 * audience, searchable, sortable, keyboard-navigable and screen-reader friendly.
 *
 * This component wires the parts: the list model (`useAudienceListModel`),
 * its state (`deriveAudienceListState`), roving focus (`useRovingFocus`),
 * virtualization (`useRowVirtualizer`), and the header, notices and rows.
 */
export function AudienceListView<S extends MemberState = MemberState>(
  props: AudienceListViewProps<S>,
) {
  const {
    error,
    onRetry,
    nameKey = DEFAULT_NAME_KEY,
    avatarKey = DEFAULT_AVATAR_KEY,
    searchable = true,
    sortable = true,
    renderItem,
    rowHeight = DEFAULT_ROW_HEIGHT,
    height,
    overscan = 6,
    theme = 'auto',
    className,
    classNames,
    style,
    locale,
    announceIntervalMs = 5000,
    coalesce = true,
  } = props;
  const { members, hosts, occupancy, audienceCount } = useFrameCoalesced(
    {
      members: props.members,
      hosts: props.hosts,
      occupancy: props.occupancy,
      audienceCount: props.audienceCount,
    },
    coalesce,
  );
  const labels = useMemo(() => ({ ...defaultAudienceListLabels, ...props.labels }), [props.labels]);
  const [sort, setSort] = useControllable(
    props.sort,
    props.defaultSort ?? 'join-time',
    props.onSortChange,
  );
  const [query, setQuery] = useControllable(
    props.query,
    props.defaultQuery ?? '',
    props.onQueryChange,
  );
  // Typing stays responsive while a 100k-member filter runs at lower priority.
  const deferredQuery = useDeferredValue(query);

  const model = useAudienceListModel({
    members,
    hosts,
    occupancy,
    audienceCount,
    sort,
    query: deferredQuery,
    nameKey,
  });
  const layout = useMemo(() => createRowLayout(model), [model]);
  const numbers = useMemo(() => new Intl.NumberFormat(locale), [locale]);
  const hostsText = labels.hosts(model.hostCount, numbers.format(model.hostCount));
  const watchingText = labels.watching(model.audienceCount, numbers.format(model.audienceCount));
  const { view, stale } = deriveAudienceListState(props, model);

  // One polite region: search results while searching, otherwise the counts.
  const announcement = useThrottledAnnouncement(
    view !== 'ready'
      ? ''
      : model.query !== ''
        ? model.matchCount === 0
          ? labels.noMatches(model.query)
          : labels.matches(model.matchCount, numbers.format(model.matchCount))
        : labels.announce(model.hostCount > 0 ? hostsText : null, watchingText),
    announceIntervalMs,
  );

  const { activeIndex, pinnedRow, scrollRef, activate, onFocus, onBlur, rowRef } =
    useRovingFocus(layout);
  const virtualizer = useRowVirtualizer({
    count: view === 'ready' ? layout.count : 0,
    scrollRef,
    rowHeight,
    overscan,
    pinnedRow,
    height,
  });
  const moveTo = useMemo(
    () => (memberIndex: number) => {
      const member = layout.memberAt(memberIndex);
      if (member === undefined) return;
      activate(member.userId, memberIndex, true);
      virtualizer.scrollToIndex(layout.rowIndexOfMember(memberIndex));
    },
    [layout, virtualizer, activate],
  );
  const onKeyDown = useListNavigation(layout, model.displayName, activeIndex, moveTo);
  const onActivate = useMemo(
    () => (userId: string, memberIndex: number) => activate(userId, memberIndex, false),
    [activate],
  );

  const rootStyle = {
    ...(height === undefined
      ? null
      : { '--ap-list-height': typeof height === 'number' ? `${height}px` : height }),
    ...style,
  } as CSSProperties;

  return (
    <section
      aria-label={labels.region}
      aria-busy={view === 'loading'}
      className={[partClass('root', classNames), className].filter(Boolean).join(' ')}
      data-theme={theme === 'auto' ? undefined : theme}
      data-state={view}
      data-stale={stale ? '' : undefined}
      style={rootStyle}
    >
      <AudienceListHeader
        summary={
          view !== 'ready'
            ? null
            : model.hostCount > 0
              ? `${hostsText} · ${watchingText}`
              : watchingText
        }
        searchable={searchable}
        sortable={sortable}
        query={query}
        onQueryChange={setQuery}
        sort={sort}
        onSortChange={setSort}
        labels={labels}
        classNames={classNames}
      />
      <AudienceListNotices
        view={view}
        stale={stale}
        error={error}
        onRetry={onRetry}
        query={model.query}
        matchCount={model.matchCount}
        labels={labels}
        classNames={classNames}
      />
      <div
        ref={scrollRef}
        className={partClass('scroller', classNames)}
        hidden={view !== 'ready'}
        onKeyDown={onKeyDown}
        onFocus={onFocus}
        onBlur={onBlur}
      >
        <div className="ap-audience-list__sizer" style={{ height: virtualizer.totalSize }}>
          {view === 'ready' ? (
            <AudienceListRows
              items={virtualizer.rows}
              layout={layout}
              model={model}
              rowHeight={rowHeight}
              activeIndex={activeIndex}
              stale={stale}
              avatarKey={avatarKey}
              hostsText={hostsText}
              watchingText={watchingText}
              hostLabel={labels.host}
              renderItem={renderItem}
              classNames={classNames}
              rowRef={rowRef}
              onActivate={onActivate}
            />
          ) : null}
        </div>
      </div>

      <div role="status" aria-live="polite" aria-atomic="true" className="ap-visually-hidden">
        {announcement}
      </div>
    </section>
  );
}
