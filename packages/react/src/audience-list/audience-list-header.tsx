import { useId } from 'react';
import { partClass, type AudienceListClassNames } from './class-names';
import type { AudienceListLabels } from './labels';
import type { AudienceListSort } from './member-sorter';

/** The summary line ("2 hosts · 48,210 watching") and the search and sort controls. */
export function AudienceListHeader(props: {
  summary: string | null;
  searchable: boolean;
  sortable: boolean;
  query: string;
  onQueryChange: (query: string) => void;
  sort: AudienceListSort;
  onSortChange: (sort: AudienceListSort) => void;
  labels: AudienceListLabels;
  classNames: AudienceListClassNames | undefined;
}) {
  const { summary, searchable, sortable, labels, classNames } = props;
  const searchId = useId();
  const sortId = useId();
  return (
    <div className={partClass('header', classNames)}>
      {summary !== null ? <p className={partClass('summary', classNames)}>{summary}</p> : null}
      {summary !== null && (searchable || sortable) ? (
        <div className={partClass('controls', classNames)}>
          {searchable ? (
            <>
              <label htmlFor={searchId} className="ap-visually-hidden">
                {labels.search}
              </label>
              <input
                id={searchId}
                type="search"
                className={partClass('search', classNames)}
                placeholder={labels.search}
                value={props.query}
                autoComplete="off"
                spellCheck={false}
                onChange={(e) => props.onQueryChange(e.target.value)}
              />
            </>
          ) : null}
          {sortable ? (
            <>
              <label htmlFor={sortId} className="ap-visually-hidden">
                {labels.sort}
              </label>
              <select
                id={sortId}
                className={partClass('sort', classNames)}
                value={props.sort}
                onChange={(e) =>
                  props.onSortChange(e.target.value === 'name' ? 'name' : 'join-time')
                }
              >
                <option value="join-time">{labels.sortJoinTime}</option>
                <option value="name">{labels.sortName}</option>
              </select>
            </>
          ) : null}
        </div>
      ) : null}
    </div>
  );
}
