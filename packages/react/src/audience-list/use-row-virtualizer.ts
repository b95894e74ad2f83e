import { useCallback, type RefObject } from 'react';
import { useIsomorphicLayoutEffect } from './use-isomorphic-layout-effect';
import { defaultRangeExtractor, useVirtualizer, type Range } from '@tanstack/react-virtual';

const DEFAULT_VIEWPORT = 480;

/**
 * The list's virtualizer: fixed-height rows, `pinnedRow` always rendered
 * (the focusable row must stay mounted when scrolled away).
 */
export function useRowVirtualizer(options: {
  count: number;
  scrollRef: RefObject<HTMLDivElement | null>;
  rowHeight: number;
  overscan: number;
  pinnedRow: number;
  height: number | string | undefined;
}) {
  const { count, scrollRef, rowHeight, overscan, pinnedRow, height } = options;
  const rangeExtractor = useCallback(
    (range: Range) => {
      const rows = defaultRangeExtractor(range);
      if (pinnedRow >= 0 && pinnedRow < range.count && !rows.includes(pinnedRow)) {
        rows.push(pinnedRow);
        rows.sort((a, b) => a - b);
      }
      return rows;
    },
    [pinnedRow],
  );
  const estimateSize = useCallback(() => rowHeight, [rowHeight]);
  // The virtualizer is a mutable instance by design; the list does its own memoisation.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count,
    getScrollElement: () => scrollRef.current,
    estimateSize,
    overscan,
    rangeExtractor,
    initialRect: { width: 0, height: typeof height === 'number' ? height : DEFAULT_VIEWPORT },
  });
  useIsomorphicLayoutEffect(() => {
    virtualizer.measure();
  }, [virtualizer, rowHeight]);
  return virtualizer;
}
