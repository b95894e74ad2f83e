import { useEffect, useState } from 'react';
import type { BenchEvent } from './events';

/** A row of the naive list. */
export interface NaiveMember {
  readonly userId: string;
  readonly name: string;
}

const initials = (name: string): string =>
  name
    .split(' ')
    .slice(0, 2)
    .map((w) => w[0] ?? '')
    .join('')
    .toUpperCase();

/**
 * The baseline: every member rendered, state in a `useState` array that is
 * copied on every presence event (what many presence UIs do).
 */
export function NaiveList({
  initial,
  subscribe,
}: {
  initial: readonly NaiveMember[];
  subscribe: (apply: (event: BenchEvent) => void) => void;
}) {
  const [members, setMembers] = useState(initial);
  useEffect(() => {
    subscribe((event) =>
      setMembers((prev) => {
        const next = prev.slice();
        if (event.type === 'join') next.push({ userId: event.userId, name: event.name });
        else {
          const at = next.findIndex((m) => m.userId === event.userId);
          if (at < 0) return prev;
          if (event.type === 'leave') next.splice(at, 1);
          else next[at] = { userId: event.userId, name: event.name };
        }
        return next;
      }),
    );
  }, [subscribe]);
  return (
    <section aria-label="Audience" className="naive">
      <p>{members.length} watching</p>
      <ul>
        {members.map((m) => (
          <li key={m.userId}>
            <span className="avatar" aria-hidden="true">
              {initials(m.name)}
            </span>
            <span>{m.name}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}
