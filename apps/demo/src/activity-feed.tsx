import { useActivityFeed } from './use-activity-feed';

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
            <li key={entry.id} className={`feed-${entry.kind}`}>
              {entry.text}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
