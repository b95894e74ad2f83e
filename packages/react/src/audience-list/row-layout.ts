import type { Member, MemberState } from '@audience-presence/core';
import type { AudienceListModel } from './audience-list-model';

/** One virtual row: a section heading or a member. */
export type AudienceListRow<S extends MemberState = MemberState> =
  | { readonly type: 'heading'; readonly section: 'hosts' | 'audience' }
  | {
      readonly type: 'member';
      readonly section: 'hosts' | 'audience';
      readonly member: Member<S>;
      /** 0-based position inside its section */
      readonly index: number;
      /** 0-based position among all member rows (hosts, then audience) */
      readonly memberIndex: number;
    };

/**
 * Maps virtual row indexes to sections without building a 100,000-row array:
 * `[hosts heading, ...hosts, audience heading, ...audience]`, where headings
 * appear only when there are host rows (otherwise the summary says it all).
 */
export interface RowLayout<S extends MemberState = MemberState> {
  readonly count: number;
  readonly memberCount: number;
  rowAt(index: number): AudienceListRow<S> | undefined;
  /** Virtual row index of the n-th member row. */
  rowIndexOfMember(memberIndex: number): number;
  memberAt(memberIndex: number): Member<S> | undefined;
  /** Member index of a userId, or -1. O(n): call it for one member, not per row. */
  memberIndexOf(userId: string): number;
}

/** Builds the {@link RowLayout} of a model. O(1). */
export function createRowLayout<S extends MemberState>(model: AudienceListModel<S>): RowLayout<S> {
  const hosts = model.sections[0].members;
  const audience = model.sections[1].members;
  const headings = hosts.length > 0;
  const h = hosts.length;
  const a = audience.length;
  const audienceStart = headings ? h + 2 : 0; // first audience member row
  const count = headings ? h + a + (a > 0 ? 2 : 1) : a;

  const memberAt = (i: number): Member<S> | undefined => (i < h ? hosts[i] : audience[i - h]);

  return {
    count,
    memberCount: h + a,
    memberAt,
    rowIndexOfMember: (i) => (headings ? (i < h ? i + 1 : i + 2) : i),
    memberIndexOf(userId) {
      const inHosts = hosts.findIndex((m) => m.userId === userId);
      if (inHosts >= 0) return inHosts;
      const inAudience = audience.findIndex((m) => m.userId === userId);
      return inAudience >= 0 ? h + inAudience : -1;
    },
    rowAt(index) {
      if (index < 0 || index >= count) return undefined;
      if (headings) {
        if (index === 0) return { type: 'heading', section: 'hosts' };
        if (index <= h) {
          const member = hosts[index - 1]!;
          return {
            type: 'member',
            section: 'hosts',
            member,
            index: index - 1,
            memberIndex: index - 1,
          };
        }
        if (index === h + 1) return { type: 'heading', section: 'audience' };
      }
      const i = index - audienceStart;
      const member = audience[i]!;
      return { type: 'member', section: 'audience', member, index: i, memberIndex: h + i };
    },
  };
}
