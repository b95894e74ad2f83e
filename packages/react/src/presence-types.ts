import type {
  ConnectionStatus,
  Member,
  MemberState,
  Occupancy,
  PresenceCounts,
  PresenceError,
  PresenceState,
} from '@audience-presence/core';

/** {@link PresenceState} with members typed by the app's state shape `S`. */
export type PresenceStateOf<S extends MemberState = MemberState> = Omit<
  PresenceState,
  'members'
> & {
  readonly members: ReadonlyMap<string, Member<S>>;
};

/** Everything `useAudiencePresence()` returns. Lists keep their identity while unchanged. */
export interface AudiencePresence<S extends MemberState = MemberState> {
  /** everyone, hosts and audience, in join order (the local user included) */
  readonly members: readonly Member<S>[];
  /** members who are not hosts; the local user is left out unless the provider says `includeSelfInAudience` */
  readonly audience: readonly Member<S>[];
  /** members whose role is 'host' (RTC says so, or their own RTM state) */
  readonly hosts: readonly Member<S>[];
  /**
   * the audience COUNT: from Agora's `totalOccupancy` in big channels (interval
   * mode), so it can exceed `audience.length`
   */
  readonly count: number;
  /** hosts, audience and total counts */
  readonly counts: PresenceCounts;
  /** the channel's size and where that figure came from */
  readonly occupancy: Occupancy;
  /** the local user as a member, once RTM reports it */
  readonly self: Member<S> | null;
  /** connection status of the presence source */
  readonly status: ConnectionStatus;
  /** true while the list is kept but may be out of date (reconnecting) */
  readonly stale: boolean;
  /** store-clock ms since when the list is stale, null when fresh */
  readonly staleSince: number | null;
  /** the last error (`code` + `cause`), or null */
  readonly error: PresenceError | null;
  /** whether a full list has arrived since the last join */
  readonly synced: boolean;
}
