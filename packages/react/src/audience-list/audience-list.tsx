import type { Member, MemberState } from '@audience-presence/core';
import { useAudiencePresence } from '../use-audience-presence';
import { presenceListStatus } from './audience-list-state';
import { AudienceListView, type AudienceListViewProps } from './audience-list-view';

/**
 * Props of {@link AudienceList}: those of {@link AudienceListView}, with
 * `members` optional. Without `members` the list reads the surrounding
 * `AudiencePresenceProvider`.
 */
export type AudienceListProps<S extends MemberState = MemberState> = Omit<
  AudienceListViewProps<S>,
  'members'
> & {
  /** Your own member list. Omit it to read the surrounding `AudiencePresenceProvider`. */
  members?: readonly Member<S>[];
};

/**
 * Who is watching: hosts and audience, virtualized for 100,000 members.
 *
 * Zero configuration inside an `AudiencePresenceProvider` (`<AudienceList />`
 * reads `useAudiencePresence()`); or pass `members` (and `occupancy`,
 * `status`, ...) from your own data. Import the styles once:
 * `import '@audience-presence/react/audience-list.css'`.
 *
 * @example
 * <AudiencePresenceProvider appId={APP_ID} userId="ana">
 *   <AudienceList onRetry={retry} />
 * </AudiencePresenceProvider>
 * <AudienceList members={members} occupancy={48_212} status="connected" />
 */
export function AudienceList<S extends MemberState = MemberState>(props: AudienceListProps<S>) {
  const { members } = props;
  if (members !== undefined) return <AudienceListView {...props} members={members} />;
  return <ConnectedAudienceList {...props} />;
}

/**
 * The provider-backed list: hosts and audience already apart (no split pass),
 * the audience count from Agora's `totalOccupancy`, status, staleness and error
 * from the store. Explicit props win over the provider's values.
 */
function ConnectedAudienceList<S extends MemberState>(props: AudienceListProps<S>) {
  const presence = useAudiencePresence<S>();
  return (
    <AudienceListView<S>
      {...props}
      {...presenceListStatus(presence, props)}
      members={presence.audience}
      hosts={props.hosts ?? presence.hosts}
      occupancy={props.occupancy ?? presence.occupancy}
      audienceCount={props.audienceCount ?? presence.count}
    />
  );
}
