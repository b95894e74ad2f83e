import {
  useCallback,
  useDeferredValue,
  useId,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
  type CSSProperties,
  type FocusEvent,
  type ReactNode,
} from 'react';
import { defaultRangeExtractor, useVirtualizer, type Range } from '@tanstack/react-virtual';
import type {
  ConnectionStatus,
  Member,
  MemberState,
  Occupancy,
  Staleness,
} from '@audience-presence/core';
import { AudienceListItem, type AudienceListRenderItem } from './audience-list-item';
import { deriveAudienceListState } from './audience-list-state';
import { partClass, type AudienceListClassNames } from './class-names';
import { DEFAULT_AVATAR_KEY, DEFAULT_NAME_KEY, getAvatarUrl } from './display';
import { defaultAudienceListLabels, type AudienceListLabels } from './labels';
import type { AudienceListSort } from './member-sorter';
import { createRowLayout } from './row-layout';
import { useAudienceListModel } from './use-audience-list-model';
import { useControllable } from './use-controllable';
import { useFrameCoalesced } from './use-frame-coalesced';
import { useListNavigation } from './use-list-navigation';
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
  onSortChange?: (sort: AudienceListSort) => void;
  /** Controlled search text. */
  query?: string;
  /** Initial search text when uncontrolled. */
  defaultQuery?: string;
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
  className?: string;
  classNames?: AudienceListClassNames;
  style?: CSSProperties;
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
const DEFAULT_VIEWPORT = 480;

/**
 * The presentational audience list: everything comes in as props. Virtualized
 * (a few dozen rows in the DOM at 100,000 members), sectioned into hosts and
 * audience, searchable, sortable, keyboard-navigable and screen-reader friendly.
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

  // --- active (roving focus) member: kept by userId so it survives reordering ---
  const [active, setActive] = useState<{ id: string; index: number } | null>(null);
  const activeIndex = useMemo(() => {
    if (layout.memberCount === 0) return -1;
    if (active === null) return 0;
    const found = layout.memberIndexOf(active.id);
    // The member left: the focus moves to whoever now holds its place.
    return found >= 0 ? found : Math.min(active.index, layout.memberCount - 1);
  }, [layout, active]);
  const activeMember = activeIndex >= 0 ? layout.memberAt(activeIndex) : undefined;
  const pinnedRow = activeIndex >= 0 ? layout.rowIndexOfMember(activeIndex) : -1;

  const scrollRef = useRef<HTMLDivElement>(null);
  const rowEls = useRef(new Map<string, HTMLElement>());
  const focusWithin = useRef(false);
  const pendingFocus = useRef(false);

  const rangeExtractor = useCallback(
    (range: Range) => {
      const rows = defaultRangeExtractor(range);
      // The focusable row always stays mounted, so focus never drops to <body>.
      if (pinnedRow >= 0 && pinnedRow < range.count && !rows.includes(pinnedRow)) {
        rows.push(pinnedRow);
        rows.sort((a, b) => a - b);
      }
      return rows;
    },
    [pinnedRow],
  );
  const estimateSize = useCallback(() => rowHeight, [rowHeight]);
  // The virtualizer is a mutable instance by design; this component does its own memoisation.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: view === 'ready' ? layout.count : 0,
    getScrollElement: () => scrollRef.current,
    estimateSize,
    overscan,
    rangeExtractor,
    initialRect: { width: 0, height: typeof height === 'number' ? height : DEFAULT_VIEWPORT },
  });
  useLayoutEffect(() => {
    virtualizer.measure();
  }, [virtualizer, rowHeight]);

  const moveTo = useCallback(
    (memberIndex: number) => {
      const member = layout.memberAt(memberIndex);
      if (member === undefined) return;
      pendingFocus.current = true;
      setActive({ id: member.userId, index: memberIndex });
      virtualizer.scrollToIndex(layout.rowIndexOfMember(memberIndex), { align: 'auto' });
    },
    [layout, virtualizer],
  );
  const onKeyDown = useListNavigation(layout, model.displayName, activeIndex, moveTo);

  // After every commit: focus the active row if a key moved it, or if the
  // focused row was unmounted (its member changed section or left).
  useLayoutEffect(() => {
    const scroller = scrollRef.current;
    if (scroller === null || activeMember === undefined) return;
    const lost = focusWithin.current && !scroller.contains(document.activeElement);
    if (!pendingFocus.current && !lost) return;
    const el = rowEls.current.get(activeMember.userId);
    if (el !== undefined && document.activeElement !== el) el.focus({ preventScroll: true });
    pendingFocus.current = false;
  });

  const onFocus = useCallback(
    (event: FocusEvent<HTMLElement>) => {
      focusWithin.current = true;
      const id = event.target.dataset['userId'];
      if (id !== undefined && id !== active?.id) {
        const index = layout.memberIndexOf(id);
        if (index >= 0) setActive({ id, index });
      }
    },
    [active, layout],
  );
  const onBlur = useCallback((event: FocusEvent<HTMLElement>) => {
    const scroller = scrollRef.current;
    const to = event.relatedTarget;
    if (to instanceof Node && scroller?.contains(to)) return;
    if (to !== null) {
      focusWithin.current = false;
      return;
    }
    // No new target: either the user clicked away, or React removed the
    // focused row. Only the second should pull focus back.
    const from = event.target;
    queueMicrotask(() => {
      if (from.isConnected) focusWithin.current = false;
    });
  }, []);

  const searchId = useId();
  const sortId = useId();
  const rootStyle = {
    ...(height === undefined
      ? null
      : { '--ap-list-height': typeof height === 'number' ? `${height}px` : height }),
    ...style,
  } as CSSProperties;

  const renderRows = (): ReactNode => {
    const hostRows: ReactNode[] = [];
    const audienceRows: ReactNode[] = [];
    const headings: ReactNode[] = [];
    for (const item of virtualizer.getVirtualItems()) {
      const row = layout.rowAt(item.index);
      if (row === undefined) continue;
      const position: CSSProperties = {
        transform: `translateY(${item.start}px)`,
        height: rowHeight,
      };
      if (row.type === 'heading') {
        headings.push(
          // Decorative: each list carries the same words as its accessible name.
          <div
            key={`heading-${row.section}`}
            className={partClass('heading', classNames)}
            style={position}
            aria-hidden="true"
          >
            {row.section === 'hosts' ? hostsText : watchingText}
          </div>,
        );
        continue;
      }
      const { member } = row;
      const section = row.section === 'hosts' ? model.sections[0] : model.sections[1];
      const isActive = row.memberIndex === activeIndex;
      const info = {
        displayName: model.displayName(member),
        avatarUrl: getAvatarUrl(member, avatarKey),
        section: row.section,
        index: row.index,
        active: isActive,
        stale,
      };
      const el = (
        <div
          key={member.userId}
          ref={(node) => {
            if (node) rowEls.current.set(member.userId, node);
            else if (rowEls.current.get(member.userId)?.isConnected !== true)
              rowEls.current.delete(member.userId);
          }}
          role="listitem"
          aria-setsize={section.members.length}
          aria-posinset={row.index + 1}
          tabIndex={isActive ? 0 : -1}
          data-user-id={member.userId}
          data-role={member.role}
          className={partClass('row', classNames, isActive ? 'active' : undefined)}
          style={position}
          onClick={() => setActive({ id: member.userId, index: row.memberIndex })}
        >
          {renderItem ? (
            renderItem(member, info)
          ) : (
            <AudienceListItem
              member={member}
              info={info}
              hostLabel={labels.host}
              classNames={classNames}
            />
          )}
        </div>
      );
      (row.section === 'hosts' ? hostRows : audienceRows).push(el);
    }
    return (
      <>
        {headings}
        {hostRows.length > 0 ? (
          <div
            role="list"
            aria-label={hostsText}
            className={partClass('list', classNames, 'hosts')}
          >
            {hostRows}
          </div>
        ) : null}
        {audienceRows.length > 0 ? (
          <div
            role="list"
            aria-label={watchingText}
            className={partClass('list', classNames, 'audience')}
          >
            {audienceRows}
          </div>
        ) : null}
      </>
    );
  };

  const showControls = view === 'ready' && (searchable || sortable);
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
      <div className={partClass('header', classNames)}>
        {view === 'ready' ? (
          <p className={partClass('summary', classNames)}>
            {model.hostCount > 0 ? `${hostsText} · ${watchingText}` : watchingText}
          </p>
        ) : null}
        {showControls ? (
          <div className={partClass('controls', classNames)}>
            {searchable ? (
              <>
                <label htmlFor={searchId} className="ap-visually-hidden">
                  {labels.search}
                </label>
                <input
                  id={searchId}
                  type="search"
                  className={partClass('search', classNames)}
                  placeholder={labels.search}
                  value={query}
                  autoComplete="off"
                  spellCheck={false}
                  onChange={(e) => setQuery(e.target.value)}
                />
              </>
            ) : null}
            {sortable ? (
              <>
                <label htmlFor={sortId} className="ap-visually-hidden">
                  {labels.sort}
                </label>
                <select
                  id={sortId}
                  className={partClass('sort', classNames)}
                  value={sort}
                  onChange={(e) => setSort(e.target.value === 'name' ? 'name' : 'join-time')}
                >
                  <option value="join-time">{labels.sortJoinTime}</option>
                  <option value="name">{labels.sortName}</option>
                </select>
              </>
            ) : null}
          </div>
        ) : null}
      </div>

      {stale && view === 'ready' ? (
        <p role="status" className={partClass('notice', classNames)}>
          {labels.stale}
        </p>
      ) : null}

      {view === 'failed' ? (
        <div role="alert" className={partClass('error', classNames)}>
          <p>
            <strong>{labels.failed}</strong> {error?.message ?? ''}
          </p>
          {onRetry ? (
            <button type="button" className={partClass('retry', classNames)} onClick={onRetry}>
              {labels.retry}
            </button>
          ) : null}
        </div>
      ) : null}

      {view === 'loading' ? (
        <div className={partClass('placeholder', classNames, 'loading')}>
          <p className="ap-visually-hidden">{labels.loading}</p>
          {[0, 1, 2, 3, 4].map((i) => (
            <div key={i} className="ap-audience-list__skeleton" aria-hidden="true" />
          ))}
        </div>
      ) : null}

      {view === 'empty' ? (
        <p className={partClass('placeholder', classNames, 'empty')}>{labels.empty}</p>
      ) : null}

      {view === 'ready' && model.query !== '' && model.matchCount === 0 ? (
        <p className={partClass('placeholder', classNames, 'no-matches')}>
          {labels.noMatches(model.query)}
        </p>
      ) : null}

      <div
        ref={scrollRef}
        className={partClass('scroller', classNames)}
        hidden={view !== 'ready'}
        onKeyDown={onKeyDown}
        onFocus={onFocus}
        onBlur={onBlur}
      >
        <div className="ap-audience-list__sizer" style={{ height: virtualizer.getTotalSize() }}>
          {view === 'ready' ? renderRows() : null}
        </div>
      </div>

      <div role="status" aria-live="polite" aria-atomic="true" className="ap-visually-hidden">
        {announcement}
      </div>
    </section>
  );
}
