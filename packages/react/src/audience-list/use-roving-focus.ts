import { useCallback, useMemo, useRef, useState, type FocusEvent } from 'react';
import { useIsomorphicLayoutEffect } from './use-isomorphic-layout-effect';
import type { MemberState } from '@audience-presence/core';
import type { RowLayout } from './row-layout';

/**
 * The list's one focusable row (roving tabindex), kept by userId so it
 * survives reordering; when its member leaves, focus moves to whoever now holds
 * its place. Returns the active member index, the row to keep mounted, the
 * focus handlers for the scroller and the row element registry.
 */
export function useRovingFocus<S extends MemberState>(layout: RowLayout<S>) {
  const [active, setActive] = useState<{ id: string; index: number } | null>(null);
  const activeIndex = useMemo(() => {
    if (layout.memberCount === 0) return -1;
    if (active === null) return 0;
    const found = layout.memberIndexOf(active.id);
    return found >= 0 ? found : Math.min(active.index, layout.memberCount - 1);
  }, [layout, active]);
  const activeMember = activeIndex >= 0 ? layout.memberAt(activeIndex) : undefined;
  /** the virtual row of the active member: it always stays mounted, so focus never drops to <body> */
  const pinnedRow = activeIndex >= 0 ? layout.rowIndexOfMember(activeIndex) : -1;

  const scrollRef = useRef<HTMLDivElement>(null);
  const rowEls = useRef(new Map<string, HTMLElement>());
  const focusWithin = useRef(false);
  const pendingFocus = useRef(false);

  /** makes a member the active one; `focus` also moves keyboard focus to it after the commit */
  const activate = useCallback((id: string, index: number, focus: boolean) => {
    if (focus) pendingFocus.current = true;
    setActive({ id, index });
  }, []);

  // After every commit: focus the active row if a key moved it, or if the
  // focused row was unmounted (its member changed section or left).
  useIsomorphicLayoutEffect(() => {
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

  /** ref callback for a member row: keeps the registry the focus effect reads */
  const rowRef = useCallback((userId: string, node: HTMLElement | null) => {
    if (node) rowEls.current.set(userId, node);
    else if (rowEls.current.get(userId)?.isConnected !== true) rowEls.current.delete(userId);
  }, []);

  return { activeIndex, pinnedRow, scrollRef, activate, onFocus, onBlur, rowRef };
}
