import type { Member } from '@audience-presence/core';
import {
  AudienceList,
  AudienceListItem,
  type AudienceListItemInfo,
} from '@audience-presence/react';
import { useCallback } from 'react';

/**
 * The provider's AudienceList (hosts first, then the audience in join order),
 * with a "you" and a raised-hand tag. Loading, stale and failed come from
 * AudienceList itself, so a background resync error does not show "failed".
 * Its height comes from the column (styles.css `.list-column`).
 */
export function PresenceList({ selfId, onRetry }: { selfId: string; onRetry: () => void }) {
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
  return <AudienceList onRetry={onRetry} locale="en-US" renderItem={renderItem} />;
}
