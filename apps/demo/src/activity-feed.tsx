import { useMember } from '@audience-presence/react';
import { useActivityFeed, type FeedEntry } from './use-activity-feed';

/** The activity feed panel: who joined, left, timed out, went on stage or raised a hand. */
export function ActivityFeed() {
  const entries = useActivityFeed();
  return (
    <section className="panel feed" aria-labelledby="feed-title">
      <h2 id="feed-title">Activity</h2>
      {entries.length === 0 ? (
        <p className="muted">Joins, leaves and timeouts show up here.</p>
      ) : (
        <ol className="feed-list" data-testid="activity-feed">
          {entries.map((entry) => (
            <FeedLine key={entry.id} entry={entry} />
          ))}
        </ol>
      )}
    </section>
  );
}

/**
 * One line, with the member's current name: a joiner's name arrives after
 * their REMOTE_JOIN (docs/agora-behaviour.md §1b), so "1678385259 joined" becomes
 * "Bo joined" once it is known. Someone who left keeps the name they had.
 */
function FeedLine({ entry }: { entry: FeedEntry }) {
  const member = useMember(entry.userId ?? '');
  if (entry.userId === null) return <li className="feed-summary">{entry.text}</li>;
  const name = member?.state['name'] ?? entry.name;
  return (
    <li className={`feed-${entry.kind}`}>
      {name} {entry.text}
    </li>
  );
}
