import type { Member } from '@audience-presence/core';
import {
  AudienceList,
  AudienceListItem,
  useAudiencePresence,
  type AudienceListItemInfo,
} from '@audience-presence/react';
import { useCallback, useMemo } from 'react';

/** AudienceList fed by `useAudiencePresence`: hosts first, then the audience in join order. */
export function PresenceList({ selfId, onRetry }: { selfId: string; onRetry: () => void }) {
  const { hosts, audience, count, occupancy, status, stale, error, synced } = useAudiencePresence();
  const members = useMemo(
    () => (hosts.length === 0 ? audience : [...hosts, ...audience]),
    [hosts, audience],
  );
  const renderItem = useCallback(
    (member: Member, info: AudienceListItemInfo) => (
      <>
        <AudienceListItem member={member} info={info} hostLabel="Host" />
        {member.userId === selfId ? <span className="you">you</span> : null}
        {member.state['hand'] === 'up' ? <span className="hand">hand raised</span> : null}
      </>
    ),
    [selfId],
  );
  return (
    <AudienceList
      members={members}
      occupancy={occupancy}
      audienceCount={count}
      status={status}
      loading={!synced && status !== 'failed'}
      stale={stale}
      error={error}
      onRetry={onRetry}
      height={440}
      locale="en-US"
      renderItem={renderItem}
    />
  );
}
