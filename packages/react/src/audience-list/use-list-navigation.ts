import { useCallback, useRef, type KeyboardEvent } from 'react';
import type { Member, MemberState } from '@audience-presence/core';
import { foldName } from './name-index';
import type { RowLayout } from './row-layout';

const TYPEAHEAD_RESET_MS = 600;
const PAGE = 10;

/** Where a key press moves the active member, or `null` if the key is not ours. */
export function nextIndexForKey(key: string, current: number, count: number): number | null {
  if (count === 0) return null;
  const last = count - 1;
  switch (key) {
    case 'ArrowDown':
      return Math.min(current + 1, last);
    case 'ArrowUp':
      return Math.max(current - 1, 0);
    case 'Home':
      return 0;
    case 'End':
      return last;
    case 'PageDown':
      return Math.min(current + PAGE, last);
    case 'PageUp':
      return Math.max(current - PAGE, 0);
    default:
      return null;
  }
}

/**
 * Type-ahead: the next member (after `from`, wrapping) whose display name
 * starts with `prefix`, case- and accent-insensitive; -1 if none.
 */
export function findByPrefix<S extends MemberState>(
  layout: RowLayout<S>,
  displayName: (member: Member<S>) => string,
  prefix: string,
  from: number,
): number {
  const needle = foldName(prefix);
  const n = layout.memberCount;
  for (let step = 0; step < n; step++) {
    const i = (from + step) % n;
    const member = layout.memberAt(i);
    if (member !== undefined && foldName(displayName(member)).startsWith(needle)) return i;
  }
  return -1;
}

/**
 * Keyboard handling for the rows (roving tabindex): arrows, Home/End,
 * PageUp/PageDown and type-ahead. Calls `moveTo(memberIndex)`; the component
 * scrolls and focuses.
 */
export function useListNavigation<S extends MemberState>(
  layout: RowLayout<S>,
  displayName: (member: Member<S>) => string,
  activeIndex: number,
  moveTo: (memberIndex: number) => void,
): (event: KeyboardEvent<HTMLElement>) => void {
  const typed = useRef({ text: '', at: 0 });
  return useCallback(
    (event: KeyboardEvent<HTMLElement>) => {
      // Keys typed into a custom row's own controls stay theirs.
      if (!(event.target instanceof HTMLElement) || !event.target.dataset['userId']) return;
      const current = Math.max(activeIndex, 0);
      const next = nextIndexForKey(event.key, current, layout.memberCount);
      if (next !== null) {
        event.preventDefault();
        moveTo(next);
        return;
      }
      const printable = event.key.length === 1 && !event.ctrlKey && !event.metaKey && !event.altKey;
      if (!printable || (event.key === ' ' && typed.current.text === '')) return;
      event.preventDefault();
      const now = Date.now();
      const state = typed.current;
      state.text = now - state.at > TYPEAHEAD_RESET_MS ? event.key : state.text + event.key;
      state.at = now;
      // A fresh single letter searches from the next row, so repeating it cycles.
      const from = state.text.length === 1 ? current + 1 : current;
      const found = findByPrefix(layout, displayName, state.text, from);
      if (found >= 0) moveTo(found);
    },
    [layout, displayName, activeIndex, moveTo],
  );
}
