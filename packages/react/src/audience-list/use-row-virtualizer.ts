import { useEffect, useMemo, useState, type RefObject } from 'react';

const DEFAULT_VIEWPORT = 480;

/** One rendered row: its index among all rows and its offset in the sizer. */
export interface VirtualRow {
  readonly index: number;
  readonly start: number;
}

export interface RowVirtualizer {
  /** the rows to render, in index order */
  readonly rows: readonly VirtualRow[];
  /** height of everything (the sizer's height) */
  readonly totalSize: number;
  /** scrolls the least needed to show row `index` whole */
  scrollToIndex(index: number): void;
}

interface Viewport {
  readonly top: number;
  readonly height: number;
}

/**
 * The list's virtualizer. Rows have one fixed height (they are never
 * measured), so a window is two divisions: no general-purpose virtualizer
 * needed (@tanstack/react-virtual was 10 KB min+gzip of the list's 20 KB
 * budget). `pinnedRow` is always rendered: the focusable row must stay
 * mounted when scrolled away.
 */
export function useRowVirtualizer(options: {
  count: number;
  scrollRef: RefObject<HTMLDivElement | null>;
  rowHeight: number;
  overscan: number;
  pinnedRow: number;
  height: number | string | undefined;
}): RowVirtualizer {
  const { count, scrollRef, rowHeight, overscan, pinnedRow, height } = options;
  // Before the first measurement (and where nothing lays out: SSR, jsdom).
  const fallback = typeof height === 'number' ? height : DEFAULT_VIEWPORT;
  const [viewport, setViewport] = useState<Viewport>({ top: 0, height: fallback });

  const read = useMemo(
    () => () => {
      const element = scrollRef.current;
      if (element === null) return;
      const top = element.scrollTop;
      const visible = element.clientHeight > 0 ? element.clientHeight : fallback;
      setViewport((prev) =>
        prev.top === top && prev.height === visible ? prev : { top, height: visible },
      );
    },
    [scrollRef, fallback],
  );

  useEffect(() => {
    const element = scrollRef.current;
    if (element === null) return;
    read();
    element.addEventListener('scroll', read, { passive: true });
    // The scroller is `hidden` until the list is ready, and its CSS height can change.
    const observer = typeof ResizeObserver === 'undefined' ? null : new ResizeObserver(read);
    observer?.observe(element);
    return () => {
      element.removeEventListener('scroll', read);
      observer?.disconnect();
    };
  }, [scrollRef, read]);

  const { top, height: visible } = viewport;
  const rows = useMemo(() => {
    const out: VirtualRow[] = [];
    if (count <= 0 || rowHeight <= 0) return out;
    const first = Math.max(0, Math.floor(top / rowHeight) - overscan);
    const last = Math.min(count - 1, Math.ceil((top + visible) / rowHeight) - 1 + overscan);
    const pinned = pinnedRow >= 0 && pinnedRow < count ? pinnedRow : -1;
    if (pinned !== -1 && pinned < first) out.push({ index: pinned, start: pinned * rowHeight });
    for (let index = first; index <= last; index++) out.push({ index, start: index * rowHeight });
    if (pinned > last) out.push({ index: pinned, start: pinned * rowHeight });
    return out;
  }, [count, rowHeight, overscan, pinnedRow, top, visible]);

  return useMemo(
    () => ({
      rows,
      totalSize: Math.max(0, count) * rowHeight,
      scrollToIndex(index: number) {
        const element = scrollRef.current;
        if (element === null) return;
        const start = index * rowHeight;
        const shown = element.clientHeight > 0 ? element.clientHeight : fallback;
        if (start < element.scrollTop) element.scrollTop = start;
        else if (start + rowHeight > element.scrollTop + shown)
          element.scrollTop = start + rowHeight - shown;
        // A scroll event follows in browsers; read now so the next render has the row.
        read();
      },
    }),
    [rows, count, rowHeight, scrollRef, fallback, read],
  );
}
