import type { ReactNode } from 'react';
import type { Member, MemberState } from '@audience-presence/core';
import { Avatar } from './avatar';
import { partClass, type AudienceListClassNames } from './class-names';

/** What a row renderer gets besides the member. */
export interface AudienceListItemInfo {
  /** Plain-text display name (state[nameKey] or the userId). */
  displayName: string;
  /** Safe avatar URL (http(s) or data:image), or `null`. */
  avatarUrl: string | null;
  /** The section the row is in: hosts first, then the audience. */
  section: 'hosts' | 'audience';
  /** 0-based position inside its section. */
  index: number;
  /** The row holds the keyboard focus position (roving tabindex). */
  active: boolean;
  /** The list is showing stale data (reconnecting). */
  stale: boolean;
}

/** Custom row content. The returned node goes inside the row's `listitem`. */
export type AudienceListRenderItem<S extends MemberState = MemberState> = (
  member: Member<S>,
  info: AudienceListItemInfo,
) => ReactNode;

/** Props of {@link AudienceListItem}. */
export interface AudienceListItemProps<S extends MemberState = MemberState> {
  /** The member the row shows. */
  member: Member<S>;
  /** The row's display name, avatar, section and state. */
  info: AudienceListItemInfo;
  /** Text of the badge on a host's row (`labels.host`). */
  hostLabel: string;
  /** Class names added to the avatar, name and badge parts. */
  classNames?: AudienceListClassNames | undefined;
}

/** The default row: avatar (or initials), name, and a badge for hosts. */
export function AudienceListItem<S extends MemberState>({
  member,
  info,
  hostLabel,
  classNames,
}: AudienceListItemProps<S>) {
  return (
    <>
      <Avatar
        url={info.avatarUrl}
        name={info.displayName}
        className={partClass('avatar', classNames)}
      />
      <span className={partClass('name', classNames)}>{info.displayName}</span>
      {member.role === 'host' ? (
        <span className={partClass('badge', classNames)}>{hostLabel}</span>
      ) : null}
    </>
  );
}
