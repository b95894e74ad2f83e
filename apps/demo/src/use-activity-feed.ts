import type { LeaveReason, Member, PresenceChange } from '@audience-presence/core';
import { usePresenceListener, usePresenceStore } from '@audience-presence/react';
import { useEffect, useRef, useState } from 'react';

/** One line of the activity feed: "<who> <text>", or a summary's `text` alone. */
export interface FeedEntry {
  readonly id: number;
  readonly kind: 'join' | 'leave' | 'timeout' | 'role' | 'hand' | 'summary';
  /**
   * whom the line is about (null for a summary). The line shows their current
   * name: a joiner's name can arrive after the join (below).
   */
  readonly userId: string | null;
  /** their name when the change happened (their userId if none was known yet) */
  readonly name: string;
  readonly text: string;
}

/** Lines kept on screen. */
export const FEED_LIMIT = 60;
/** Lines shown per burst (an INTERVAL event can carry thousands of joins); the rest are summarised. */
export const FEED_BURST_LINES = 12;
const FLUSH_MS = 100;

const nameOf = (member: Member): string => member.state['name'] ?? member.userId;

const LEAVE_TEXT: Record<LeaveReason, string> = {
  left: 'left',
  'timed-out': 'timed out',
  'missing-from-snapshot': 'left while you were offline',
  kicked: 'was removed',
  'channel-closed': 'left (channel closed)',
};

type Line = Omit<FeedEntry, 'id'>;

const line = (kind: Line['kind'], member: Member, text: string): Line => ({
  kind,
  userId: member.userId,
  name: nameOf(member),
  text,
});

function describe(change: PresenceChange): Line | null {
  switch (change.type) {
    case 'join':
      return line('join', change.member, 'joined');
    case 'leave':
      return line(
        change.reason === 'timed-out' ? 'timeout' : 'leave',
        change.member,
        LEAVE_TEXT[change.reason],
      );
    case 'role':
      // A REMOTE_JOIN carries no state; the joiner's role (and name) follow in
      // a later event (docs/agora-behaviour.md §1b): that is still their join, not a move.
      if (change.member.role === 'unknown' || change.previous === 'unknown') return null;
      return line(
        'role',
        change.member,
        change.member.role === 'host' ? 'went on stage' : 'joined the audience',
      );
    case 'state': {
      const before = change.previous.state['hand'] === 'up';
      const after = change.member.state['hand'] === 'up';
      if (before === after) return null;
      return line('hand', change.member, `${after ? 'raised' : 'lowered'} a hand`);
    }
    default:
      return null;
  }
}

function summarise(skipped: readonly Line[], format: Intl.NumberFormat): string {
  const counts = new Map<FeedEntry['kind'], number>();
  for (const entry of skipped) counts.set(entry.kind, (counts.get(entry.kind) ?? 0) + 1);
  const words: Partial<Record<FeedEntry['kind'], string>> = {
    join: 'joined',
    leave: 'left',
    timeout: 'timed out',
    role: 'changed role',
    hand: 'raised or lowered a hand',
  };
  const parts = [...counts].map(([kind, n]) => `${format.format(n)} more ${words[kind] ?? kind}`);
  return `…and ${parts.join(', ')}`;
}

/**
 * The activity feed ("Ana joined", "Bo left", "Cy timed out"), newest first.
 * Changes are gathered for a moment and added in one render; a big burst
 * (interval mode delivers a whole interval at once) shows its last lines and
 * one summary line, so 10,000 joins cost one short update.
 */
export function useActivityFeed(): readonly FeedEntry[] {
  const [entries, setEntries] = useState<readonly FeedEntry[]>([]);
  const store = usePresenceStore();
  const pending = useRef<Line[]>([]);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const nextId = useRef(0);

  usePresenceListener(
    (change) => {
      const entry = describe(change);
      if (entry === null) return;
      pending.current.push(entry);
      timer.current ??= setTimeout(() => {
        timer.current = undefined;
        const batch = pending.current;
        pending.current = [];
        const shown = batch.slice(-FEED_BURST_LINES);
        // the name known by now (it may have followed the join), kept for after they leave
        const members = store.getState().members;
        const lines: FeedEntry[] = shown.map((e) => ({
          ...e,
          name: (e.userId === null ? undefined : members.get(e.userId)?.state['name']) ?? e.name,
          id: nextId.current++,
        }));
        if (batch.length > shown.length) {
          const skipped = batch.slice(0, batch.length - shown.length);
          lines.unshift({
            kind: 'summary',
            id: nextId.current++,
            userId: null,
            name: '',
            text: summarise(skipped, new Intl.NumberFormat('en-US')),
          });
        }
        lines.reverse();
        setEntries((old) => [...lines, ...old].slice(0, FEED_LIMIT));
      }, FLUSH_MS);
    },
    { types: ['join', 'leave', 'state', 'role'] },
  );

  useEffect(() => () => clearTimeout(timer.current), []);
  return entries;
}
