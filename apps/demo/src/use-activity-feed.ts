import type { LeaveReason, Member, PresenceChange } from '@audience-presence/core';
import { usePresenceListener, usePresenceStore } from '@audience-presence/react';
import { useEffect, useRef, useState } from 'react';

/** One line of the activity feed. */
export interface FeedEntry {
  readonly id: number;
  readonly kind: 'join' | 'leave' | 'timeout' | 'role' | 'hand' | 'summary';
  readonly text: string;
}

/** Lines kept on screen. */
export const FEED_LIMIT = 60;
/** Lines shown per burst (an INTERVAL event can carry thousands of joins); the rest are summarised. */
export const FEED_BURST_LINES = 12;
const FLUSH_MS = 100;

/** the member's name now: a joiner's state follows its join (agora-notes.md §1b, "REMOTE_JOIN carries `stateChanged: {}`") */
type NameOf = (member: Member) => string;

const LEAVE_TEXT: Record<LeaveReason, string> = {
  left: 'left',
  'timed-out': 'timed out',
  'missing-from-snapshot': 'left while you were offline',
  kicked: 'was removed',
  'channel-closed': 'left (channel closed)',
};

function describe(change: PresenceChange, nameOf: NameOf): Omit<FeedEntry, 'id'> | null {
  switch (change.type) {
    case 'join':
      return { kind: 'join', text: `${nameOf(change.member)} joined` };
    case 'leave':
      return {
        kind: change.reason === 'timed-out' ? 'timeout' : 'leave',
        text: `${nameOf(change.member)} ${LEAVE_TEXT[change.reason]}`,
      };
    case 'role':
      // from 'unknown': a joiner's state arriving after its join, not a role change
      if (change.member.role === 'unknown' || change.previous === 'unknown') return null;
      return {
        kind: 'role',
        text:
          change.member.role === 'host'
            ? `${nameOf(change.member)} went on stage`
            : `${nameOf(change.member)} joined the audience`,
      };
    case 'state': {
      const before = change.previous.state['hand'] === 'up';
      const after = change.member.state['hand'] === 'up';
      if (before === after) return null;
      return {
        kind: 'hand',
        text: `${nameOf(change.member)} ${after ? 'raised' : 'lowered'} a hand`,
      };
    }
    default:
      return null;
  }
}

function summarise(skipped: readonly Omit<FeedEntry, 'id'>[], format: Intl.NumberFormat): string {
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
  // described when the batch is shown, so a joiner's name that followed its join is used
  const pending = useRef<PresenceChange[]>([]);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const nextId = useRef(0);

  usePresenceListener(
    (change) => {
      pending.current.push(change);
      timer.current ??= setTimeout(() => {
        timer.current = undefined;
        const members = store.getState().members;
        const nameOf: NameOf = (member) =>
          (members.get(member.userId) ?? member).state['name'] ??
          member.state['name'] ??
          member.userId;
        const batch = pending.current
          .map((c) => describe(c, nameOf))
          .filter((e): e is Omit<FeedEntry, 'id'> => e !== null);
        pending.current = [];
        if (batch.length === 0) return;
        const shown = batch.slice(-FEED_BURST_LINES);
        const lines: FeedEntry[] = shown.map((e) => ({ ...e, id: nextId.current++ }));
        if (batch.length > shown.length) {
          const skipped = batch.slice(0, batch.length - shown.length);
          lines.unshift({
            kind: 'summary',
            id: nextId.current++,
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
