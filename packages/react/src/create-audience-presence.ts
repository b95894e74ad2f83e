import type {
  DualChannelOptions,
  LeaveReason,
  Member,
  MemberState,
  Role,
} from '@audience-presence/core';
import type { ReactNode } from 'react';
import {
  AudiencePresenceProvider,
  type AudiencePresenceProviderProps,
} from './audience-presence-provider';
import type { AudiencePresence, PresenceStateOf } from './presence-types';
import { useAudienceCount, usePresenceCounts } from './use-audience-count';
import { useAudiencePresence } from './use-audience-presence';
import { useDualChannel, type DualChannel } from './use-dual-channel';
import { useMember, useSelf } from './use-member';
import { useMemberIds } from './use-member-ids';
import { usePresenceListener, type PresenceListenerOptions } from './use-presence-listener';
import { usePresenceStatus } from './use-presence-status';
import { usePresenceStore } from './use-presence-store';
import type { EqualityFn } from './use-store-selector';

/** A presence change whose members carry the app's state type `S`. */
export type TypedPresenceChange<S extends MemberState> =
  | { readonly type: 'join'; readonly member: Member<S> }
  | { readonly type: 'leave'; readonly member: Member<S>; readonly reason: LeaveReason }
  | { readonly type: 'timeout'; readonly member: Member<S> }
  | { readonly type: 'state'; readonly member: Member<S>; readonly previous: Member<S> }
  | { readonly type: 'role'; readonly member: Member<S>; readonly previous: Role };

/** The typed hooks and provider {@link createAudiencePresence} returns. */
export interface TypedAudiencePresence<S extends MemberState> {
  /** The package's {@link AudiencePresenceProvider} (the same component). */
  AudiencePresenceProvider: (props: AudiencePresenceProviderProps) => ReactNode;
  /** {@link useDualChannel}, with `state` checked against `S`. */
  useDualChannel(
    options:
      (Omit<DualChannelOptions, 'state'> & { readonly state?: Partial<S> }) | null | undefined,
  ): DualChannel;
  /** {@link useAudiencePresence}, with members typed `Member<S>`. */
  useAudiencePresence: {
    (): AudiencePresence<S>;
    <T>(selector: (state: PresenceStateOf<S>) => T, isEqual?: EqualityFn<T>): T;
  };
  /** {@link useAudienceCount} (no member types involved). */
  useAudienceCount: typeof useAudienceCount;
  /** {@link usePresenceCounts} (no member types involved). */
  usePresenceCounts: typeof usePresenceCounts;
  /** {@link useMember}, returning `Member<S>`. */
  useMember(userId: string): Member<S> | null;
  /** {@link useSelf}, returning `Member<S>`. */
  useSelf(): Member<S> | null;
  /** {@link useMemberIds} (no member types involved). */
  useMemberIds: typeof useMemberIds;
  /** {@link usePresenceStatus} (no member types involved). */
  usePresenceStatus: typeof usePresenceStatus;
  /** {@link usePresenceListener}, whose changes carry `Member<S>`. */
  usePresenceListener(
    listener: (change: TypedPresenceChange<S>) => void,
    options?: PresenceListenerOptions,
  ): void;
  /** {@link usePresenceStore} (no member types involved). */
  usePresenceStore: typeof usePresenceStore;
}

/**
 * Declares the app's member state shape once; every returned hook is typed
 * with it. It costs nothing at runtime: the hooks and provider are the
 * package's own (so they share one context with the untyped exports).
 *
 * @example
 * type Viewer = { name: string; avatar?: string; role: 'host' | 'audience' };
 * export const { AudiencePresenceProvider, useAudiencePresence, useMember } = createAudiencePresence<Viewer>();
 * const { audience } = useAudiencePresence(); // audience[0].state.name: string
 */
export function createAudiencePresence<
  S extends MemberState = MemberState,
>(): TypedAudiencePresence<S> {
  return {
    AudiencePresenceProvider,
    useDualChannel: useDualChannel as TypedAudiencePresence<S>['useDualChannel'],
    useAudiencePresence: useAudiencePresence as TypedAudiencePresence<S>['useAudiencePresence'],
    useAudienceCount,
    usePresenceCounts,
    useMember: useMember<S>,
    useSelf: useSelf<S>,
    useMemberIds,
    usePresenceStatus,
    usePresenceListener: usePresenceListener as TypedAudiencePresence<S>['usePresenceListener'],
    usePresenceStore,
  };
}
