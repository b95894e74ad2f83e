import type { CSSProperties, ReactNode } from 'react';
import type { MemberState } from '@audience-presence/core';
import { AudienceListItem, type AudienceListRenderItem } from './audience-list-item';
import type { AudienceListModel } from './audience-list-model';
import { partClass, type AudienceListClassNames } from './class-names';
import { getAvatarUrl } from './display';
import type { RowLayout } from './row-layout';
import type { VirtualRow } from './use-row-virtualizer';

/**
 * The rendered virtual rows: decorative section headings, then one `list`
 * per section holding its member rows (`listitem`s with position and roving
 * tabindex). Everything it needs comes in as props.
 */
export function AudienceListRows<S extends MemberState>(props: {
  items: readonly VirtualRow[];
  layout: RowLayout<S>;
  model: AudienceListModel<S>;
  rowHeight: number;
  activeIndex: number;
  stale: boolean;
  avatarKey: string;
  hostsText: string;
  watchingText: string;
  hostLabel: string;
  renderItem: AudienceListRenderItem<S> | undefined;
  classNames: AudienceListClassNames | undefined;
  rowRef: (userId: string, node: HTMLElement | null) => void;
  onActivate: (userId: string, memberIndex: number) => void;
}) {
  const { layout, model, classNames, renderItem } = props;
  const hostRows: ReactNode[] = [];
  const audienceRows: ReactNode[] = [];
  const headings: ReactNode[] = [];
  for (const item of props.items) {
    const row = layout.rowAt(item.index);
    if (row === undefined) continue;
    const position: CSSProperties = {
      transform: `translateY(${item.start}px)`,
      height: props.rowHeight,
    };
    if (row.type === 'heading') {
      headings.push(
        // Decorative: each list carries the same words as its accessible name.
        <div
          key={`heading-${row.section}`}
          className={partClass('heading', classNames)}
          style={position}
          aria-hidden="true"
        >
          {row.section === 'hosts' ? props.hostsText : props.watchingText}
        </div>,
      );
      continue;
    }
    const { member } = row;
    const section = row.section === 'hosts' ? model.sections[0] : model.sections[1];
    const isActive = row.memberIndex === props.activeIndex;
    const info = {
      displayName: model.displayName(member),
      avatarUrl: getAvatarUrl(member, props.avatarKey),
      section: row.section,
      index: row.index,
      active: isActive,
      stale: props.stale,
    };
    const el = (
      <div
        key={member.userId}
        ref={(node) => props.rowRef(member.userId, node)}
        role="listitem"
        aria-setsize={section.members.length}
        aria-posinset={row.index + 1}
        tabIndex={isActive ? 0 : -1}
        data-user-id={member.userId}
        data-role={member.role}
        className={partClass('row', classNames, isActive ? 'active' : undefined)}
        style={position}
        onClick={() => props.onActivate(member.userId, row.memberIndex)}
      >
        {renderItem ? (
          renderItem(member, info)
        ) : (
          <AudienceListItem
            member={member}
            info={info}
            hostLabel={props.hostLabel}
            classNames={classNames}
          />
        )}
      </div>
    );
    (row.section === 'hosts' ? hostRows : audienceRows).push(el);
  }
  return (
    <>
      {headings}
      {hostRows.length > 0 ? (
        <div
          role="list"
          aria-label={props.hostsText}
          className={partClass('list', classNames, 'hosts')}
        >
          {hostRows}
        </div>
      ) : null}
      {audienceRows.length > 0 ? (
        <div
          role="list"
          aria-label={props.watchingText}
          className={partClass('list', classNames, 'audience')}
        >
          {audienceRows}
        </div>
      ) : null}
    </>
  );
}
