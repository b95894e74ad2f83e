import type { MemberState } from '@audience-presence/core';
import { AudienceListView, type AudienceListViewProps } from './audience-list-view';

/** Props of {@link AudienceList}. */
export type AudienceListProps<S extends MemberState = MemberState> = AudienceListViewProps<S>;

/**
 * Who is watching: hosts and audience, virtualized for 100,000 members.
 *
 * Pass `members` (and `occupancy`, `status`, ...) from your own data or from
 * `useAudiencePresence`. Import the styles once:
 * `import '@audience-presence/react/audience-list.css'`.
 *
 * @example
 * <AudienceList members={members} occupancy={occupancy} status={status} onRetry={retry} />
 */
export function AudienceList<S extends MemberState = MemberState>(props: AudienceListProps<S>) {
  return <AudienceListView {...props} />;
}
