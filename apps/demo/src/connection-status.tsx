import { selectOccupancy } from '@audience-presence/core';
import { useAudiencePresence, usePresenceStatus, type DualChannel } from '@audience-presence/react';

const JOIN_TEXT: Record<DualChannel['status'], string> = {
  idle: 'Not joined',
  joining: 'Joining…',
  joined: 'Connected',
  reconnecting: 'Reconnecting…',
  leaving: 'Leaving…',
  left: 'Left',
  failed: 'Failed',
};

/**
 * The connection line: the join status (RTC + RTM), the presence list's
 * freshness, and whether Agora batches presence into INTERVAL events.
 */
export function ConnectionStatus({
  dual,
  intervalSeconds,
}: {
  dual: DualChannel;
  intervalSeconds: number | null;
}) {
  const { status, stale } = usePresenceStatus();
  const occupancy = useAudiencePresence(selectOccupancy);
  // a failed join keeps nothing worth calling stale: the error panel says what happened
  const showStale = stale && dual.status !== 'failed';
  const text = dual.status === 'joined' && stale ? 'Reconnecting…' : JOIN_TEXT[dual.status];
  const tone =
    dual.status === 'failed' ? 'bad' : dual.status === 'joined' && !stale ? 'good' : 'busy';
  return (
    <p
      className="status"
      data-testid="connection-status"
      data-status={dual.status}
      data-presence={status}
    >
      <span className={`dot dot-${tone}`} aria-hidden="true" />
      <span>{text}</span>
      {showStale ? (
        <span className="pill pill-warn" data-testid="stale-notice">
          Offline: the list may be out of date
        </span>
      ) : null}
      {occupancy.source === 'interval' ? (
        <span className="pill" data-testid="interval-mode">
          Interval mode{intervalSeconds === null ? '' : `: updates every ${intervalSeconds} s`}
        </span>
      ) : null}
    </p>
  );
}
